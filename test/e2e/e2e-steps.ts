/**
 * Steps shared by the Slack end-to-end tests: people doing things in Slack, and reading back what
 * they now see (in the fake Web API) and what Gatehouse recorded (in its database).
 *
 * Not a test file (vitest collects *.test.ts only).
 */
import { vi } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import type { FakeSlackCall, FakeSlackEphemeral, FakeSlackMessage } from '../fixtures/fake-slack-api.js';
import { buttonValue, textOf } from '../support/slack-blocks.js';
import { userId, type Person, type SlackE2E } from '../support/slack-e2e-harness.js';
import type { SlackResponse } from '../support/slack-signed-client.js';

export const MIN = 60_000;
export const H = 60 * MIN;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Listener runs in progress per harness (Bolt's processEvent resolves once every listener has finished). */
const listenerRuns = new WeakMap<SlackE2E, { inFlight: number }>();

/**
 * Counts Bolt's listener runs. The receiver calls processEvent before any listener can ack, so by the
 * time a test has its HTTP answer the run is already counted, and it stays counted until the
 * listener's work after the ack (identity lookups, the engine, private replies) is done.
 */
function listenerTracker(e: SlackE2E): { inFlight: number } {
  let state = listenerRuns.get(e);
  if (state) return state;
  const tracked = { inFlight: 0 };
  state = tracked;
  listenerRuns.set(e, state);
  const app = e.gatehouse.slack?.app;
  if (!app) throw new Error('Gatehouse runs without Slack');
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    tracked.inFlight += 1;
    try {
      return await processEvent(event);
    } finally {
      tracked.inFlight -= 1;
    }
  };
  return state;
}

/** Call once the harness is up (beforeEach), so every request is tracked from the first. */
export function trackListeners(e: SlackE2E): SlackE2E {
  listenerTracker(e);
  return e;
}

/**
 * Waits until Gatehouse has finished reacting to what was sent: no listener still running, no
 * effect left to deliver, and nothing new seen by the fake Slack API or the webhook receiver
 * across one more short look.
 */
export async function quiesce(e: SlackE2E, quietMs = 15): Promise<void> {
  const tracker = listenerTracker(e);
  const deadline = Date.now() + 20_000;
  let last = -1;
  while (Date.now() < deadline) {
    while (tracker.inFlight > 0 && Date.now() < deadline) await sleep(2);
    await e.settle();
    const seen = e.slack.calls.length + e.webhook.calls.length;
    if (seen === last && tracker.inFlight === 0) return;
    last = seen;
    await sleep(quietMs);
  }
  throw new Error('Gatehouse never went quiet');
}

/** One row of a query on Gatehouse's own database. */
export function dbGet<T = Record<string, unknown>>(e: SlackE2E, sql: string, ...params: unknown[]): T {
  return e.gatehouse.gatehouse.db.$client.prepare(sql).get(...params) as T;
}

export function dbAll<T = Record<string, unknown>>(e: SlackE2E, sql: string, ...params: unknown[]): T[] {
  return e.gatehouse.gatehouse.db.$client.prepare(sql).all(...params) as T[];
}

export function rowCount(e: SlackE2E, table: 'requests' | 'grants' | 'approvals' | 'audit_log' | 'outbox' | 'inbound_deliveries'): number {
  return dbGet<{ n: number }>(e, `select count(*) n from ${table}`).n;
}

export interface AuditRow {
  type: string;
  actor_email: string;
  subject: string | null;
  data: Record<string, unknown>;
}

export function auditRows(e: SlackE2E, type?: string): AuditRow[] {
  const rows = type
    ? dbAll<{ type: string; actor_email: string; subject: string | null; data: string }>(e, 'select type, actor_email, subject, data from audit_log where type = ? order by seq', type)
    : dbAll<{ type: string; actor_email: string; subject: string | null; data: string }>(e, 'select type, actor_email, subject, data from audit_log order by seq');
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

export function requestRow(e: SlackE2E, requestId: string): { status: string; decided_by_email: string | null; decision_reason: string | null } {
  return dbGet(e, 'select status, decided_by_email, decision_reason from requests where id = ?', requestId);
}

export function grantsOf(e: SlackE2E, requestId: string): Array<{ id: string; status: string; end_reason: string | null }> {
  return dbAll(e, 'select id, status, end_reason from grants where request_id = ?', requestId);
}

/** The newest request this person made (as the engine stored it). */
export function latestRequestOf(e: SlackE2E, person: Person): string {
  const row = dbGet<{ id: string } | undefined>(e, 'select id from requests where requester_email = ? order by rowid desc limit 1', `${person}@example.com`);
  if (!row) throw new Error(`${person} has no request`);
  return row.id;
}

/** Everything the bot posted in this person's DM with it, oldest first. */
export function dmsTo(e: SlackE2E, person: Person): FakeSlackMessage[] {
  return e.slack.messages.filter((m) => m.channel === e.dm(person));
}

/** What a message shows now: its fallback text and all the text of its blocks. */
export function shown(message: { text: string; blocks: unknown[] | undefined }): string {
  return `${message.text}\n${textOf(message.blocks)}`;
}

/** Every copy of the approval card of a request (approvers' DMs, the approvals channel), as they look now. */
export function approvalCards(e: SlackE2E, requestId: string): FakeSlackMessage[] {
  return e.slack.messages.filter((m) => buttonValue(m.history[0]?.blocks ?? m.blocks, ACTION.approve) === requestId);
}

export function approvalCardIn(e: SlackE2E, channel: string, requestId: string): FakeSlackMessage {
  const card = approvalCards(e, requestId).find((m) => m.channel === channel);
  if (!card) throw new Error(`no approval card for ${requestId} in ${channel}`);
  return card;
}

export function ephemeralsTo(e: SlackE2E, person: Person): FakeSlackEphemeral[] {
  return e.slack.ephemeralsFor(userId(person));
}

/** The calls that put text in front of people: posts and edits of messages. */
export function messageCalls(e: SlackE2E): FakeSlackCall[] {
  return e.slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
}

export function slash(e: SlackE2E, person: Person, text: string, command = '/request-access'): Promise<SlackResponse> {
  return e.client.slashCommand({ command, text, userId: userId(person), channelId: 'CGENERAL' });
}

/** A request typed inline, with Gatehouse left to deliver every card. Returns the new request's id. */
export async function requestInline(e: SlackE2E, person: Person, text: string): Promise<string> {
  const res = await slash(e, person, text);
  if (res.status !== 200 || !JSON.stringify(res.json).includes('Request sent')) throw new Error(`request refused: ${res.status} ${res.body}`);
  await quiesce(e);
  return latestRequestOf(e, person);
}

/** A person clicks a button on a message they can see. */
export function click(e: SlackE2E, person: Person, actionId: string, value: string, on: { channel: string; ts: string }): Promise<SlackResponse> {
  return e.client.blockAction({ userId: userId(person), actionId, value, channelId: on.channel, messageTs: on.ts });
}

/** The requester's "Access active" DM and the grant id its End now button carries. */
export function activeDm(e: SlackE2E, person: Person): { message: FakeSlackMessage; grantId: string } {
  const message = dmsTo(e, person).find((m) => m.text.startsWith('Access active'));
  const grantId = message ? buttonValue(message.blocks, ACTION.endGrant) : null;
  if (!message || !grantId) throw new Error(`${person} has no "Access active" DM with End now`);
  return { message, grantId };
}

/**
 * Slack timestamps are whole seconds, and the receiver checks them against the real clock: a request
 * signed at x.9 s on a loaded machine can be checked at x+1 s, turning "301 s ahead" into 300. For
 * tests of the exact edge of the window the wall clock (Date only; timers keep running) is held
 * in the middle of one second while the request is signed, sent and checked.
 */
export async function withWallClockHeld<T>(send: () => Promise<T>): Promise<T> {
  const midSecond = Math.floor(Date.now() / 1_000) * 1_000 + 500;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(midSecond);
  try {
    return await send();
  } finally {
    vi.useRealTimers();
  }
}
