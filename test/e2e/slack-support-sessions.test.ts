/**
 * Remote-support sessions from Slack once they are scoped, end to end (the real `serve` and Bolt app
 * over signed HTTP, the fake Slack Web API, the webhook receiver as the support provider, the fake
 * engine clock): escalations for admin rights and for elevations, the idle timeout, the end user's
 * Stop, and the signed heartbeat of the remote-support tool.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signPayload } from '../../src/providers/hmac-signature.js';
import { ACTION, MODAL, SUPPORT_FIELD } from '../../views/action-ids.js';
import type { FakeSlackCall, FakeSlackMessage } from '../fixtures/fake-slack-api.js';
import { buttonValue, buttonsIn, textOf } from '../support/slack-blocks.js';
import { startSlackE2E, WEBHOOK_SECRET, type SlackE2E } from '../support/slack-e2e-harness.js';
import type { SlackResponse, ViewSubmissionInput } from '../support/slack-signed-client.js';
import { auditRows, MIN, quiesce, trackListeners } from './e2e-steps.js';

/** People of the support section of test/fixtures/engine-policy.yaml, plus two from the harness. */
type Who = 'alice' | 'bob' | 'tina' | 'tom' | 'uma' | 'lena';
/** The harness's PEOPLE list has no support staff: they are added to the fake Slack workspace here. */
const SUPPORT_STAFF = ['tina', 'tom', 'uma', 'lena'] as const;
const SUPPORT_CHANNEL = 'C0SUPPORT';
const PROBLEM = 'my VPN drops every few minutes';

const uid = (who: Who): string => `U${who.toUpperCase()}`;
const mail = (who: Who): string => `${who}@example.com`;

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
  for (const name of SUPPORT_STAFF) e.slack.addUser({ id: uid(name), email: mail(name), name });
});
afterEach(async () => {
  await e.close();
});

// ---- reading what people see ----------------------------------------------------------------

const dmOf = (who: Who): string => e.slack.dmChannelOf(uid(who));
const dmsTo = (who: Who): FakeSlackMessage[] => e.slack.messages.filter((m) => m.channel === dmOf(who));
const ephemeralsTo = (who: Who): string[] => e.slack.ephemeralsFor(uid(who)).map((x) => x.text);
const shown = (m: { text: string; blocks: unknown[] | undefined }): string => `${m.text}\n${textOf(m.blocks)}`;
const actionIds = (m: { blocks: unknown[] | undefined }): string[] => buttonsIn(m.blocks).map((b) => b.action_id);
const now = (m: FakeSlackMessage): FakeSlackMessage => e.slack.message(m.channel, m.ts)!;

/** The message in `channel` that carries (or, before an edit, carried) this button with this value. */
function cardWith(channel: string, actionId: string, value: string): FakeSlackMessage {
  const card = e.slack.messages.find(
    (m) => m.channel === channel && [m.blocks, ...m.history.map((h) => h.blocks)].some((blocks) => buttonValue(blocks, actionId) === value),
  );
  if (!card) throw new Error(`no message in ${channel} with ${actionId}=${value}; there: ${e.slack.messages.filter((m) => m.channel === channel).map((m) => m.text).join(' | ')}`);
  return card;
}

/** Every message (as first posted) with this button, wherever it went. */
const postedWith = (actionId: string): FakeSlackMessage[] =>
  e.slack.messages.filter((m) => actionIds({ blocks: m.history[0]?.blocks ?? m.blocks }).includes(actionId));

const session = (id: string) => e.gatehouse.gatehouse.engine.support.get(id)!;
const grantsAt = (event: 'grant' | 'revoke', sessionId: string) => e.webhook.calls.filter((c) => c.event === event && c.status === 200 && c.grant?.request_id === sessionId);
const escalationRows = (sessionId: string) =>
  e.gatehouse.gatehouse.db.$client.prepare('select id, kind, status, decided_by_email, expires_at from support_escalations where session_id = ? order by requested_at').all(sessionId) as Array<{
    id: string;
    kind: string;
    status: string;
    decided_by_email: string | null;
    expires_at: number | null;
  }>;
const failedCalls = (): FakeSlackCall[] => e.slack.calls.filter((c) => c.response.ok !== true);

// ---- doing things in Slack ------------------------------------------------------------------

async function needSupport(who: Who, text: string): Promise<string> {
  const res = await e.client.slashCommand({ command: '/need-support', text, userId: uid(who), channelId: 'CGENERAL' });
  expect(res.status).toBe(200);
  const sessionId = /\((sup_[A-Za-z0-9]+)\)/.exec(JSON.stringify(res.json ?? ''))?.[1];
  if (!sessionId) throw new Error(`no session filed: ${res.body}`);
  await quiesce(e);
  return sessionId;
}

async function click(who: Who, actionId: string, value: string, on?: { channel: string; ts: string }): Promise<SlackResponse> {
  const res = await e.client.blockAction({ userId: uid(who), actionId, value, channelId: on?.channel ?? dmOf(who), ...(on ? { messageTs: on.ts } : {}) });
  expect(res.status).toBe(200);
  await quiesce(e);
  return res;
}

type View = { id: string; callback_id?: string; private_metadata?: string; blocks?: Array<Record<string, unknown>> };

function openedView(callbackId: string): View {
  const call = e.slack.callsOf('views.open').filter((c) => c.response.ok && (c.params.view as View).callback_id === callbackId).at(-1);
  if (!call) throw new Error(`no ${callbackId} modal was opened; views.open calls: ${e.slack.callsOf('views.open').length}`);
  return call.response.view as View;
}

const text = (value: string | null) => ({ type: 'plain_text_input', value });

async function submit(who: Who, view: View, values: ViewSubmissionInput['values']): Promise<SlackResponse> {
  const res = await e.client.viewSubmission({ userId: uid(who), callbackId: view.callback_id!, privateMetadata: view.private_metadata ?? '', viewId: view.id, values });
  expect(res.status).toBe(200);
  await quiesce(e);
  return res;
}

const DEVICE = 'LAPTOP-ALICE-7';

/** The scope form filled in: remote control of alice's laptop, admin rights as asked. */
const scopeValues = (admin: boolean): ViewSubmissionInput['values'] => ({
  [SUPPORT_FIELD.device]: { [SUPPORT_FIELD.device]: text(DEVICE) },
  [SUPPORT_FIELD.interaction]: { [SUPPORT_FIELD.interaction]: { type: 'radio_buttons', selected_option: { value: 'control' } } },
  [SUPPORT_FIELD.adminRights]: { [SUPPORT_FIELD.adminRights]: { type: 'checkboxes', selected_options: admin ? [{ value: 'admin' }] : [] } },
  [SUPPORT_FIELD.prohibitedActions]: { [SUPPORT_FIELD.prohibitedActions]: text('copy personal files') },
});

async function claimAndScope(tech: Who, sessionId: string, admin: boolean): Promise<void> {
  await click(tech, ACTION.claimSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId));
  await click(tech, ACTION.defineScope, sessionId, cardWith(dmOf(tech), ACTION.defineScope, sessionId));
  const res = await submit(tech, openedView(MODAL.scope), scopeValues(admin));
  expect(res.body).toBe('');
}

/** uma, given the session by a reassign, finds her card, scopes the session and alice is asked for consent. */
async function umaTakesOver(sessionId: string) {
  const umaCard = cardWith(dmOf('uma'), ACTION.defineScope, sessionId);
  expect(shown(umaCard)).toContain(`Reassigned to you: support for ${mail('alice')}`);
  await click('uma', ACTION.defineScope, sessionId, umaCard);
  const scoped = await submit('uma', openedView(MODAL.scope), scopeValues(false));
  expect(scoped.body).toBe('');
  expect(session(sessionId)).toMatchObject({ status: 'awaiting_consent', technicianEmail: mail('uma') });
  return umaCard;
}

/** alice files, tom claims and scopes (no admin rights), alice allows: the session is live. */
async function liveSession(): Promise<{ sessionId: string; tomCard: FakeSlackMessage; aliceCard: FakeSlackMessage }> {
  const sessionId = await needSupport('alice', PROBLEM);
  await claimAndScope('tom', sessionId, false);
  await click('alice', ACTION.allowSession, sessionId, cardWith(dmOf('alice'), ACTION.allowSession, sessionId));
  expect(session(sessionId).status).toBe('active');
  expect(grantsAt('grant', sessionId)).toHaveLength(1);
  return { sessionId, tomCard: cardWith(dmOf('tom'), ACTION.endSession, sessionId), aliceCard: cardWith(dmOf('alice'), ACTION.stopSession, sessionId) };
}

const idleWarnings = (): FakeSlackMessage[] => e.slack.messages.filter((m) => m.text.startsWith('No activity'));

// ---- the heartbeat of the remote-support tool ----------------------------------------------

interface Heartbeat {
  status: number;
  json: unknown;
}

/** POST /support/sessions/ID/heartbeat, signed like the webhook provider unless told otherwise. */
async function heartbeat(sessionId: string, options: { secret?: string; timestampOffsetSeconds?: number; bodySession?: string } = {}): Promise<Heartbeat> {
  const body = JSON.stringify({ session_id: options.bodySession ?? sessionId, at: new Date().toISOString() });
  const timestamp = Math.floor(Date.now() / 1000) + (options.timestampOffsetSeconds ?? 0);
  const res = await fetch(`http://127.0.0.1:${e.gatehouse.port}/support/sessions/${sessionId}/heartbeat`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Gatehouse-Timestamp': String(timestamp),
      'X-Gatehouse-Signature': signPayload(options.secret ?? WEBHOOK_SECRET, timestamp, body),
    },
    body,
  });
  const raw = await res.text();
  await quiesce(e);
  return { status: res.status, json: raw === '' ? undefined : (JSON.parse(raw) as unknown) };
}

describe('reassign', () => {
  it('the previous technician\'s card loses Define scope and names the new technician, whose card works', async () => {
    const sessionId = await needSupport('alice', PROBLEM);
    await click('tom', ACTION.claimSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId));
    const tomClaimed = cardWith(dmOf('tom'), ACTION.defineScope, sessionId);

    // lena (a lead) gives the session to uma from the channel card.
    await click('lena', ACTION.reassignSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.reassignSession, sessionId));
    const res = await submit('lena', openedView(MODAL.reassign), {
      [SUPPORT_FIELD.technician]: { [SUPPORT_FIELD.technician]: { type: 'static_select', selected_option: { value: mail('uma') } } },
    });
    expect(res.body).toBe('');
    expect(session(sessionId)).toMatchObject({ status: 'claimed', technicianEmail: mail('uma') });

    // tom's claimed card is edited: no buttons, and it says who has the session now.
    expect(actionIds(now(tomClaimed))).toEqual([]);
    expect(shown(now(tomClaimed))).toContain(`${mail('lena')} reassigned ${mail('alice')}'s request to ${mail('uma')}`);
    // He still hears it as a new message, and nothing in his DMs offers a button for the session.
    expect(dmsTo('tom').filter((m) => m.ts !== tomClaimed.ts && shown(now(m)).includes(`request to ${mail('uma')}`))).toHaveLength(1);
    expect(dmsTo('tom').flatMap((m) => actionIds(now(m)))).toEqual([]);

    // uma's card works: she records the scope and alice is asked for consent.
    const umaCard = await umaTakesOver(sessionId);
    expect(actionIds(now(umaCard))).toEqual([ACTION.defineScope]);
  });
});

describe('reassign after admin rights were denied', () => {
  it('the previous technician\'s denied card loses Define scope too, and the new technician gets a card that works', async () => {
    const sessionId = await needSupport('alice', PROBLEM);
    await claimAndScope('tom', sessionId, true);
    expect(session(sessionId)).toMatchObject({ status: 'awaiting_approval', technicianEmail: mail('tom') });
    const tomClaimed = cardWith(dmOf('tom'), ACTION.defineScope, sessionId);

    // lena denies the admin rights from her card, with a reason.
    const [escalation] = escalationRows(sessionId);
    const lenaCard = cardWith(dmOf('lena'), ACTION.denyEscalation, escalation!.id);
    await click('lena', ACTION.denyEscalation, escalation!.id, lenaCard);
    const denial = await submit('lena', openedView(MODAL.denyEscalation), { [SUPPORT_FIELD.reason]: { [SUPPORT_FIELD.reason]: text('a VPN fix needs no admin rights') } });
    expect(denial.body).toBe('');
    expect(escalationRows(sessionId)).toMatchObject([{ id: escalation!.id, status: 'denied', decided_by_email: mail('lena') }]);
    expect(session(sessionId)).toMatchObject({ status: 'claimed', technicianEmail: mail('tom'), scope: null });

    // tom's denied card offers Define scope again.
    const tomDenied = dmsTo('tom').find((m) => m.text.startsWith('Admin rights denied'));
    expect(tomDenied).toBeDefined();
    expect(tomDenied!.ts).not.toBe(tomClaimed.ts);
    expect(actionIds(tomDenied!)).toEqual([ACTION.defineScope]);
    expect(buttonValue(tomDenied!.blocks, ACTION.defineScope)).toBe(sessionId);

    // lena gives the session to uma from the channel card.
    await click('lena', ACTION.reassignSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.reassignSession, sessionId));
    const res = await submit('lena', openedView(MODAL.reassign), {
      [SUPPORT_FIELD.technician]: { [SUPPORT_FIELD.technician]: { type: 'static_select', selected_option: { value: mail('uma') } } },
    });
    expect(res.body).toBe('');
    expect(session(sessionId)).toMatchObject({ status: 'claimed', technicianEmail: mail('uma') });

    // Both of tom's cards are edited: no buttons, and they say who has the session now.
    for (const card of [tomDenied!, tomClaimed]) {
      expect(actionIds(now(card))).toEqual([]);
      expect(shown(now(card))).toContain(`${mail('lena')} reassigned ${mail('alice')}'s request to ${mail('uma')}`);
    }
    // He hears it as one new message, and nothing in his DMs offers a button for the session any more.
    expect(dmsTo('tom').filter((m) => m.ts !== tomClaimed.ts && m.ts !== tomDenied!.ts && shown(now(m)).includes(`request to ${mail('uma')}`))).toHaveLength(1);
    expect(dmsTo('tom').flatMap((m) => actionIds(now(m)))).toEqual([]);

    // uma got her own card, and it works.
    await umaTakesOver(sessionId);
    expect(failedCalls()).toEqual([]);
  });
});

describe('escalations', () => {
  it('admin rights in the scope go to an escalation approver other than the technician; the end user is asked only after approval', async () => {
    const sessionId = await needSupport('alice', PROBLEM);
    // tina is both a technician and a support lead: she takes this one and asks for admin rights.
    await claimAndScope('tina', sessionId, true);
    expect(session(sessionId)).toMatchObject({ status: 'awaiting_approval', technicianEmail: mail('tina'), scope: { adminRights: true } });

    // The escalation card goes to lena only: tina is a lead too, but it is her own escalation.
    const cards = postedWith(ACTION.approveEscalation);
    expect(cards.map((m) => m.channel)).toEqual([dmOf('lena')]);
    expect(dmsTo('tina').some((m) => m.text.startsWith('Approval needed'))).toBe(false);
    const [lenaCard] = cards;
    const escalationId = buttonValue(lenaCard!.blocks, ACTION.approveEscalation)!;
    expect(escalationId).toMatch(/^esc_/);
    expect(buttonValue(lenaCard!.blocks, ACTION.denyEscalation)).toBe(escalationId);
    expect(shown(lenaCard!)).toContain(`${mail('tina')} asks for admin rights for the session scope`);
    expect(shown(lenaCard!)).toContain(DEVICE);
    // alice is not asked anything yet.
    expect(dmsTo('alice').some((m) => actionIds(m).includes(ACTION.allowSession))).toBe(false);

    // tina gets hold of the escalation id and clicks Approve herself: refused, audited, nothing moves.
    await click('tina', ACTION.approveEscalation, escalationId);
    expect(ephemeralsTo('tina').filter((m) => !m.startsWith('Scope recorded'))).toEqual(['A technician may not approve their own escalation.']);
    // alice cannot approve escalations of her own session either.
    await click('alice', ACTION.approveEscalation, escalationId);
    expect(ephemeralsTo('alice')).toEqual(['The person being supported may not approve escalations of their own session.']);
    expect(auditRows(e, 'refused')).toMatchObject([
      { actor_email: mail('tina'), subject: escalationId, data: { action: 'support.escalation_approve', code: 'SELF_ESCALATION' } },
      { actor_email: mail('alice'), subject: escalationId, data: { action: 'support.escalation_approve', code: 'END_USER_APPROVAL' } },
    ]);
    expect(session(sessionId).status).toBe('awaiting_approval');
    expect(escalationRows(sessionId)).toMatchObject([{ id: escalationId, status: 'pending' }]);
    expect(now(lenaCard!).edits).toBe(0);

    // lena approves on her card: the card shows it, tina hears it, alice is asked for consent.
    await click('lena', ACTION.approveEscalation, escalationId, lenaCard);
    expect(ephemeralsTo('lena')).toEqual([]);
    expect(escalationRows(sessionId)).toMatchObject([{ id: escalationId, status: 'approved', decided_by_email: mail('lena') }]);
    expect(actionIds(now(lenaCard!))).toEqual([]);
    expect(shown(now(lenaCard!))).toContain(`Approved by ${mail('lena')}`);
    const outcome = dmsTo('tina').find((m) => m.text.startsWith('Admin rights approved'));
    expect(outcome).toBeDefined();
    expect(shown(outcome!)).toContain(`${mail('lena')} approved admin rights`);
    expect(session(sessionId).status).toBe('awaiting_consent');
    const prompt = cardWith(dmOf('alice'), ACTION.allowSession, sessionId);
    expect(shown(prompt)).toContain(`Allow ${mail('tina')} to connect to your device?`);
    expect(shown(prompt)).toContain('full control and admin rights');

    // Once alice allows, the grant records who approved the admin rights.
    await click('alice', ACTION.allowSession, sessionId, prompt);
    const grants = grantsAt('grant', sessionId);
    expect(grants).toHaveLength(1);
    expect(grants[0]!.grant).toMatchObject({ subject_email: mail('tina'), approvers: [mail('lena')] });
    expect(failedCalls()).toEqual([]);
  });

  it('an elevation during a live session is asked for with the form and approved by a lead', async () => {
    const { sessionId, tomCard } = await liveSession();

    await click('tom', ACTION.requestElevation, sessionId, tomCard);
    const form = openedView(MODAL.elevation);
    expect(form.private_metadata).toBe(sessionId);
    const values = (description: string, duration: string) => ({
      [SUPPORT_FIELD.elevationDescription]: { [SUPPORT_FIELD.elevationDescription]: text(description) },
      [SUPPORT_FIELD.elevationDuration]: { [SUPPORT_FIELD.elevationDuration]: text(duration) },
    });

    // A duration that is not one is a field error; nothing is asked.
    const bad = await submit('tom', form, values('reinstall the VPN driver, which needs local admin', 'a while'));
    expect(bad.json).toEqual({ response_action: 'errors', errors: { [SUPPORT_FIELD.elevationDuration]: expect.any(String) } });
    expect(escalationRows(sessionId)).toEqual([]);

    const asked = await submit('tom', form, values('reinstall the VPN driver, which needs local admin', '15m'));
    expect(asked.body).toBe('');
    const [pending] = escalationRows(sessionId);
    expect(pending).toMatchObject({ kind: 'elevation', status: 'pending' });
    // Both leads are asked (neither is tom or alice); uma, a technician only, is not.
    const cards = postedWith(ACTION.approveEscalation);
    expect(cards.map((m) => m.channel).sort()).toEqual([dmOf('lena'), dmOf('tina')].sort());
    for (const card of cards) {
      expect(buttonValue(card.blocks, ACTION.approveEscalation)).toBe(pending!.id);
      expect(shown(card)).toContain('reinstall the VPN driver, which needs local admin');
      expect(shown(card)).toContain('15m');
    }

    // lena approves: every copy shows it, tom hears it, and it is time-boxed.
    const lenaCard = cards.find((m) => m.channel === dmOf('lena'))!;
    const tinaCard = cards.find((m) => m.channel === dmOf('tina'))!;
    await click('lena', ACTION.approveEscalation, pending!.id, lenaCard);
    const [approved] = escalationRows(sessionId);
    expect(approved).toMatchObject({ status: 'approved', decided_by_email: mail('lena'), expires_at: e.clock.now() + 15 * MIN });
    for (const card of [lenaCard, tinaCard]) {
      expect(actionIds(now(card))).toEqual([]);
      expect(shown(now(card))).toContain(`Approved by ${mail('lena')}`);
    }
    const outcome = dmsTo('tom').find((m) => m.text.startsWith('Elevation approved'));
    expect(outcome).toBeDefined();
    expect(shown(outcome!)).toContain(`${mail('lena')} approved your elevation`);

    // tina clicks her stale copy (a second tab): already decided.
    await click('tina', ACTION.approveEscalation, pending!.id, tinaCard);
    expect(ephemeralsTo('tina')).toEqual([`This escalation was already approved by ${mail('lena')}.`]);

    // The time box lapses on its own.
    await e.sweepAfter(15 * MIN);
    expect(escalationRows(sessionId)).toMatchObject([{ status: 'expired' }]);
    expect(auditRows(e, 'support.elevation_lapsed')).toMatchObject([{ subject: sessionId, data: { escalationId: pending!.id } }]);
    expect(failedCalls()).toEqual([]);
  });
});

describe('escalations left undecided', () => {
  it('an elevation still pending when the session ends: the approvers cards stop offering Approve and Deny', async () => {
    const { sessionId, tomCard } = await liveSession();
    await click('tom', ACTION.requestElevation, sessionId, tomCard);
    await submit('tom', openedView(MODAL.elevation), {
      [SUPPORT_FIELD.elevationDescription]: { [SUPPORT_FIELD.elevationDescription]: text('reinstall the VPN driver, which needs local admin') },
      [SUPPORT_FIELD.elevationDuration]: { [SUPPORT_FIELD.elevationDuration]: text('15m') },
    });
    const cards = postedWith(ACTION.approveEscalation);
    expect(cards).toHaveLength(2);
    const escalationId = buttonValue(cards[0]!.blocks, ACTION.approveEscalation)!;

    // tom finishes before anyone decides: the request lapses with the session.
    await click('tom', ACTION.endSession, sessionId, tomCard);
    expect(session(sessionId).status).toBe('ended');
    expect(escalationRows(sessionId)).toMatchObject([{ id: escalationId, status: 'expired' }]);

    // A late Approve is refused by the engine…
    await click('lena', ACTION.approveEscalation, escalationId, cards.find((m) => m.channel === dmOf('lena')));
    expect(ephemeralsTo('lena')).toEqual(['This escalation was already expired.']);
    // …but the cards should not have invited it: like a decided escalation, they show that it no longer applies.
    for (const card of cards) {
      expect({ channel: card.channel, buttons: actionIds(now(card)) }).toEqual({ channel: card.channel, buttons: [] });
      expect(shown(now(card))).toContain('no longer applies');
    }
  });
});

describe('ending a session', () => {
  it('idle: warned after 15 minutes without activity, ended with reason idle and revoked after the 3-minute grace', async () => {
    const { sessionId, tomCard, aliceCard } = await liveSession();

    await e.sweepAfter(15 * MIN - 1_000);
    expect(idleWarnings()).toHaveLength(0);
    await e.sweepAfter(1_000);
    const warnings = idleWarnings();
    expect(warnings.map((m) => m.channel)).toEqual([dmOf('tom')]);
    expect(shown(warnings[0]!)).toContain(`No activity has been recorded in ${mail('alice')}'s session on ${DEVICE}`);
    expect(actionIds(warnings[0]!)).toEqual([ACTION.addNote, ACTION.endSession]);
    expect(auditRows(e, 'support.idle_warning')).toHaveLength(1);
    expect(session(sessionId).status).toBe('active');

    // Warned once, however often the sweep runs within the grace.
    await e.sweepAfter(3 * MIN - 1_000);
    expect(idleWarnings()).toHaveLength(1);
    expect(session(sessionId).status).toBe('active');
    expect(grantsAt('revoke', sessionId)).toHaveLength(0);

    await e.sweepAfter(1_000);
    await quiesce(e);
    expect(session(sessionId)).toMatchObject({ status: 'ended', endReason: 'idle' });
    expect(grantsAt('revoke', sessionId)).toHaveLength(1);
    expect(auditRows(e, 'support.ended')).toMatchObject([{ actor_email: 'system', subject: sessionId, data: { reason: 'idle' } }]);
    // Both session cards show the end in place: tom is asked to document, alice has nothing to press.
    expect(actionIds(now(tomCard))).toEqual([ACTION.documentSession]);
    expect(shown(now(tomCard))).toContain('idle timeout');
    expect(actionIds(now(aliceCard))).toEqual([]);
    expect(shown(now(aliceCard))).toContain('idle timeout');
    expect(failedCalls()).toEqual([]);
  });

  it('the end user presses Stop: ended, revoked, tom asked to document; a bystander cannot', async () => {
    const { sessionId, tomCard, aliceCard } = await liveSession();

    await click('bob', ACTION.stopSession, sessionId, { channel: 'CGENERAL', ts: aliceCard.ts });
    expect(ephemeralsTo('bob')).toEqual(['Only the technician or the person being supported may end this session.']);
    expect(session(sessionId).status).toBe('active');
    expect(grantsAt('revoke', sessionId)).toHaveLength(0);

    await click('alice', ACTION.stopSession, sessionId, aliceCard);
    expect(ephemeralsTo('alice')).toEqual([]);
    expect(session(sessionId)).toMatchObject({ status: 'ended', endReason: 'stopped_by_user' });
    expect(grantsAt('revoke', sessionId)).toHaveLength(1);
    expect(grantsAt('revoke', sessionId)[0]!.grant?.subject_email).toBe(mail('tom'));
    expect(auditRows(e, 'support.ended')).toMatchObject([{ actor_email: mail('alice'), subject: sessionId, data: { reason: 'stopped_by_user' } }]);
    expect(actionIds(now(aliceCard))).toEqual([]);
    expect(shown(now(aliceCard))).toContain('was stopped by you');
    expect(actionIds(now(tomCard))).toEqual([ACTION.documentSession]);
    expect(shown(now(tomCard))).toContain('was stopped by the user');

    // A second press (the old card in another client) changes nothing.
    await click('alice', ACTION.stopSession, sessionId, aliceCard);
    expect(ephemeralsTo('alice')).toEqual([expect.stringMatching(/ended/)]);
    expect(grantsAt('revoke', sessionId)).toHaveLength(1);
    expect(failedCalls()).toEqual([]);
  });
});

describe('the heartbeat endpoint', () => {
  it('refuses bad signatures, keeps a live session from going idle, and answers 409 once it has ended', async () => {
    const { sessionId, tomCard } = await liveSession();
    const started = session(sessionId).startedAt!;

    // 10 minutes in, the tool sends a heartbeat: first forged, then stale, then correctly signed.
    await e.sweepAfter(10 * MIN);
    expect(await heartbeat(sessionId, { secret: 'not-the-secret' })).toEqual({ status: 401, json: { error: 'bad signature' } });
    expect(await heartbeat(sessionId, { timestampOffsetSeconds: -600 })).toEqual({ status: 401, json: { error: 'bad signature' } });
    expect(session(sessionId).lastActivityAt).toBe(started);
    // Correctly signed, but captured from another session and replayed here: refused.
    expect((await heartbeat(sessionId, { bodySession: 'sup_someotherone' })).status).toBe(400);
    expect(session(sessionId).lastActivityAt).toBe(started);
    expect(await heartbeat(sessionId)).toEqual({ status: 200, json: { alive: true } });
    expect(session(sessionId).lastActivityAt).toBe(started + 10 * MIN);

    // 16 minutes after the start (past the idle timeout measured from it): no warning, the heartbeat reset the clock.
    await e.sweepAfter(6 * MIN);
    expect(idleWarnings()).toHaveLength(0);
    expect(session(sessionId).status).toBe('active');
    // Without another heartbeat, idleness counts from the last one: 15 minutes after it, tom is warned.
    await e.sweepAfter(9 * MIN);
    expect(idleWarnings()).toHaveLength(1);
    // A heartbeat within the grace takes the warning back, so the sweep after the grace does not end it.
    expect(await heartbeat(sessionId)).toEqual({ status: 200, json: { alive: true } });
    expect(session(sessionId).idleWarnedAt).toBeNull();
    await e.sweepAfter(3 * MIN);
    expect(session(sessionId).status).toBe('active');
    expect(grantsAt('revoke', sessionId)).toHaveLength(0);

    // The heartbeats themselves are not in the audit trail (pulses, not phases).
    expect(auditRows(e).filter((r) => /heartbeat/.test(r.type))).toEqual([]);

    // tom ends it: the tool is told to disconnect.
    await click('tom', ACTION.endSession, sessionId, tomCard);
    expect(session(sessionId).status).toBe('ended');
    expect(await heartbeat(sessionId)).toEqual({ status: 409, json: { alive: false } });
    // A session that does not exist is no different to the tool.
    expect(await heartbeat('sup_doesnotexist')).toEqual({ status: 409, json: { alive: false } });
    // A bad signature is still 401, whatever the session's state.
    expect((await heartbeat(sessionId, { secret: 'not-the-secret' })).status).toBe(401);
  });
});
