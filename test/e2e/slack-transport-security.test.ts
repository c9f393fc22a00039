/**
 * What reaches /slack/events before any listener: signature and timestamp checks (401, and nothing
 * happens), malformed bodies (400), and Slack's retried deliveries (acknowledged, acted on once).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { SIGNING_SECRET, startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';
import {
  signSlackRequest,
  withBadSignature,
  withoutSignature,
  withTamperedBody,
  withTimestamp,
  type Forgery,
  type SlackResponse,
} from '../support/slack-signed-client.js';
import { approvalCardIn, quiesce, requestInline, requestRow, rowCount, trackListeners, withWallClockHeld } from './e2e-steps.js';

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

const TEXT = 'prod-db 2h investigating INC-4211 slow queries';

const requestAccess = (forge?: Forgery | Forgery[]): Promise<SlackResponse> =>
  e.client.slashCommand({ command: '/request-access', text: TEXT, userId: userId('alice'), channelId: 'CGENERAL' }, forge ? { forge } : {});

/**
 * Everything a request could have caused: Web API calls, webhook calls, and rows of any kind.
 * (Bolt's own auth.test at start-up is not caused by any request.)
 */
function footprint() {
  return {
    slackCalls: e.slack.calls.filter((c) => c.method !== 'auth.test').length,
    webhookCalls: e.webhook.calls.length,
    requests: rowCount(e, 'requests'),
    approvals: rowCount(e, 'approvals'),
    grants: rowCount(e, 'grants'),
    audit: rowCount(e, 'audit_log'),
    outbox: rowCount(e, 'outbox'),
    deliveries: rowCount(e, 'inbound_deliveries'),
  };
}

const NOTHING = { slackCalls: 0, webhookCalls: 0, requests: 0, approvals: 0, grants: 0, audit: 0, outbox: 0, deliveries: 0 };

describe('signed requests only', () => {
  const forgeries: Array<[string, Forgery | Forgery[]]> = [
    ['a signature made with another secret', withBadSignature],
    ['a timestamp 301 s old', withTimestamp(-301)],
    ['a timestamp 301 s in the future', withTimestamp(301)],
    ['no signature headers at all', withoutSignature],
    ['no timestamp header', { omit: ['timestamp'] }],
    ['no signature header', { omit: ['signature'] }],
    ['a body changed after signing (one byte)', withTamperedBody()],
    ['a body changed after signing (another user)', withTamperedBody((b) => b.replace(`user_id=${userId('alice')}`, `user_id=${userId('bob')}`))],
  ];

  it.each(forgeries)('%s is refused with 401 and leaves no trace', async (_what, forge) => {
    // Signed and checked within the same second, so +301 s is never read as +300 s.
    const res = await withWallClockHeld(() => requestAccess(forge));
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    await quiesce(e);
    expect(footprint()).toEqual(NOTHING);
  });

  it('a timestamp header changed after signing (a replay made to look fresh) is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({ command: '/request-access', text: TEXT, user_id: userId('alice'), channel_id: 'CGENERAL', trigger_id: '1.2.3' }).toString();
    const signedLongAgo = signSlackRequest(SIGNING_SECRET, body, now - 3_600);
    const res = await e.client.raw({ body, contentType: 'application/x-www-form-urlencoded', timestamp: now, signature: signedLongAgo['X-Slack-Signature'] });
    expect(res.status).toBe(401);
    // A signature that is not even shaped like one.
    const junk = await e.client.raw({ body, contentType: 'application/x-www-form-urlencoded', signature: 'v0=' });
    expect(junk.status).toBe(401);
    await quiesce(e);
    expect(footprint()).toEqual(NOTHING);
  });

  it('a correctly signed request 200 s old is still accepted', async () => {
    const res = await withWallClockHeld(() => requestAccess(withTimestamp(-200)));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain('Request sent');
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(1);
  });

  it('the window is 300 s either way, inclusive', async () => {
    for (const offset of [-300, 300]) {
      const res = await withWallClockHeld(() => requestAccess(withTimestamp(offset)));
      expect(res.status, `${offset} s`).toBe(200);
      expect(JSON.stringify(res.json)).toContain('Request sent');
    }
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(2);
  });

  it('a forged approval of a real pending request changes nothing', async () => {
    const requestId = await requestInline(e, 'alice', TEXT);
    const card = approvalCardIn(e, e.dm('dave'), requestId);
    const before = footprint();
    for (const forge of [withBadSignature, withTimestamp(-301), withTamperedBody()]) {
      const res = await e.client.blockAction({ userId: userId('dave'), actionId: ACTION.approve, value: requestId, channelId: card.channel, messageTs: card.ts }, { forge });
      expect(res.status).toBe(401);
    }
    await quiesce(e);
    expect(footprint()).toEqual(before);
    expect(requestRow(e, requestId).status).toBe('pending');
  });

  it('a forged event does not use up its event id: the real delivery is still acted on', async () => {
    const event = { type: 'app_home_opened', user: userId('alice'), channel: e.dm('alice'), tab: 'home' };
    const forged = await e.client.event(event, { eventId: 'Ev0FORGED01', forge: withBadSignature });
    expect(forged.status).toBe(401);
    await quiesce(e);
    expect(footprint()).toEqual(NOTHING);

    const real = await e.client.event(event, { eventId: 'Ev0FORGED01' });
    expect(real.status).toBe(200);
    await quiesce(e);
    expect(e.slack.callsOf('views.publish')).toHaveLength(1);
  });

  it('url_verification answers the challenge only when signed', async () => {
    const ok = await e.client.urlVerification('challenge-token-123');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: 'challenge-token-123' });
    const forged = await e.client.urlVerification('challenge-token-123', { forge: withBadSignature });
    expect(forged.status).toBe(401);
    expect(forged.body).not.toContain('challenge-token-123');
  });
});

describe('malformed bodies', () => {
  it.each([
    ['an interactivity payload that is not JSON', 'application/x-www-form-urlencoded', `payload=${encodeURIComponent('{"type":"block_actions","user":')}`],
    ['an interactivity payload that is a JSON array', 'application/x-www-form-urlencoded', `payload=${encodeURIComponent('[1,2]')}`],
    ['an event body that is not JSON', 'application/json', '{"type":"event_callback","event":'],
    ['an event body that is a JSON string', 'application/json', '"event_callback"'],
  ])('%s, correctly signed, is answered 400 and does nothing', async (_what, contentType, body) => {
    const res = await e.client.raw({ body, contentType });
    expect(res.status).toBe(400);
    await quiesce(e);
    expect(footprint()).toEqual(NOTHING);
  });
});

describe('retried deliveries', () => {
  const homeOpened = { type: 'app_home_opened', user: userId('alice'), channel: 'DALICE', tab: 'home' };

  it('the same event delivered three times (retries 1 and 2) publishes the home once; every delivery gets 200', async () => {
    const first = await e.client.event(homeOpened, { eventId: 'Ev0RETRY0001' });
    expect(first.status).toBe(200);
    await quiesce(e);
    for (const retryNum of [1, 2]) {
      const retry = await e.client.event(homeOpened, { eventId: 'Ev0RETRY0001', retryNum, retryReason: 'http_timeout' });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('x-slack-no-retry')).toBe('1');
    }
    await quiesce(e);
    expect(e.slack.callsOf('views.publish')).toHaveLength(1);
    expect(e.slack.callsOf('views.publish')[0]!.params.user_id).toBe(userId('alice'));
    expect(rowCount(e, 'inbound_deliveries')).toBe(1);

    // A different event id is a new event.
    await e.client.event(homeOpened, { eventId: 'Ev0RETRY0002' });
    await quiesce(e);
    expect(e.slack.callsOf('views.publish')).toHaveLength(2);

    // A retry of a delivery Gatehouse never received (the first was lost) is acted on.
    const lostFirst = await e.client.event(homeOpened, { eventId: 'Ev0RETRY0004', retryNum: 1, retryReason: 'http_error' });
    expect(lostFirst.status).toBe(200);
    await quiesce(e);
    expect(e.slack.callsOf('views.publish')).toHaveLength(3);
  });

  it('retries arriving while the first delivery is still being handled are also dropped', async () => {
    const answers = await Promise.all([
      e.client.event(homeOpened, { eventId: 'Ev0RETRY0003' }),
      e.client.event(homeOpened, { eventId: 'Ev0RETRY0003', retryNum: 1, retryReason: 'http_timeout' }),
      e.client.event(homeOpened, { eventId: 'Ev0RETRY0003', retryNum: 2, retryReason: 'http_timeout' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await quiesce(e);
    expect(e.slack.callsOf('views.publish')).toHaveLength(1);
  });
});
