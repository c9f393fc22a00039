/**
 * The controls of a remote-support session in Teams, through the real teams-ai app over HTTP against
 * the fake Bot Connector: reassigning from the support channel's card, an elevation asked for with
 * the inline form on the technician's live card, and a session note that reaches the closure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, SUPPORT_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, TEAMS_SUPPORT_CHANNEL, type TeamsE2E, type TeamsPerson } from '../support/teams-e2e-harness.js';
import { answerOf, auditRows, cardWith, chatOf, dbAll, dbGet, executesOf, inputOf, installAll, MIN, nowShown, press, shownIn, typeSupport, readableOf, submitForm, type ShownCard } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
  await installAll(e, ['alice', 'bob', 'tina', 'tom', 'uma', 'lena']);
});
afterEach(async () => {
  await e.close();
});

const PROBLEM = 'my VPN drops every few minutes';
const DEVICE = 'LAPTOP-ALICE-7';
const mail = (who: TeamsPerson) => `${who}@example.com`;

const sessionRow = (id: string) =>
  dbGet<{ status: string; technician_email: string | null; scope: string | null }>(e, 'SELECT status, technician_email, scope FROM support_sessions WHERE id = ?', id);
const escalationRows = (sessionId: string) =>
  dbAll<{ id: string; kind: string; status: string; decided_by_email: string | null; expires_at: number | null }>(
    e,
    'SELECT id, kind, status, decided_by_email, expires_at FROM support_escalations WHERE session_id = ? ORDER BY requested_at',
    sessionId,
  );
const verbsOn = (card: ShownCard) => executesOf(card.card).map((x) => x.verb);
/** Every card, in any chat or channel, that offered this verb when it was first posted. */
const postedWith = (verb: string) =>
  e.connector.activities.filter((a) => a.method === 'POST' && executesOf(a.activity).some((x) => x.verb === verb)).map((a) => a.conversationId.split(';')[0]!);

async function needSupport(): Promise<string> {
  expect(await typeSupport(e, 'alice', PROBLEM)).toContain('Support request received');
  await e.settle();
  return dbGet<{ id: string }>(e, "SELECT id FROM support_sessions WHERE end_user_email = 'alice@example.com' ORDER BY created_at DESC LIMIT 1").id;
}

async function claim(tech: TeamsPerson, sessionId: string): Promise<void> {
  const card = cardWith(e, TEAMS_SUPPORT_CHANNEL, ACTION.claimSession, sessionId);
  expect(answerOf(await press(e, tech, card, ACTION.claimSession, { value: sessionId }))).toMatch(/^You claimed alice@example.com's request/);
  await e.settle();
}

function scope(tech: TeamsPerson, sessionId: string) {
  return submitForm(e, tech, cardWith(e, chatOf(e, tech), MODAL.scope, sessionId), MODAL.scope, {
    [SUPPORT_FIELD.device]: DEVICE,
    [SUPPORT_FIELD.interaction]: 'control',
    [SUPPORT_FIELD.adminRights]: '',
    [SUPPORT_FIELD.prohibitedActions]: 'copy personal files',
  });
}

/** alice files, tom claims and scopes (no admin rights), alice allows: tom's live card. */
async function liveSession(): Promise<{ sessionId: string; tomCard: ShownCard }> {
  const sessionId = await needSupport();
  await claim('tom', sessionId);
  expect(answerOf(await scope('tom', sessionId))).toBe('Scope recorded. alice@example.com is asked for consent now.');
  await e.settle();
  const consent = cardWith(e, chatOf(e, 'alice'), ACTION.allowSession, sessionId);
  expect(answerOf(await press(e, 'alice', consent, ACTION.allowSession, { value: sessionId }))).toMatch(/^You allowed tom@example.com/);
  await e.settle();
  expect(sessionRow(sessionId).status).toBe('active');
  return { sessionId, tomCard: cardWith(e, chatOf(e, 'tom'), ACTION.endSession, sessionId) };
}

describe('reassign', () => {
  it('a lead hands a claimed session to another technician from the channel card; a non-lead and a non-technician target are refused', async () => {
    const sessionId = await needSupport();
    await claim('tina', sessionId);
    const tinaCard = cardWith(e, chatOf(e, 'tina'), MODAL.scope, sessionId);
    const channelCard = nowShown(e, cardWith(e, TEAMS_SUPPORT_CHANNEL, MODAL.reassign, sessionId));
    expect(readableOf(channelCard)).toContain(`Claimed by ${mail('tina')}`);
    // The inline form offers the technicians the session may go to: not tina, who has it, nor alice.
    const choices = inputOf(channelCard.card, SUPPORT_FIELD.technician)?.choices as Array<{ value: string }> | undefined;
    expect(choices?.map((c) => c.value).sort()).toEqual([mail('tom'), mail('uma')]);
    const reassign = (who: TeamsPerson, to: string) => submitForm(e, who, channelCard, MODAL.reassign, { [SUPPORT_FIELD.technician]: to });

    // tom is a technician but not a lead.
    expect(answerOf(await reassign('tom', mail('uma')))).toMatch(/only a support lead/i);
    // bob is not a technician at all, so no lead can give him the session.
    expect(answerOf(await reassign('lena', mail('bob')))).toMatch(/bob@example.com is not a support technician/);
    await e.settle();
    expect(sessionRow(sessionId)).toMatchObject({ status: 'claimed', technician_email: mail('tina') });
    expect(auditRows(e, 'refused')).toMatchObject([
      { actor_email: mail('tom'), subject: sessionId, data: { action: 'support.reassign', code: 'NOT_A_LEAD' } },
      { actor_email: mail('lena'), subject: sessionId, data: { action: 'support.reassign', code: 'NOT_A_TECHNICIAN' } },
    ]);
    expect(auditRows(e, 'support.reassigned')).toEqual([]);

    // lena gives it to tom.
    expect(answerOf(await reassign('lena', mail('tom')))).toBe(`Reassigned to ${mail('tom')}.`);
    await e.settle();
    expect(sessionRow(sessionId)).toMatchObject({ status: 'claimed', technician_email: mail('tom'), scope: null });
    expect(auditRows(e, 'support.reassigned')).toMatchObject([{ actor_email: mail('lena'), subject: sessionId, data: { from: mail('tina'), to: mail('tom') } }]);
    expect(readableOf(nowShown(e, channelCard))).toContain(`Reassigned from ${mail('tina')} to ${mail('tom')} by ${mail('lena')}`);

    // tina's claimed card no longer offers Define scope: it names tom, and she also hears it as a new message.
    const tinaNow = nowShown(e, tinaCard);
    expect(tinaNow.updates).toBe(1);
    expect(executesOf(tinaNow.card)).toEqual([]);
    expect(readableOf(tinaNow)).toContain(`${mail('lena')} reassigned ${mail('alice')}'s request to ${mail('tom')}`);
    expect(shownIn(e, chatOf(e, 'tina')).filter((s) => s.id !== tinaCard.id && readableOf(s).includes(`request to ${mail('tom')}`))).toHaveLength(1);
    expect(shownIn(e, chatOf(e, 'tina')).flatMap((s) => executesOf(s.card))).toEqual([]);

    // tom now holds the session: the scope form is in his chat and it works for him. A scope form
    // tina had open before the card changed is still refused.
    expect(readableOf(cardWith(e, chatOf(e, 'tom'), MODAL.scope, sessionId))).toContain(`Reassigned to you: support for ${mail('alice')}`);
    const stale = await submitForm(e, 'tina', tinaCard, MODAL.scope, {
      [SUPPORT_FIELD.device]: DEVICE,
      [SUPPORT_FIELD.interaction]: 'control',
      [SUPPORT_FIELD.adminRights]: '',
      [SUPPORT_FIELD.prohibitedActions]: 'copy personal files',
    });
    expect(answerOf(stale)).toMatch(/only tom@example.com, the assigned technician, may do this/i);
    expect(sessionRow(sessionId).status).toBe('claimed');
    expect(auditRows(e, 'refused').at(-1)).toMatchObject({ actor_email: mail('tina'), subject: sessionId, data: { code: 'NOT_THE_TECHNICIAN' } });
    expect(answerOf(await scope('tom', sessionId))).toBe('Scope recorded. alice@example.com is asked for consent now.');
    await e.settle();
    expect(sessionRow(sessionId)).toMatchObject({ status: 'awaiting_consent', technician_email: mail('tom') });
    expect(readableOf(cardWith(e, chatOf(e, 'alice'), ACTION.allowSession, sessionId))).toContain(mail('tom'));
    expect(auditRows(e, 'support.scoped')).toMatchObject([{ actor_email: mail('tom'), subject: sessionId }]);
  });
});

describe('reassign after admin rights were denied', () => {
  it('the previous technician\'s denied card loses the scope form too, and the new technician gets a card that works', async () => {
    const sessionId = await needSupport();
    await claim('tom', sessionId);
    const tomClaimed = cardWith(e, chatOf(e, 'tom'), MODAL.scope, sessionId);
    const asked = await submitForm(e, 'tom', tomClaimed, MODAL.scope, {
      [SUPPORT_FIELD.device]: DEVICE,
      [SUPPORT_FIELD.interaction]: 'control',
      [SUPPORT_FIELD.adminRights]: 'admin',
      [SUPPORT_FIELD.prohibitedActions]: 'copy personal files',
    });
    expect(answerOf(asked)).toMatch(/^Scope recorded. Admin rights need an escalation approver/);
    await e.settle();
    expect(sessionRow(sessionId)).toMatchObject({ status: 'awaiting_approval', technician_email: mail('tom') });

    // lena denies the admin rights with the inline form on her card.
    const [escalation] = escalationRows(sessionId);
    const lenaCard = cardWith(e, chatOf(e, 'lena'), MODAL.denyEscalation, escalation!.id);
    expect(answerOf(await submitForm(e, 'lena', lenaCard, MODAL.denyEscalation, { [SUPPORT_FIELD.reason]: 'a VPN fix needs no admin rights' }))).toMatch(/^Denied: /);
    await e.settle();
    expect(escalationRows(sessionId)).toMatchObject([{ id: escalation!.id, status: 'denied', decided_by_email: mail('lena') }]);
    expect(sessionRow(sessionId)).toMatchObject({ status: 'claimed', technician_email: mail('tom'), scope: null });

    // tom's denied card offers the scope form again.
    const tomDenied = shownIn(e, chatOf(e, 'tom')).find((s) => readableOf(s).startsWith('Admin rights denied'));
    expect(tomDenied).toBeDefined();
    expect(tomDenied!.id).not.toBe(tomClaimed.id);
    expect(verbsOn(tomDenied!)).toEqual([MODAL.scope]);
    expect(executesOf(tomDenied!.card)[0]!.data.value).toBe(sessionId);

    // lena gives the session to uma from the channel card.
    const channelCard = cardWith(e, TEAMS_SUPPORT_CHANNEL, MODAL.reassign, sessionId);
    expect(answerOf(await submitForm(e, 'lena', channelCard, MODAL.reassign, { [SUPPORT_FIELD.technician]: mail('uma') }))).toBe(`Reassigned to ${mail('uma')}.`);
    await e.settle();
    expect(sessionRow(sessionId)).toMatchObject({ status: 'claimed', technician_email: mail('uma') });

    // Both of tom's cards are replaced: no actions, and they say who has the session now.
    for (const card of [tomDenied!, tomClaimed]) {
      const shown = nowShown(e, card);
      expect(shown.updates).toBe(1);
      expect(executesOf(shown.card)).toEqual([]);
      expect(readableOf(shown)).toContain(`${mail('lena')} reassigned ${mail('alice')}'s request to ${mail('uma')}`);
    }
    // He hears it as one new message, and nothing in his chat offers an action for the session any more.
    const others = shownIn(e, chatOf(e, 'tom')).filter((s) => s.id !== tomClaimed.id && s.id !== tomDenied!.id);
    expect(others.filter((s) => readableOf(s).includes(`request to ${mail('uma')}`))).toHaveLength(1);
    expect(shownIn(e, chatOf(e, 'tom')).flatMap((s) => executesOf(s.card))).toEqual([]);

    // uma got her own card, and it works.
    const umaCard = cardWith(e, chatOf(e, 'uma'), MODAL.scope, sessionId);
    expect(readableOf(umaCard)).toContain(`Reassigned to you: support for ${mail('alice')}`);
    expect(answerOf(await scope('uma', sessionId))).toBe('Scope recorded. alice@example.com is asked for consent now.');
    await e.settle();
    expect(sessionRow(sessionId)).toMatchObject({ status: 'awaiting_consent', technician_email: mail('uma') });
  });
});

describe('elevation', () => {
  it('is asked for with the inline form on the live card and approved by a lead, not by the technician', async () => {
    const { sessionId, tomCard } = await liveSession();
    expect(verbsOn(tomCard)).toEqual(expect.arrayContaining([MODAL.elevation, MODAL.note, ACTION.endSession]));
    const elevate = (duration: string) =>
      submitForm(e, 'tom', tomCard, MODAL.elevation, { [SUPPORT_FIELD.elevationDescription]: 'reinstall the VPN driver, which needs local admin', [SUPPORT_FIELD.elevationDuration]: duration });

    // A duration that is not one is answered on the spot; nothing is asked.
    expect(answerOf(await elevate('a while'))).toBe('Use a whole number and s, m or h, like 15m.');
    await e.settle();
    expect(escalationRows(sessionId)).toEqual([]);

    expect(answerOf(await elevate('15m'))).toBe('Elevation requested; an escalation approver other than you decides.');
    await e.settle();
    const [pending] = escalationRows(sessionId);
    expect(pending).toMatchObject({ kind: 'elevation', status: 'pending' });
    // Both leads are asked (neither is tom or alice); uma, a technician only, is not.
    expect(postedWith(ACTION.approveEscalation).sort()).toEqual([chatOf(e, 'lena'), chatOf(e, 'tina')].sort());
    const lenaCard = cardWith(e, chatOf(e, 'lena'), ACTION.approveEscalation, pending!.id);
    const tinaCard = cardWith(e, chatOf(e, 'tina'), ACTION.approveEscalation, pending!.id);
    expect(readableOf(lenaCard)).toContain('reinstall the VPN driver, which needs local admin');
    expect(readableOf(lenaCard)).toContain('15m');

    // tom, holding the escalation id, approves his own elevation: refused and audited.
    expect(answerOf(await e.teams.execute(e.user('tom'), ACTION.approveEscalation, { value: pending!.id }))).toBe('A technician may not approve their own escalation.');
    await e.settle();
    expect(escalationRows(sessionId)).toMatchObject([{ status: 'pending', decided_by_email: null }]);
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: mail('tom'), subject: pending!.id, data: { action: 'support.escalation_approve', code: 'SELF_ESCALATION' } }]);

    // lena approves on her card: every copy shows it, tom hears it, and it is time-boxed.
    expect(answerOf(await press(e, 'lena', lenaCard, ACTION.approveEscalation, { value: pending!.id }))).toMatch(/^Approved: /);
    await e.settle();
    expect(escalationRows(sessionId)).toMatchObject([{ status: 'approved', decided_by_email: mail('lena'), expires_at: e.clock.now() + 15 * MIN }]);
    for (const copy of [lenaCard, tinaCard]) {
      const now = nowShown(e, copy);
      expect(now.updates).toBeGreaterThan(0);
      expect(verbsOn(now)).toEqual([]);
      expect(readableOf(now)).toContain(`Approved by ${mail('lena')}`);
    }
    const outcome = shownIn(e, chatOf(e, 'tom')).find((s) => readableOf(s).includes('Elevation approved'));
    expect(outcome).toBeDefined();
    expect(readableOf(outcome!)).toContain(`${mail('lena')} approved your elevation`);
    expect(auditRows(e).filter((r) => r.type.startsWith('support.escalation') || r.type.startsWith('support.elevation')).map((r) => [r.type, r.actor_email, r.subject])).toEqual([
      ['support.escalation_requested', mail('tom'), sessionId],
      ['support.escalation_approved', mail('lena'), sessionId],
    ]);

    // The time box lapses on its own.
    await e.sweepAfter(15 * MIN);
    expect(escalationRows(sessionId)).toMatchObject([{ status: 'expired' }]);
    expect(auditRows(e, 'support.elevation_lapsed')).toMatchObject([{ subject: sessionId, data: { escalationId: pending!.id } }]);
  });
});

describe('session notes', () => {
  it('are added with the inline form on the live card and counted in the closure', async () => {
    const { sessionId, tomCard } = await liveSession();
    e.clock.advance(7 * MIN);

    expect(answerOf(await submitForm(e, 'tom', tomCard, MODAL.note, { [SUPPORT_FIELD.note]: '   ' }))).toBe('The note is empty.');
    // Only the session's technician writes in its record.
    expect(answerOf(await e.teams.execute(e.user('uma'), MODAL.note, { value: sessionId, [SUPPORT_FIELD.note]: 'not my session' }))).toMatch(/only tom@example.com, the assigned technician, may do this/i);
    expect(answerOf(await submitForm(e, 'tom', tomCard, MODAL.note, { [SUPPORT_FIELD.note]: 'reinstalled the VPN client' }))).toBe('Note added to the session record.');
    await e.settle();
    expect(dbAll(e, 'SELECT author_email, text FROM support_notes WHERE session_id = ?', sessionId)).toEqual([{ author_email: mail('tom'), text: 'reinstalled the VPN client' }]);
    expect(auditRows(e, 'support.note')).toMatchObject([{ actor_email: mail('tom'), subject: sessionId, data: { text: 'reinstalled the VPN client' } }]);
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: mail('uma'), subject: sessionId, data: { action: 'support.note', code: 'NOT_THE_TECHNICIAN' } }]);

    // 12 minutes in, tom ends and documents the session: the closure reports the note.
    e.clock.advance(5 * MIN);
    expect(answerOf(await press(e, 'tom', tomCard, ACTION.endSession, { value: sessionId }))).toMatch(/^Session ended/);
    await e.settle();
    // A note on the stale live card once the session is over is refused.
    expect(answerOf(await submitForm(e, 'tom', tomCard, MODAL.note, { [SUPPORT_FIELD.note]: 'too late' }))).toMatch(/this session is ended, so it cannot be used now/i);
    expect(auditRows(e, 'refused').at(-1)).toMatchObject({ actor_email: mail('tom'), subject: sessionId, data: { action: 'support.note', code: 'WRONG_SESSION_STATE' } });
    expect(verbsOn(nowShown(e, tomCard))).toEqual([MODAL.documentation]);
    const documented = await submitForm(e, 'tom', cardWith(e, chatOf(e, 'tom'), MODAL.documentation, sessionId), MODAL.documentation, {
      [SUPPORT_FIELD.actionsTaken]: 'reinstalled the VPN client, cleared the DNS cache',
      [SUPPORT_FIELD.outcome]: 'VPN stays connected',
      [SUPPORT_FIELD.followUps]: '',
    });
    expect(answerOf(documented)).toMatch(/^Thank you: the session is documented/);
    await e.settle();

    const closures = [chatOf(e, 'alice'), chatOf(e, 'tom'), TEAMS_SUPPORT_CHANNEL].map((where) => shownIn(e, where).find((s) => readableOf(s).includes('Support session closed')));
    for (const closure of closures) {
      expect(closure).toBeDefined();
      expect(readableOf(closure!)).toContain('1 note');
      expect(readableOf(closure!)).toContain('lasted 12m and was ended by the technician');
      expect(readableOf(closure!)).toContain('reinstalled the VPN client, cleared the DNS cache');
    }
    expect(dbAll(e, 'SELECT text FROM support_notes WHERE session_id = ?', sessionId)).toEqual([{ text: 'reinstalled the VPN client' }]);
    const phases = auditRows(e).map((r) => r.type).filter((t) => t.startsWith('support.'));
    expect(phases.indexOf('support.note')).toBeGreaterThan(phases.indexOf('support.access.provisioned'));
    expect(phases.indexOf('support.note')).toBeLessThan(phases.indexOf('support.ended'));
    expect(phases.at(-1)).toBe('support.closed');
  });
});
