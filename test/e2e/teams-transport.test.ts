/**
 * Teams transport security through the real teams-ai app over HTTP: with an app id every request
 * needs a valid Bot Framework token (401 otherwise, and nothing happens); malformed activities get a
 * short JSON 400; installing the app remembers where the person can be reached.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_ISSUER } from '../fixtures/fake-bot-connector.js';
import { TENANT_ID } from '../support/teams-client.js';
import { startTeamsE2E, TEAMS_APP_ID, type TeamsE2E } from '../support/teams-e2e-harness.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
});
afterEach(async () => {
  await e.close();
});

const requestCount = () => (e.gatehouse.gatehouse.db.$client.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;
const refCount = () => (e.gatehouse.gatehouse.db.$client.prepare('SELECT count(*) AS n FROM conversation_refs').get() as { n: number }).n;

describe('with an app id, only Bot Framework-signed requests are heard', () => {
  const forged: Array<[string, () => string | null]> = [
    ['no token', () => null],
    ['a token signed by a key the channel does not publish', () => e.connector.signChannelToken({}, { key: e.connector.strangerKey })],
    ['a token for another bot', () => e.connector.signChannelToken({ aud: 'someone-elses-app' })],
    ['a token from another issuer', () => e.connector.signChannelToken({ iss: 'https://evil.example' })],
    ['an expired token', () => e.connector.signChannelToken({ exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 })],
    ['a token for another service URL', () => e.connector.signChannelToken({ serviceurl: 'https://smba.example/evil' })],
    ['garbage', () => 'not-a-jwt'],
  ];
  it.each(forged)('refuses %s with 401 and acts on nothing', async (_name, token) => {
    const res = await e.teams.activity(e.user('alice'), { type: 'message', text: 'request-access prod-db 1h investigating INC-4211 slow queries' }, { token: token() });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized' });
    expect(requestCount()).toBe(0);
    expect(refCount()).toBe(0);
    expect(e.connector.activities).toHaveLength(0);
    expect(e.logs.some((l) => l.event === 'teams.unauthorized')).toBe(true);
  });

  it('accepts a correctly signed message and answers in the personal chat', async () => {
    const res = await e.teams.say(e.user('alice'), 'request-access prod-db 1h investigating INC-4211 slow queries');
    expect(res.status).toBe(200);
    expect(requestCount()).toBe(1);
    // Typed in the personal chat, the request is answered there by its card.
    await e.settle();
    const [card] = e.connector.posts(e.teams.personalChat(e.user('alice')));
    expect(card?.authorized).toBe(true);
    expect(String(card?.activity.summary)).toContain('Request sent: ');
    expect(FAKE_ISSUER).toBe('https://api.botframework.com');
  });
});

describe('malformed activities', () => {
  const bad: Array<[string, unknown]> = [
    ['a body that is not JSON', '{"type": "message", '],
    ['an empty body', ''],
    ['an array', '[]'],
    ['no type', { channelId: 'msteams', serviceUrl: 'http://x', from: { id: '29:a' }, recipient: { id: 'b' }, conversation: { id: 'c' } }],
    ['a service URL that is not a URL', { type: 'message', channelId: 'msteams', serviceUrl: 'javascript:alert(1)', from: { id: '29:a' }, recipient: { id: 'b' }, conversation: { id: 'c' } }],
    ['no conversation', { type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1', from: { id: '29:a' }, recipient: { id: 'b' } }],
  ];
  it.each(bad)('answers %s with a short JSON 400', async (_name, body) => {
    const res = await e.teams.post(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.any(String) });
    expect(res.text.length).toBeLessThan(200);
    expect(res.text).not.toMatch(/at .*\.(js|ts):\d+|<html/i);
    expect(requestCount()).toBe(0);
  });
});

describe('conversation references', () => {
  it('remembers the personal chat, with the email, when the app is installed', async () => {
    const res = await e.teams.install(e.user('dave'));
    expect(res.status).toBe(200);
    const row = e.gatehouse.gatehouse.db.$client.prepare("SELECT * FROM conversation_refs WHERE platform = 'teams'").get() as Record<string, unknown>;
    expect(row).toMatchObject({ conversation_id: 'a:personal-dave', conversation_type: 'personal', email: 'dave@example.com', service_url: e.connector.url, platform_user_id: '29:dave' });
    expect(e.connector.memberLookups).toBe(1);
    // The identity is remembered: the next activity needs no lookup.
    await e.teams.say(e.user('dave'), 'help');
    expect(e.connector.memberLookups).toBe(1);
  });

  it('reports Teams on the health endpoint', async () => {
    const res = await fetch(`${e.gatehouse.url}healthz`);
    expect(((await res.json()) as { teams: string }).teams).toBe('on');
    expect(TEAMS_APP_ID).toMatch(/e2e/);
  });
});

describe('unauthenticated local-test mode', () => {
  it('is off without an app id unless asked for, and then warns loudly and takes unsigned requests', async () => {
    await e.close();
    e = await startTeamsE2E({ unauthenticated: true });
    const warning = e.logs.find((l) => l.event === 'teams.unauthenticated');
    expect(warning?.level).toBe('warn');
    expect(String(warning?.fields?.warning)).toMatch(/Local tests only/);
    const res = await e.teams.activity(e.user('alice'), { type: 'message', text: 'help' }, { token: null });
    expect(res.status).toBe(200);
    const [reply] = e.connector.posts(e.teams.personalChat(e.user('alice')));
    // Nothing to authenticate with: the bot's own calls carry no token either.
    expect(reply?.authorized).toBe(false);
    const health = (await (await fetch(`${e.gatehouse.url}healthz`)).json()) as { teams: string };
    expect(health.teams).toBe('unauthenticated');
  });
});

describe('single-tenant bots', () => {
  it('serve their own tenant and refuse a validly signed activity from another with 403', async () => {
    await e.close();
    e = await startTeamsE2E({ tenantId: TENANT_ID });
    expect((await e.teams.say(e.user('alice'), 'help')).status).toBe(200);
    const res = await e.teams.activity(e.user('alice'), {
      type: 'message',
      text: 'request-access prod-db 1h investigating INC-4211 slow queries',
      conversation: { id: 'a:personal-alice', conversationType: 'personal', tenantId: 'another-tenant' },
      channelData: { tenant: { id: 'another-tenant' } },
    });
    expect(res.status).toBe(403);
    expect(requestCount()).toBe(0);
    expect(e.logs.some((l) => l.event === 'teams.wrong_tenant')).toBe(true);
  });
});
