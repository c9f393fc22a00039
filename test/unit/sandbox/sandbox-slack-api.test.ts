/** The sandbox's pretend Slack: who sees what, trigger ids, edits in place, Slack's refusals, and a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dmChannelId, sandboxChannels, sandboxPeople, sandboxUserId } from '../../../src/sandbox/sandbox-people.js';
import { createSandboxWorkspace, TRIGGER_TTL_MS } from '../../../src/sandbox/sandbox-workspace.js';
import { createSlackWebApi } from '../../../src/sandbox/slack-web-api.js';
import { keepWorkspaceFile, loadWorkspaceFile } from '../../../src/sandbox/workspace-file.js';
import { loadPolicyFile } from '../../../src/policy/load-policy.js';
import { EXAMPLE_POLICY_PATH } from '../../../src/policy/policy-path.js';
import { silentLogger } from '../../support/engine-harness.js';

const policy = loadPolicyFile(EXAMPLE_POLICY_PATH);
const ALICE = sandboxUserId('alice@example.com');
const DAVE = sandboxUserId('dave@example.com');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(now = () => 1_800_000_000_000) {
  const workspace = createSandboxWorkspace({ people: sandboxPeople(policy), channels: sandboxChannels(policy), now });
  const api = createSlackWebApi({ workspace, botToken: 'xoxb-test', baseUrl: () => 'http://127.0.0.1:1/', logger: silentLogger, now });
  return { workspace, api };
}
const section = (text: string) => [{ type: 'section', text: { type: 'mrkdwn', text } }];
const modal = { type: 'modal', callback_id: 'cb', title: { type: 'plain_text', text: 'Form' }, submit: { type: 'plain_text', text: 'Go' }, blocks: section('hello') };

describe('people and channels from the policy', () => {
  it('gives everyone the policy knows a stable user id, their email, and the policy\'s channels', () => {
    const people = sandboxPeople(policy);
    expect(people.find((p) => p.email === 'alice@example.com')).toEqual({ id: ALICE, email: 'alice@example.com', name: 'Alice' });
    expect(people.map((p) => p.email)).toContain('oscar@example.com');
    expect(sandboxUserId('Alice@Example.com')).toBe(ALICE);
    expect(ALICE).toMatch(/^U[0-9A-F]{10}$/);
    expect(sandboxChannels(policy)).toEqual([
      { id: 'C0APPROVALS', name: 'approvals' },
      { id: 'C0AUDIT', name: 'audit' },
      { id: 'C0SUPPORT', name: 'support' },
    ]);
  });
});

describe('the Web API', () => {
  it.each([
    ['users.info', { user: ALICE }, { ok: true, user: { id: ALICE, profile: { email: 'alice@example.com' } } }],
    ['users.info', { user: 'U0NOBODY' }, { ok: false, error: 'user_not_found' }],
    ['users.lookupByEmail', { email: 'DAVE@example.com' }, { ok: true, user: { id: DAVE } }],
    ['users.lookupByEmail', { email: 'nobody@example.com' }, { ok: false, error: 'users_not_found' }],
    ['conversations.open', { users: ALICE }, { ok: true, channel: { id: dmChannelId(ALICE) } }],
    ['conversations.open', { users: `${ALICE},${DAVE}` }, { ok: false, error: 'not_supported' }],
    ['chat.postMessage', { channel: 'C0NOPE', text: 'x' }, { ok: false, error: 'channel_not_found' }],
    ['chat.postMessage', { channel: 'C0APPROVALS', text: '' }, { ok: false, error: 'no_text' }],
    ['chat.postMessage', { channel: 'C0APPROVALS', text: 'x', blocks: [{ type: 'video' }] }, { ok: false, error: 'invalid_blocks' }],
    ['chat.update', { channel: 'C0APPROVALS', ts: '1.000001', text: 'x' }, { ok: false, error: 'message_not_found' }],
    ['views.open', { trigger_id: 'never-issued', view: modal }, { ok: false, error: 'expired_trigger_id' }],
    ['views.publish', { user_id: ALICE, view: modal }, { ok: false, error: 'invalid_arguments' }],
    ['chat.scheduleMessage', {}, { ok: false, error: 'unknown_method' }],
  ])('%s %j', (method, params, expected) => {
    expect(setup().api.call(method, params)).toMatchObject(expected);
  });

  it('posts, then edits in place; a channel message is seen by everyone, a DM and an ephemeral by one person', () => {
    const { workspace, api } = setup();
    const posted = api.call('chat.postMessage', { channel: 'C0APPROVALS', text: 'card', blocks: section('v1') });
    api.call('chat.postMessage', { channel: ALICE, text: 'to alice' });
    api.call('chat.postEphemeral', { channel: 'C0APPROVALS', user: ALICE, text: 'only alice' });
    const edited = api.call('chat.update', { channel: 'C0APPROVALS', ts: posted.ts, text: 'card', blocks: section('v2') });
    expect(edited).toMatchObject({ ok: true, ts: posted.ts });
    const seen = (user: string, channel: string) => workspace.messagesFor(user, channel).map((m) => m.text);
    expect(seen(DAVE, 'C0APPROVALS')).toEqual(['card']);
    expect(seen(ALICE, 'C0APPROVALS')).toEqual(['card', 'only alice']);
    expect(seen(ALICE, dmChannelId(ALICE))).toEqual(['to alice']);
    expect(seen(DAVE, dmChannelId(ALICE))).toEqual([]);
    const message = workspace.message('C0APPROVALS', String(posted.ts))!;
    expect(message.blocks).toEqual(section('v2'));
    expect(message.edits).toBe(1);
  });

  it('exchanges a trigger id once, for the person it was issued to, and only while it is fresh', () => {
    let now = 1_800_000_000_000;
    const { workspace, api } = setup(() => now);
    const trigger = workspace.issueTrigger(ALICE);
    const opened = api.call('views.open', { trigger_id: trigger, view: modal });
    expect(opened).toMatchObject({ ok: true, view: { callback_id: 'cb' } });
    expect(workspace.topView(ALICE)?.id).toBe((opened.view as { id: string }).id);
    expect(workspace.topView(DAVE)).toBeUndefined();
    expect(api.call('views.open', { trigger_id: trigger, view: modal })).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    const late = workspace.issueTrigger(ALICE);
    now += TRIGGER_TTL_MS + 1;
    expect(api.call('views.open', { trigger_id: late, view: modal })).toMatchObject({ ok: false, error: 'expired_trigger_id' });
  });

  it('updates an open view by id, refusing a stale hash', () => {
    const { workspace, api } = setup();
    const opened = api.call('views.open', { trigger_id: workspace.issueTrigger(ALICE), view: { ...modal, callback_id: undefined } }) as { view: { id: string; hash: string } };
    expect(api.call('views.update', { view_id: opened.view.id, hash: 'stale', view: modal })).toMatchObject({ ok: false, error: 'hash_conflict' });
    expect(api.call('views.update', { view_id: opened.view.id, hash: opened.view.hash, view: { ...modal, title: { type: 'plain_text', text: 'Ready' } } })).toMatchObject({ ok: true });
    expect((workspace.topView(ALICE)?.view.title as { text: string }).text).toBe('Ready');
  });

  it('serves response URLs: ephemeral by default, replace_original edits the message, and each expires after 5 uses', async () => {
    const workspace = createSandboxWorkspace({ people: sandboxPeople(policy), channels: sandboxChannels(policy) });
    let base = '';
    const api = createSlackWebApi({ workspace, botToken: 'xoxb-test', baseUrl: () => base, logger: silentLogger });
    const server = createServer(api.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const posted = api.call('chat.postMessage', { channel: 'C0APPROVALS', text: 'card' });
      const url = api.mintResponseUrl({ channel: 'C0APPROVALS', userId: ALICE, messageTs: String(posted.ts) });
      expect(url).toMatch(/\/sandbox\/slack\/response\/[0-9a-f]{36}$/);
      const respond = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await respond({ text: 'just for you' })).status).toBe(200);
      expect(workspace.messagesFor(ALICE, 'C0APPROVALS').map((m) => m.text)).toEqual(['card', 'just for you']);
      expect(workspace.messagesFor(DAVE, 'C0APPROVALS').map((m) => m.text)).toEqual(['card']);
      await respond({ replace_original: true, text: 'decided' });
      expect(workspace.message('C0APPROVALS', String(posted.ts))?.text).toBe('decided');
      for (let i = 0; i < 3; i++) await respond({ text: `again ${i}` });
      expect((await respond({ text: 'a sixth time' })).status).toBe(404);
      expect((await fetch(`${base}sandbox/slack/response/0000`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe('a restart', () => {
  it('keeps messages and App Home tabs beside the database, and new ts stay after the old ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-ws-'));
    dirs.push(dir);
    const path = join(dir, 'gatehouse.db.sandbox-workspace.json');
    const first = setup();
    const saved = keepWorkspaceFile(first.workspace, path, silentLogger);
    const posted = first.api.call('chat.postMessage', { channel: 'C0APPROVALS', text: 'before the restart' });
    first.workspace.publishHome(ALICE, { type: 'home', blocks: section('home') });
    saved.flush();

    const restored = loadWorkspaceFile(path, silentLogger);
    const workspace = createSandboxWorkspace({ people: sandboxPeople(policy), channels: sandboxChannels(policy), restore: restored, now: () => 1 });
    expect(workspace.message('C0APPROVALS', String(posted.ts))?.text).toBe('before the restart');
    expect(workspace.home(ALICE)?.view).toEqual({ type: 'home', blocks: section('home') });
    const later = workspace.post({ channel: 'C0APPROVALS', text: 'after', blocks: null });
    expect(Number(later.ts)).toBeGreaterThan(Number(posted.ts));
  });
});
