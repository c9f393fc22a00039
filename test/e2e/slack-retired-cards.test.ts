/**
 * Buttons that no longer apply leave the cards that carry them, from Slack end to end: the
 * requester's Cancel once the request is decided, the approvers' Approve and Deny once it is
 * withdrawn or expires, and the technician's Document session once the session is documented. Also
 * what a request typed in the DM with Gatehouse (access or support) answers, and how the closure
 * names the scope.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, DENY_FIELD, MODAL, SUPPORT_FIELD } from '../../views/action-ids.js';
import type { FakeSlackMessage } from '../fixtures/fake-slack-api.js';
import { buttonValue, buttonsIn } from '../support/slack-blocks.js';
import { startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';
import type { SlackResponse, ViewSubmissionInput } from '../support/slack-signed-client.js';
import { approvalCards, click, dmsTo, ephemeralsTo, H, latestRequestOf, MIN, quiesce, requestInline, requestRow, shown, trackListeners } from './e2e-steps.js';

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';
const actionIds = (m: { blocks: unknown[] | undefined }): string[] => buttonsIn(m.blocks).map((b) => b.action_id);
const now = (m: FakeSlackMessage): FakeSlackMessage => e.slack.message(m.channel, m.ts)!;

/** alice's card in her DM that offered Cancel for this request when it was posted. */
function cancelCards(requestId: string): FakeSlackMessage[] {
  return dmsTo(e, 'alice').filter((m) => buttonValue(m.history[0]?.blocks ?? m.blocks, ACTION.cancelRequest) === requestId);
}

async function deny(person: 'dave' | 'erin', requestId: string, reason: string): Promise<void> {
  const card = approvalCards(e, requestId).find((c) => c.channel === e.dm(person))!;
  await click(e, person, ACTION.deny, requestId, card);
  await e.slack.waitFor('views.open');
  const res = await e.client.viewSubmission({
    userId: userId(person),
    callbackId: MODAL.deny,
    privateMetadata: requestId,
    values: { [DENY_FIELD.reason]: { [DENY_FIELD.reason]: { type: 'plain_text_input', value: reason } } },
  });
  expect(res.body).toBe('');
  await quiesce(e);
}

describe("the requester's Request sent card", () => {
  it('loses Cancel once approved, says by whom, and the approval still arrives as a new message', async () => {
    const requestId = await requestInline(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards(requestId);
    expect(sent!.text).toMatch(/^Request sent/);
    expect(actionIds(sent!)).toEqual([ACTION.cancelRequest]);

    await click(e, 'dave', ACTION.approve, requestId, approvalCards(e, requestId).find((c) => c.channel === e.dm('dave'))!);
    await quiesce(e);
    expect(requestRow(e, requestId).status).toBe('approved');

    const card = now(sent!);
    expect(card.edits).toBe(1);
    expect(actionIds(card)).toEqual([]);
    expect(card.text).toMatch(/^Request approved: /);
    expect(shown(card)).toContain('Approved by dave@example.com.');
    expect(dmsTo(e, 'alice').filter((m) => m.text.startsWith('Approved:'))).toHaveLength(1);
  });

  it('with two approvals needed, both the sent card and the approval-recorded card lose Cancel', async () => {
    const requestId = await requestInline(e, 'bob', 'prod-db-write 1h rotating credentials for INC-77');
    const bobCancel = () => dmsTo(e, 'bob').filter((m) => buttonValue(m.history[0]?.blocks ?? m.blocks, ACTION.cancelRequest) === requestId);
    for (const approver of ['alice', 'carol'] as const) {
      await click(e, approver, ACTION.approve, requestId, approvalCards(e, requestId).find((c) => c.channel === e.dm(approver))!);
      await quiesce(e);
    }
    expect(requestRow(e, requestId).status).toBe('approved');
    const cards = bobCancel();
    expect(cards.map((m) => m.history[0]!.text.split(':')[0])).toEqual(['Request sent', 'Approval recorded']);
    for (const card of cards) {
      expect(actionIds(card)).toEqual([]);
      expect(shown(card)).toContain('Approved by alice@example.com and carol@example.com.');
    }
  });

  it('loses Cancel once denied, and says by whom and why', async () => {
    const requestId = await requestInline(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards(requestId);
    await deny('dave', requestId, 'Use the read replica for this.');

    const card = now(sent!);
    expect(actionIds(card)).toEqual([]);
    expect(card.text).toMatch(/^Request denied: /);
    expect(shown(card)).toContain('Denied by dave@example.com.');
    expect(shown(card)).toContain('Use the read replica for this.');
  });

  it('loses Cancel once cancelled; every approver card loses Approve and Deny and says it was cancelled', async () => {
    const requestId = await requestInline(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards(requestId);
    await click(e, 'alice', ACTION.cancelRequest, requestId, sent!);
    await quiesce(e);
    expect(requestRow(e, requestId).status).toBe('cancelled');

    expect(actionIds(now(sent!))).toEqual([]);
    expect(shown(now(sent!))).toContain('You cancelled this request.');
    const approverCards = approvalCards(e, requestId);
    expect(approverCards.map((c) => c.channel).sort()).toEqual(['C0APPROVALS', e.dm('dave'), e.dm('erin'), e.dm('mallory')].sort());
    for (const card of approverCards) {
      expect(card.edits).toBe(1);
      expect(actionIds(card)).toEqual([]);
      expect(card.text).toMatch(/^Cancelled/);
    }
  });

  it('loses Cancel once expired; every approver card loses Approve and Deny and says it expired', async () => {
    const requestId = await requestInline(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards(requestId);
    await e.sweepAfter(2 * H + MIN);
    await quiesce(e);
    expect(requestRow(e, requestId).status).toBe('expired');

    expect(actionIds(now(sent!))).toEqual([]);
    expect(shown(now(sent!))).toContain('Nobody decided this request in time, so it expired.');
    const approverCards = approvalCards(e, requestId);
    expect(approverCards).toHaveLength(4);
    for (const card of approverCards) {
      expect(card.edits).toBe(1);
      expect(actionIds(card)).toEqual([]);
      expect(card.text).toMatch(/^Expired/);
    }
  });
});

describe('a request typed in the DM with Gatehouse', () => {
  it('is answered by the Request sent card alone; typed elsewhere it still gets a private reply', async () => {
    const inDm = await e.client.slashCommand({ command: '/request-access', text: `prod-db 2h ${JUSTIFICATION}`, userId: userId('alice'), channelId: e.dm('alice') });
    expect(inDm.status).toBe(200);
    expect(inDm.body).toBe('');
    await quiesce(e);
    const first = latestRequestOf(e, 'alice');
    expect(dmsTo(e, 'alice').map((m) => m.text.split(':')[0])).toEqual(['Request sent']);
    expect(cancelCards(first)).toHaveLength(1);
    expect(ephemeralsTo(e, 'alice')).toEqual([]);

    // In a DM with someone else, the card still goes to the DM with Gatehouse, so the reply says so.
    const elsewhere = await e.client.slashCommand({ command: '/request-access', text: `prod-db 1h ${JUSTIFICATION}`, userId: userId('alice'), channelId: e.dm('bob') });
    expect(JSON.stringify(elsewhere.json)).toContain('Request sent: prod-db for 1h');
    await quiesce(e);
    expect(latestRequestOf(e, 'alice')).not.toBe(first);

    // A slow Slack does not hold the answer up: past the check's limit the reply is simply kept.
    e.slack.setDelay('conversations.open', 2_500);
    const started = Date.now();
    const slow = await e.client.slashCommand({ command: '/request-access', text: `prod-db 30m ${JUSTIFICATION}`, userId: userId('alice'), channelId: e.dm('alice') });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(JSON.stringify(slow.json)).toContain('Request sent: prod-db for 30m');
    e.slack.setDelay('conversations.open', 0);
    await quiesce(e);

    // A refusal is still answered where it was typed.
    const refused = await e.client.slashCommand({ command: '/request-access', text: 'nosuch 1h just because of reasons', userId: userId('alice'), channelId: e.dm('alice') });
    expect(JSON.stringify(refused.json)).toMatch(/nosuch/);
  });
});

// ---- remote support ------------------------------------------------------------------------

type Who = 'alice' | 'tom';
const SUPPORT_CHANNEL = 'C0SUPPORT';
const DEVICE = 'LAPTOP-ALICE-7';
const uid = (who: Who | 'tina' | 'uma' | 'lena'): string => `U${who.toUpperCase()}`;
const dmOf = (who: Who): string => e.slack.dmChannelOf(uid(who));
const tomDms = (): FakeSlackMessage[] => e.slack.messages.filter((m) => m.channel === dmOf('tom'));

function cardWith(channel: string, actionId: string, value: string): FakeSlackMessage {
  const card = e.slack.messages.find((m) => m.channel === channel && [m.blocks, ...m.history.map((h) => h.blocks)].some((blocks) => buttonValue(blocks, actionId) === value));
  if (!card) throw new Error(`no message in ${channel} with ${actionId}=${value}`);
  return card;
}

async function press(who: Who, actionId: string, value: string, on: { channel: string; ts: string }): Promise<void> {
  const res = await e.client.blockAction({ userId: uid(who), actionId, value, channelId: on.channel, messageTs: on.ts });
  expect(res.status).toBe(200);
  await quiesce(e);
}

type View = { id: string; callback_id?: string; private_metadata?: string };
function openedView(callbackId: string): View {
  const call = e.slack.callsOf('views.open').filter((c) => c.response.ok && (c.params.view as View).callback_id === callbackId).at(-1);
  if (!call) throw new Error(`no ${callbackId} modal was opened`);
  return call.response.view as View;
}

async function submit(who: Who, view: View, values: ViewSubmissionInput['values']): Promise<SlackResponse> {
  const res = await e.client.viewSubmission({ userId: uid(who), callbackId: view.callback_id!, privateMetadata: view.private_metadata ?? '', viewId: view.id, values });
  expect(res.status).toBe(200);
  await quiesce(e);
  return res;
}

const text = (value: string) => ({ type: 'plain_text_input', value });

/** alice files, tom claims and scopes (control, no admin rights), alice allows: tom's live card. */
async function liveSession(): Promise<{ sessionId: string; tomLive: FakeSlackMessage }> {
  for (const name of ['tina', 'tom', 'uma', 'lena'] as const) e.slack.addUser({ id: uid(name), email: `${name}@example.com`, name });
  const res = await e.client.slashCommand({ command: '/need-support', text: 'my VPN drops every few minutes', userId: uid('alice'), channelId: 'CGENERAL' });
  const sessionId = /\((sup_[A-Za-z0-9]+)\)/.exec(JSON.stringify(res.json ?? ''))![1]!;
  await quiesce(e);
  await press('tom', ACTION.claimSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId));
  await press('tom', ACTION.defineScope, sessionId, cardWith(dmOf('tom'), ACTION.defineScope, sessionId));
  await submit('tom', openedView(MODAL.scope), {
    [SUPPORT_FIELD.device]: { [SUPPORT_FIELD.device]: text(DEVICE) },
    [SUPPORT_FIELD.interaction]: { [SUPPORT_FIELD.interaction]: { type: 'radio_buttons', selected_option: { value: 'control' } } },
    [SUPPORT_FIELD.adminRights]: { [SUPPORT_FIELD.adminRights]: { type: 'checkboxes', selected_options: [] } },
    [SUPPORT_FIELD.prohibitedActions]: { [SUPPORT_FIELD.prohibitedActions]: text('copy personal files') },
  });
  await press('alice', ACTION.allowSession, sessionId, cardWith(dmOf('alice'), ACTION.allowSession, sessionId));
  expect(e.gatehouse.gatehouse.engine.support.get(sessionId)!.status).toBe('active');
  return { sessionId, tomLive: cardWith(dmOf('tom'), ACTION.endSession, sessionId) };
}

describe('a support request typed in the DM with Gatehouse', () => {
  it('is answered by the Support request received card alone; elsewhere, with a slow Slack and on a refusal it still gets a private reply', async () => {
    const inDm = await e.client.slashCommand({ command: '/need-support', text: 'my VPN drops every few minutes', userId: uid('alice'), channelId: dmOf('alice') });
    expect(inDm.status).toBe(200);
    expect(inDm.body).toBe('');
    await quiesce(e);
    const dm = e.slack.messages.filter((m) => m.channel === dmOf('alice'));
    expect(dm).toHaveLength(1);
    expect(dm[0]!.text).toMatch(/^Support request received/);
    expect(actionIds(dm[0]!)).toEqual([ACTION.cancelSupport]);
    expect(ephemeralsTo(e, 'alice')).toEqual([]);

    // In a DM with someone else, the card still goes to the DM with Gatehouse, so the reply says so.
    const elsewhere = await e.client.slashCommand({ command: '/need-support', text: 'the printer is jammed again', userId: uid('alice'), channelId: e.dm('bob') });
    expect(JSON.stringify(elsewhere.json)).toContain('Support request filed');
    await quiesce(e);

    // A slow Slack does not hold the answer up: past the check's limit the reply is simply kept.
    e.slack.setDelay('conversations.open', 2_500);
    const started = Date.now();
    const slow = await e.client.slashCommand({ command: '/need-support', text: 'outlook will not start', userId: uid('alice'), channelId: dmOf('alice') });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(JSON.stringify(slow.json)).toContain('Support request filed');
    e.slack.setDelay('conversations.open', 0);
    await quiesce(e);
    expect(e.gatehouse.gatehouse.db.$client.prepare("SELECT COUNT(*) AS n FROM support_sessions WHERE end_user_email = 'alice@example.com'").get()).toEqual({ n: 3 });

    // A refusal is still answered where it was typed.
    const refused = await e.client.slashCommand({ command: '/need-support', text: 'ab', userId: uid('alice'), channelId: dmOf('alice') });
    expect(JSON.stringify(refused.json)).toMatch(/Describe what is wrong/);
  });
});

describe("the technician's Document session", () => {
  it('leaves the ended card, the idle warning and the reminders once documented, which they then show', async () => {
    const { sessionId, tomLive } = await liveSession();
    // Idle for 15 minutes, then the 3-minute grace: warned, then ended.
    await e.sweepAfter(15 * MIN);
    const warning = tomDms().find((m) => m.text.startsWith('No activity'))!;
    expect(actionIds(warning)).toEqual([ACTION.addNote, ACTION.endSession]);
    await e.sweepAfter(3 * MIN);
    await quiesce(e);
    expect(e.gatehouse.gatehouse.engine.support.get(sessionId)!.status).toBe('ended');
    // Undocumented for four hours: a reminder.
    await e.sweepAfter(4 * H + MIN);
    await quiesce(e);
    const reminder = tomDms().find((m) => m.text.startsWith('Undocumented session'));
    expect(reminder).toBeDefined();

    const offering = [tomLive, warning, reminder!].map(now);
    for (const card of offering) expect(actionIds(card)).toEqual([ACTION.documentSession]);

    await press('tom', ACTION.documentSession, sessionId, reminder!);
    await submit('tom', openedView(MODAL.documentation), {
      [SUPPORT_FIELD.actionsTaken]: { [SUPPORT_FIELD.actionsTaken]: text('reinstalled the VPN client') },
      [SUPPORT_FIELD.outcome]: { [SUPPORT_FIELD.outcome]: text('VPN stays connected') },
      [SUPPORT_FIELD.followUps]: { [SUPPORT_FIELD.followUps]: text('') },
    });
    expect(e.gatehouse.gatehouse.engine.support.get(sessionId)!.documentedAt).not.toBeNull();

    for (const card of offering.map(now)) {
      expect(actionIds(card)).toEqual([]);
      expect(card.text).toMatch(/^Session documented: alice@example.com/);
      expect(shown(card)).toMatch(/Documented by tom@example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    }
    // Nothing in tom's DM offers Document session any more.
    expect(tomDms().flatMap(actionIds)).not.toContain(ACTION.documentSession);
  });
});

describe('the support closure', () => {
  it('names the scope once', async () => {
    const { sessionId, tomLive } = await liveSession();
    await press('tom', ACTION.endSession, sessionId, tomLive);
    await press('tom', ACTION.documentSession, sessionId, now(tomLive));
    await submit('tom', openedView(MODAL.documentation), {
      [SUPPORT_FIELD.actionsTaken]: { [SUPPORT_FIELD.actionsTaken]: text('reinstalled the VPN client') },
      [SUPPORT_FIELD.outcome]: { [SUPPORT_FIELD.outcome]: text('VPN stays connected') },
      [SUPPORT_FIELD.followUps]: { [SUPPORT_FIELD.followUps]: text('') },
    });
    const closures = e.slack.messages.filter((m) => m.text.startsWith('Support session closed'));
    expect(closures).toHaveLength(3);
    for (const closure of closures) {
      const t = shown(closure);
      expect(t).toContain('*Scope*\nfull control');
      expect(t).not.toContain('*Interaction*');
      expect(t).not.toContain('*Admin rights*');
    }
  });
});
