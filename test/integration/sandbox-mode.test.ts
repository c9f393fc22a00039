/**
 * Sandbox mode in process, over real HTTP: it runs only with no platform credentials, listens on
 * loopback only, answers its page only (Host, Origin, content type), parses every input, keeps its
 * Web API behind this run's bot token, and points the example policy's provider at its own port.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningGatehouse } from '../../src/serve.js';
import { sandboxUserId } from '../../src/sandbox/sandbox-people.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/fake-slack-api.js';
import { silentLogger } from '../support/engine-harness.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-mode-'));
  dirs.push(dir);
  return join(dir, 'gatehouse.db');
};
const ALICE = sandboxUserId('alice@example.com');

/** A raw request, so the Host header can be set (fetch will not). */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('sandbox mode', () => {
  let running: RunningGatehouse;
  const page = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    send(running.port, `/sandbox/api/${path}`, { method: 'POST', headers: { host: `127.0.0.1:${running.port}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    running = await serve({ PORT: '0', GATEHOUSE_DB: tempDb(), HOST: '0.0.0.0', GATEHOUSE_SWEEP_CRON: '0 0 1 1 *' }, { logger: silentLogger });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('runs with no credentials, on loopback only whatever HOST says, and serves the page', async () => {
    expect(running.url).toBe(`http://localhost:${running.port}/`);
    expect(running.slack).not.toBeNull();
    expect(running.url).toBe(`http://localhost:${running.port}/`);
    // HOST asked for every interface, yet another address of this machine is refused.
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external, port: running.port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      expect(reached).toBe(false);
    }
    const home = await send(running.port, '/', { headers: { host: `localhost:${running.port}` } });
    expect(home.status).toBe(200);
    expect(home.body).toContain('Gatehouse sandbox');
  });

  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:80' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a form content type (a cross-site form post)', { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('refuses %s', async (_name, headers) => {
    const answer = await page('state', { user: ALICE }, headers);
    expect(answer.status).toBe(403);
  });

  it.each([
    ['command', { user: ALICE, channel: 'C0APPROVALS', text: 'request-access prod-db' }, /text: must start with a slash command/],
    ['command', { user: 'alice', channel: 'C0APPROVALS', text: '/access' }, /user: must be a user id/],
    ['action', { user: ALICE, actionId: 'gatehouse.approve', container: { type: 'message', channel: 'C0APPROVALS', ts: 'yesterday' } }, /container.ts: must be a message ts/],
    ['explain', { email: 'alice@example.com', resource: 'prod-db', duration: 'forever' }, /is not a duration/],
  ])('answers a bad %s with a specific 400', async (path, body, message) => {
    const answer = await page(path, body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(message);
  });

  it('explains a request with the policy, like `gatehouse policy explain`', async () => {
    const answer = await page('explain', { email: 'alice@example.com', resource: 'prod-db', duration: '3h' });
    expect(JSON.parse(answer.body).answer).toMatchObject({ outcome: 'needs_approval', approvalsRequired: 1, approvers: ['dave@example.com', 'erin@example.com'] });
    const auto = await page('explain', { email: 'alice@example.com', resource: 'prod-db', duration: '1h' });
    expect(JSON.parse(auto.body).answer).toMatchObject({ outcome: 'auto_approved' });
  });

  it('keeps its Web API behind this run\'s bot token', async () => {
    for (const authorization of [undefined, 'Bearer xoxb-not-this-run']) {
      const answer = await send(running.port, '/sandbox/slack/api/auth.test', { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: '{}' });
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: 'invalid_auth' });
    }
  });

  it('refuses requests to the bot not signed with this run\'s secret', async () => {
    const body = new URLSearchParams({ command: '/access', text: '', user_id: ALICE, channel_id: 'C0APPROVALS', trigger_id: 't' }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', 'a-guessed-secret').update(`v0:${ts}:${body}`).digest('hex')}`;
    const answer = await send(running.port, '/slack/events', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature }, body });
    expect(answer.status).toBe(401);
  });

  it('runs a request through the real bot: the answer lands in the workspace and the provider call reaches its own port', async () => {
    const answer = await page('command', { user: ALICE, channel: `D${ALICE.slice(1)}`, text: '/request-access prod-db 1h investigating INC-4211 slow queries' });
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
    const dmText = async () => {
      const state = JSON.parse((await page('state', { user: ALICE })).body) as { conversations: Array<{ kind: string; messages: Array<{ text: string }> }> };
      return state.conversations.find((c) => c.kind === 'dm')!.messages.map((m) => m.text).join('\n');
    };
    const deadline = Date.now() + 20_000;
    let calls: Array<{ event: string; grant: { resource: string } }> = [];
    while (Date.now() < deadline) {
      calls = JSON.parse((await page('provider-calls', {})).body).calls;
      if (calls.length > 0 && /Access active/.test(await dmText())) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(calls[0]).toMatchObject({ event: 'grant', grant: { resource: 'prod-db' } });
    expect(await dmText()).toMatch(/Access active: Production database/);
  });
});

describe('with credentials the sandbox never runs', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it.each([
    ['Slack', () => ({ SLACK_SIGNING_SECRET: 'a-real-secret', SLACK_BOT_TOKEN: 'xoxb-real', SLACK_API_URL: slack.slackApiUrl })],
    ['Teams', () => ({ TEAMS_APP_ID: '00000000-0000-0000-0000-000000000000', TEAMS_APP_PASSWORD: 'a-real-password' })],
  ])('%s credentials: no page, no sandbox endpoints', async (_platform, credentials) => {
    const running = await serve({ PORT: '0', GATEHOUSE_DB: tempDb(), GATEHOUSE_SWEEP_CRON: '0 0 1 1 *', ...credentials() }, { logger: silentLogger });
    try {
      for (const [method, path] of [['GET', '/'], ['POST', '/sandbox/api/workspace'], ['POST', '/sandbox/slack/api/auth.test'], ['GET', '/sandbox/assets/app.js']] as const) {
        const answer = await send(running.port, path, { method, headers: { host: `127.0.0.1:${running.port}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
        expect(answer.status, `${method} ${path}`).toBe(404);
      }
    } finally {
      await running.stop();
    }
  });
});
