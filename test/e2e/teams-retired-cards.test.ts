/**
 * Buttons that no longer apply leave the cards that carry them, in Teams end to end: the requester's
 * Cancel once the request is decided, the approvers' Approve and Deny once it is withdrawn or
 * expires, and the technician's Document session once the session is documented. Also what a
 * request typed in the chat with Gatehouse (access or support) or sent from the request form answers,
 * and how the closure names the scope.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, DENY_FIELD, MODAL, REQUEST_FIELD, SUPPORT_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, TEAMS_APPROVALS_CHANNEL, TEAMS_SUPPORT_CHANNEL, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, chatOf, dbGet, executesOf, H, installAll, latestRequestOf, MIN, nowShown, press, readableOf, say, shownIn, submitForm, typeSupport, type ShownCard } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
  await installAll(e, ['alice', 'bob', 'carol', 'dave', 'erin', 'mallory', 'tom', 'lena']);
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';
const verbsOn = (card: ShownCard) => executesOf(card.card).map((x) => x.verb);
const status = (requestId: string) => dbGet<{ status: string }>(e, 'SELECT status FROM requests WHERE id = ?', requestId).status;

/** Every card in the requester's chat that offered Cancel for this request when it was posted. */
function cancelCards(person: 'alice' | 'bob', requestId: string): ShownCard[] {
  const posted = e.connector.activities.filter((a) => a.method === 'POST' && executesOf(a.activity).some((x) => x.verb === ACTION.cancelRequest && x.data.value === requestId));
  return posted.map((a) => nowShown(e, { id: a.id, conversationId: chatOf(e, person), activity: a.activity, card: null, updates: 0 }));
}

async function requestTyped(person: 'alice' | 'bob', text: string): Promise<string> {
  await say(e, person, `request-access ${text}`);
  await e.settle();
  return latestRequestOf(e, person);
}

/** Every approver copy (their chats and the approvals channel) of the request's approval card. */
function approverCards(requestId: string): ShownCard[] {
  return [chatOf(e, 'dave'), chatOf(e, 'erin'), chatOf(e, 'mallory'), TEAMS_APPROVALS_CHANNEL].map((where) => cardWith(e, where, ACTION.approve, requestId));
}

describe("the requester's Request sent card", () => {
  it('loses Cancel once approved, says by whom, and the approval still arrives as a new message', async () => {
    const requestId = await requestTyped('alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards('alice', requestId);
    expect(readableOf(sent!)).toMatch(/^Request sent/);
    expect(answerOf(await press(e, 'dave', cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId), ACTION.approve, { value: requestId }))).toMatch(/^You approved/);
    await e.settle();
    expect(status(requestId)).toBe('approved');

    const card = nowShown(e, sent!);
    expect(card.updates).toBe(1);
    expect(verbsOn(card)).toEqual([]);
    expect(readableOf(card)).toMatch(/^Request approved: /);
    expect(readableOf(card)).toContain('Approved by dave@example.com.');
    expect(shownIn(e, chatOf(e, 'alice')).filter((s) => readableOf(s).startsWith('Approved:'))).toHaveLength(1);
  });

  it('with two approvals needed, both the sent card and the approval-recorded card lose Cancel', async () => {
    const requestId = await requestTyped('bob', 'prod-db-write 1h rotating credentials for INC-77');
    for (const approver of ['alice', 'carol'] as const) {
      await press(e, approver, cardWith(e, chatOf(e, approver), ACTION.approve, requestId), ACTION.approve, { value: requestId });
      await e.settle();
    }
    expect(status(requestId)).toBe('approved');
    const cards = cancelCards('bob', requestId);
    expect(cards).toHaveLength(2);
    for (const card of cards) {
      expect(verbsOn(card)).toEqual([]);
      expect(readableOf(card)).toContain('Approved by alice@example.com and carol@example.com.');
    }
  });

  it('loses Cancel once denied, and says by whom and why', async () => {
    const requestId = await requestTyped('alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards('alice', requestId);
    const res = await press(e, 'erin', cardWith(e, chatOf(e, 'erin'), MODAL.deny, requestId), MODAL.deny, { value: requestId, [DENY_FIELD.reason]: 'Use the read replica for this.' });
    expect(answerOf(res)).toMatch(/^You denied/);
    await e.settle();

    const card = nowShown(e, sent!);
    expect(verbsOn(card)).toEqual([]);
    expect(readableOf(card)).toMatch(/^Request denied: /);
    expect(readableOf(card)).toContain('Denied by erin@example.com.');
    expect(readableOf(card)).toContain('Use the read replica for this.');
  });

  it('loses Cancel once cancelled; every approver card loses Approve and Deny and says it was cancelled', async () => {
    const requestId = await requestTyped('alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards('alice', requestId);
    const approvers = approverCards(requestId);
    expect(answerOf(await press(e, 'alice', sent!, ACTION.cancelRequest, { value: requestId }))).toMatch(/cancel/i);
    await e.settle();
    expect(status(requestId)).toBe('cancelled');

    expect(verbsOn(nowShown(e, sent!))).toEqual([]);
    expect(readableOf(nowShown(e, sent!))).toContain('You cancelled this request.');
    for (const copy of approvers) {
      const card = nowShown(e, copy);
      expect(card.updates).toBe(1);
      expect(verbsOn(card)).toEqual([]);
      expect(readableOf(card)).toMatch(/^Cancelled/);
    }
  });

  it('loses Cancel once expired; every approver card loses Approve and Deny and says it expired', async () => {
    const requestId = await requestTyped('alice', `prod-db 2h ${JUSTIFICATION}`);
    const [sent] = cancelCards('alice', requestId);
    const approvers = approverCards(requestId);
    await e.sweepAfter(2 * H + MIN);
    await e.settle();
    expect(status(requestId)).toBe('expired');

    expect(verbsOn(nowShown(e, sent!))).toEqual([]);
    expect(readableOf(nowShown(e, sent!))).toContain('Nobody decided this request in time, so it expired.');
    for (const copy of approvers) {
      const card = nowShown(e, copy);
      expect(card.updates).toBe(1);
      expect(verbsOn(card)).toEqual([]);
      expect(readableOf(card)).toMatch(/^Expired/);
    }
  });
});

describe('a request typed in the chat with Gatehouse', () => {
  it('is answered by the Request sent card alone; a refusal is still answered in words', async () => {
    const requestId = await requestTyped('alice', `prod-db 2h ${JUSTIFICATION}`);
    const chat = shownIn(e, chatOf(e, 'alice'));
    expect(chat.map((s) => readableOf(s).split(':')[0])).toEqual(['Request sent']);
    expect(cancelCards('alice', requestId)).toHaveLength(1);

    expect(await say(e, 'alice', 'request-access nosuch 1h just because of reasons')).toMatch(/nosuch/);
  });
});

describe('a support request typed in the chat with Gatehouse', () => {
  it('is answered by the Support request received card alone; a refusal is still answered in words', async () => {
    const before = shownIn(e, chatOf(e, 'alice')).length;
    await say(e, 'alice', 'need-support my VPN drops every few minutes');
    await e.settle();
    const chat = shownIn(e, chatOf(e, 'alice')).slice(before);
    expect(chat).toHaveLength(1);
    expect(readableOf(chat[0]!)).toMatch(/^Support request received/);
    expect(verbsOn(chat[0]!)).toEqual([ACTION.cancelSupport]);

    expect(await say(e, 'alice', 'need-support ab')).toMatch(/Describe what is wrong/);
  });
});

describe('a request sent from the form in the chat with Gatehouse', () => {
  it('turns the form into its sent state instead of repeating the Request sent card; errors are still answered in words', async () => {
    await say(e, 'alice', 'request-access');
    const form = cardWith(e, chatOf(e, 'alice'), MODAL.request);
    const wrong = await submitForm(e, 'alice', form, MODAL.request, { [REQUEST_FIELD.resource]: 'prod-db', [REQUEST_FIELD.duration]: 'forever', [REQUEST_FIELD.justification]: JUSTIFICATION });
    expect(answerOf(wrong)).toMatch(/Use a whole number/);

    const sent = await submitForm(e, 'alice', form, MODAL.request, { [REQUEST_FIELD.resource]: 'prod-db', [REQUEST_FIELD.duration]: '2h', [REQUEST_FIELD.justification]: JUSTIFICATION });
    await e.settle();
    const body = sent.body as { type?: string; value?: Record<string, unknown> };
    expect(sent.status).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    // The form cannot be sent twice, and says nothing the Request sent card does not.
    expect(executesOf(body.value)).toEqual([]);
    expect(JSON.stringify(body.value)).not.toContain('Input.');
    expect(JSON.stringify(body.value)).not.toContain('prod-db');
    const requestId = latestRequestOf(e, 'alice');
    const chat = shownIn(e, chatOf(e, 'alice'));
    expect(chat.map((s) => readableOf(s).split(/[:\n]/)[0])).toEqual(['Request access — choose a resource, how long, and why.', 'Request sent']);
    expect(cancelCards('alice', requestId)).toHaveLength(1);
  });

  it('does the same for the support form: its sent state, and the received card alone in the chat', async () => {
    await say(e, 'alice', 'need-support');
    const form = cardWith(e, chatOf(e, 'alice'), MODAL.needSupport);
    const sent = await submitForm(e, 'alice', form, MODAL.needSupport, { [SUPPORT_FIELD.description]: 'my VPN drops every few minutes' });
    await e.settle();
    const body = sent.body as { type?: string; value?: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(executesOf(body.value)).toEqual([]);
    expect(JSON.stringify(body.value)).toContain('Get support');
    expect(JSON.stringify(body.value)).not.toContain('Input.');
    const chat = shownIn(e, chatOf(e, 'alice'));
    expect(chat.slice(1).map((s) => readableOf(s))).toEqual([expect.stringMatching(/^Support request received/)]);
  });

  it('still answers in words where the Request sent card does not go', async () => {
    await say(e, 'alice', 'request-access');
    const form = cardWith(e, chatOf(e, 'alice'), MODAL.request);
    // A form card that reached a channel somehow: the request's card goes to alice's chat, not here.
    const res = await e.teams.execute(
      e.user('alice'),
      MODAL.request,
      { value: '', [REQUEST_FIELD.resource]: 'prod-db', [REQUEST_FIELD.duration]: '2h', [REQUEST_FIELD.justification]: JUSTIFICATION, [REQUEST_FIELD.breakGlass]: '' },
      { replyToId: form.id, conversationId: TEAMS_APPROVALS_CHANNEL, conversationType: 'channel' },
    );
    expect(answerOf(res)).toMatch(/^Request sent: prod-db for 2h\./);
  });
});

// ---- remote support ------------------------------------------------------------------------

const DEVICE = 'LAPTOP-ALICE-7';

/** alice files, tom claims and scopes (control, no admin rights), alice allows: tom's live card. */
async function liveSession(): Promise<{ sessionId: string; tomLive: ShownCard }> {
  expect(await typeSupport(e, 'alice', 'my VPN drops every few minutes')).toContain('Support request received');
  await e.settle();
  const sessionId = dbGet<{ id: string }>(e, "SELECT id FROM support_sessions WHERE end_user_email = 'alice@example.com' ORDER BY created_at DESC LIMIT 1").id;
  await press(e, 'tom', cardWith(e, TEAMS_SUPPORT_CHANNEL, ACTION.claimSession, sessionId), ACTION.claimSession, { value: sessionId });
  await e.settle();
  await submitForm(e, 'tom', cardWith(e, chatOf(e, 'tom'), MODAL.scope, sessionId), MODAL.scope, {
    [SUPPORT_FIELD.device]: DEVICE,
    [SUPPORT_FIELD.interaction]: 'control',
    [SUPPORT_FIELD.adminRights]: '',
    [SUPPORT_FIELD.prohibitedActions]: 'copy personal files',
  });
  await e.settle();
  await press(e, 'alice', cardWith(e, chatOf(e, 'alice'), ACTION.allowSession, sessionId), ACTION.allowSession, { value: sessionId });
  await e.settle();
  return { sessionId, tomLive: cardWith(e, chatOf(e, 'tom'), ACTION.endSession, sessionId) };
}

const documentation = {
  [SUPPORT_FIELD.actionsTaken]: 'reinstalled the VPN client',
  [SUPPORT_FIELD.outcome]: 'VPN stays connected',
  [SUPPORT_FIELD.followUps]: '',
};

describe("the technician's Document session", () => {
  it('leaves the ended card, the idle warning and the reminders once documented, which they then show', async () => {
    const { sessionId, tomLive } = await liveSession();
    await e.sweepAfter(15 * MIN);
    const warning = shownIn(e, chatOf(e, 'tom')).find((s) => readableOf(s).startsWith('No activity'))!;
    expect(verbsOn(warning)).toContain(ACTION.endSession);
    await e.sweepAfter(3 * MIN);
    await e.sweepAfter(4 * H + MIN);
    await e.settle();
    const reminder = shownIn(e, chatOf(e, 'tom')).find((s) => readableOf(s).startsWith('Undocumented session'))!;
    expect(reminder).toBeDefined();

    const offering = [tomLive, warning, reminder].map((c) => nowShown(e, c));
    for (const card of offering) expect(verbsOn(card)).toEqual([MODAL.documentation]);

    expect(answerOf(await submitForm(e, 'tom', nowShown(e, reminder), MODAL.documentation, documentation))).toMatch(/^Thank you: the session is documented/);
    await e.settle();

    for (const card of offering.map((c) => nowShown(e, c))) {
      expect(verbsOn(card)).toEqual([]);
      expect(readableOf(card)).toMatch(/^Session documented: alice@example.com/);
      expect(readableOf(card)).toMatch(/Documented by tom@example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    }
    expect(shownIn(e, chatOf(e, 'tom')).flatMap(verbsOn)).not.toContain(MODAL.documentation);
    expect(dbGet<{ documented_at: number | null }>(e, 'SELECT documented_at FROM support_sessions WHERE id = ?', sessionId).documented_at).not.toBeNull();
  });
});

describe('the support closure', () => {
  it('names the scope once', async () => {
    const { sessionId, tomLive } = await liveSession();
    await press(e, 'tom', tomLive, ACTION.endSession, { value: sessionId });
    await e.settle();
    await submitForm(e, 'tom', nowShown(e, tomLive), MODAL.documentation, documentation);
    await e.settle();
    const closures = [chatOf(e, 'alice'), chatOf(e, 'tom'), TEAMS_SUPPORT_CHANNEL].map((where) => shownIn(e, where).find((s) => readableOf(s).includes('Support session closed')));
    for (const closure of closures) {
      expect(closure).toBeDefined();
      const t = readableOf(closure!);
      expect(t).toContain('Scope');
      expect(t).toContain('full control');
      expect(t).not.toContain('Interaction');
      expect(t).not.toMatch(/^Admin rights$/m);
    }
  });
});
