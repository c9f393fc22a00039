/**
 * Remote support from Slack, end to end (the real `serve` and Bolt app over signed HTTP, the fake
 * Slack Web API, the webhook receiver as the support provider): `/need-support` to a documented
 * closure, the request form, consent declined, expired, or answered by the wrong person, and a
 * technician trying to claim their own request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, SUPPORT_FIELD } from '../../views/action-ids.js';
import type { FakeSlackCall, FakeSlackMessage } from '../fixtures/fake-slack-api.js';
import { buttonValue, buttonsIn, textOf } from '../support/slack-blocks.js';
import { startSlackE2E, type SlackE2E } from '../support/slack-e2e-harness.js';
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
/** What a message shows now: fallback text and the text of every block. */
const shown = (m: { text: string; blocks: unknown[] | undefined }): string => `${m.text}\n${textOf(m.blocks)}`;
const actionIds = (m: { blocks: unknown[] | undefined }): string[] => buttonsIn(m.blocks).map((b) => b.action_id);
/** mrkdwn as a person reads it: Slack shows `&amp;` as `&`. */
const unescapeMrkdwn = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The message in `channel` that carries (or, before an edit, carried) this button with this value. */
function cardWith(channel: string, actionId: string, value: string): FakeSlackMessage {
  const card = e.slack.messages.find(
    (m) => m.channel === channel && [m.blocks, ...m.history.map((h) => h.blocks)].some((blocks) => buttonValue(blocks, actionId) === value),
  );
  if (!card) throw new Error(`no message in ${channel} with ${actionId}=${value}; there: ${e.slack.messages.filter((m) => m.channel === channel).map((m) => m.text).join(' | ')}`);
  return card;
}

const session = (id: string) => e.gatehouse.gatehouse.engine.support.get(id)!;
const sessionCount = (): number => (e.gatehouse.gatehouse.db.$client.prepare('select count(*) n from support_sessions').get() as { n: number }).n;
const grantsAt = (event: 'grant' | 'revoke', sessionId: string) => e.webhook.calls.filter((c) => c.event === event && c.status === 200 && c.grant?.request_id === sessionId);
/** Every Web API call Gatehouse made was accepted (a card Slack would reject fails here, not silently). */
const failedCalls = (): FakeSlackCall[] => e.slack.calls.filter((c) => c.response.ok !== true);

// ---- doing things in Slack ------------------------------------------------------------------

async function needSupport(who: Who, text: string): Promise<{ res: SlackResponse; sessionId: string }> {
  const res = await e.client.slashCommand({ command: '/need-support', text, userId: uid(who), channelId: 'CGENERAL' });
  expect(res.status).toBe(200);
  const sessionId = /\((sup_[A-Za-z0-9]+)\)/.exec(JSON.stringify(res.json ?? ''))?.[1];
  if (!sessionId) throw new Error(`no session filed: ${res.body}`);
  await quiesce(e);
  return { res, sessionId };
}

async function click(who: Who, actionId: string, value: string, on?: { channel: string; ts: string }): Promise<SlackResponse> {
  const res = await e.client.blockAction({ userId: uid(who), actionId, value, channelId: on?.channel ?? dmOf(who), ...(on ? { messageTs: on.ts } : {}) });
  expect(res.status).toBe(200);
  await quiesce(e);
  return res;
}

type View = { id: string; callback_id?: string; private_metadata?: string; blocks?: Array<Record<string, unknown>> };

/** The modal a click or command opened (the newest views.open of this callback id). */
function openedView(callbackId: string): View {
  const call = e.slack.callsOf('views.open').filter((c) => c.response.ok && (c.params.view as View).callback_id === callbackId).at(-1);
  if (!call) throw new Error(`no ${callbackId} modal was opened; views.open calls: ${e.slack.callsOf('views.open').length}`);
  return call.response.view as View;
}

const text = (value: string | null) => ({ type: 'plain_text_input', value });

/** Submits an opened modal the way Slack does: its id, and the private_metadata Gatehouse put in it. */
async function submit(who: Who, view: View, values: ViewSubmissionInput['values']): Promise<SlackResponse> {
  const res = await e.client.viewSubmission({ userId: uid(who), callbackId: view.callback_id!, privateMetadata: view.private_metadata ?? '', viewId: view.id, values });
  expect(res.status).toBe(200);
  await quiesce(e);
  return res;
}

const scopeValues = (scope: { device: string; interaction: 'view' | 'control'; admin: boolean; prohibited: string }) => ({
  [SUPPORT_FIELD.device]: { [SUPPORT_FIELD.device]: text(scope.device) },
  [SUPPORT_FIELD.interaction]: { [SUPPORT_FIELD.interaction]: { type: 'radio_buttons', selected_option: { value: scope.interaction } } },
  [SUPPORT_FIELD.adminRights]: { [SUPPORT_FIELD.adminRights]: { type: 'checkboxes', selected_options: scope.admin ? [{ value: 'admin' }] : [] } },
  [SUPPORT_FIELD.prohibitedActions]: { [SUPPORT_FIELD.prohibitedActions]: text(scope.prohibited) },
});

const SCOPE = { device: 'LAPTOP-ALICE-7', interaction: 'control' as const, admin: false, prohibited: 'copy personal files\nread email' };

/** `tech` claims on the channel card, opens the scope form from their DM and submits SCOPE. */
async function claimAndScope(tech: Who, sessionId: string): Promise<void> {
  await click(tech, ACTION.claimSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId));
  await click(tech, ACTION.defineScope, sessionId, cardWith(dmOf(tech), ACTION.defineScope, sessionId));
  const res = await submit(tech, openedView(MODAL.scope), scopeValues(SCOPE));
  expect(res.body).toBe('');
}

/** alice files, tom claims and scopes: alice now holds a consent prompt. */
async function aliceAwaitsConsent(): Promise<{ sessionId: string; prompt: FakeSlackMessage }> {
  const { sessionId } = await needSupport('alice', PROBLEM);
  await claimAndScope('tom', sessionId);
  expect(session(sessionId).status).toBe('awaiting_consent');
  return { sessionId, prompt: cardWith(dmOf('alice'), ACTION.allowSession, sessionId) };
}

describe('remote support from /need-support to a documented closure', () => {
  it('files, claims, scopes, asks consent, provisions, notes, ends, revokes and closes in the channel thread', async () => {
    // alice types the problem inline: filed at once, answered privately.
    const { res, sessionId } = await needSupport('alice', PROBLEM);
    expect(JSON.stringify(res.json)).toContain('Support request filed');
    expect(session(sessionId)).toMatchObject({ status: 'open', endUserEmail: mail('alice'), description: PROBLEM });

    // The support channel gets a card with Claim; alice is told it was received.
    const channelCard = cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId);
    expect(channelCard.threadTs).toBeUndefined();
    expect(shown(channelCard)).toContain(PROBLEM);
    expect(shown(channelCard)).toContain(mail('alice'));
    expect(dmsTo('alice').map((m) => m.text)).toEqual([expect.stringMatching(/received/i)]);
    // alice's own copy lets her cancel, never claim.
    expect(actionIds(dmsTo('alice')[0]!)).toEqual([ACTION.cancelSupport]);

    // tom claims on the channel card: the card now says who has it (and offers no Claim); alice hears it.
    await click('tom', ACTION.claimSession, sessionId, channelCard);
    expect(session(sessionId)).toMatchObject({ status: 'claimed', technicianEmail: mail('tom') });
    const claimedCard = e.slack.message(SUPPORT_CHANNEL, channelCard.ts)!;
    expect(claimedCard.edits).toBe(1);
    expect(shown(claimedCard)).toContain(`Claimed by ${mail('tom')}`);
    expect(actionIds(claimedCard)).not.toContain(ACTION.claimSession);
    expect(shown(dmsTo('alice').at(-1)!)).toContain(`${mail('tom')} will help you`);
    expect(ephemeralsTo('tom')).toEqual([]);

    // tom's DM tells him to define the scope; the button opens the scope form for this session.
    const assigned = cardWith(dmOf('tom'), ACTION.defineScope, sessionId);
    expect(shown(assigned)).toContain(`You claimed ${mail('alice')}'s request`);
    await click('tom', ACTION.defineScope, sessionId, assigned);
    const scopeForm = openedView(MODAL.scope);
    expect(scopeForm.private_metadata).toBe(sessionId);
    const prohibitedInput = scopeForm.blocks?.find((b) => b.block_id === SUPPORT_FIELD.prohibitedActions) as { element: { initial_value?: string } };
    // The policy's default prohibitions are prefilled.
    expect(prohibitedInput.element.initial_value).toBe('copy personal files\nchange passwords');

    // A scope without a device or an interaction goes back into the form's fields; nothing moves.
    const incomplete = await submit('tom', scopeForm, {
      [SUPPORT_FIELD.device]: { [SUPPORT_FIELD.device]: text('  ') },
      [SUPPORT_FIELD.interaction]: { [SUPPORT_FIELD.interaction]: { type: 'radio_buttons', selected_option: null } },
      [SUPPORT_FIELD.adminRights]: { [SUPPORT_FIELD.adminRights]: { type: 'checkboxes', selected_options: [] } },
      [SUPPORT_FIELD.prohibitedActions]: { [SUPPORT_FIELD.prohibitedActions]: text(null) },
    });
    expect(incomplete.json).toEqual({ response_action: 'errors', errors: { [SUPPORT_FIELD.device]: 'Name the device.', [SUPPORT_FIELD.interaction]: 'Choose view only or control.' } });
    expect(session(sessionId)).toMatchObject({ status: 'claimed', scope: null });

    // tom records the scope: control, no admin rights, two prohibited actions. alice is asked.
    const scoped = await submit('tom', scopeForm, scopeValues(SCOPE));
    expect(scoped.body).toBe('');
    expect(session(sessionId)).toMatchObject({
      status: 'awaiting_consent',
      scope: { device: SCOPE.device, interaction: 'control', adminRights: false, prohibitedActions: ['copy personal files', 'read email'] },
    });
    const prompt = cardWith(dmOf('alice'), ACTION.allowSession, sessionId);
    const asked = shown(prompt);
    expect(asked).toContain(`Allow ${mail('tom')} to connect to your device?`);
    expect(asked).toContain(SCOPE.device);
    expect(asked).toContain('full control');
    expect(asked).toMatch(/Admin rights[\s\S]*No/);
    expect(asked).toContain('• copy personal files');
    expect(asked).toContain('• read email');
    expect(actionIds(prompt)).toEqual([ACTION.allowSession, ACTION.declineSession]);
    expect(buttonValue(prompt.blocks, ACTION.declineSession)).toBe(sessionId);
    // Nothing is provisioned before consent.
    expect(e.webhook.calls).toHaveLength(0);

    // alice allows: tom's access is granted through the support provider.
    await click('alice', ACTION.allowSession, sessionId, prompt);
    expect(ephemeralsTo('alice')).toEqual([]);
    const grants = grantsAt('grant', sessionId);
    expect(grants).toHaveLength(1);
    expect(grants[0]!.grant).toMatchObject({ subject_email: mail('tom'), resource: 'support', request_id: sessionId });
    expect(session(sessionId).status).toBe('active');
    // The prompt is answered in place: no buttons left.
    const answered = e.slack.message(prompt.channel, prompt.ts)!;
    expect(actionIds(answered)).toEqual([]);
    expect(shown(answered)).toContain(`You allowed ${mail('tom')}`);
    // alice holds Stop; tom holds the session controls.
    const aliceLive = cardWith(dmOf('alice'), ACTION.stopSession, sessionId);
    expect(shown(aliceLive)).toContain(`${mail('tom')} is connected to your device`);
    const tomLive = cardWith(dmOf('tom'), ACTION.endSession, sessionId);
    expect(actionIds(tomLive)).toEqual([ACTION.requestElevation, ACTION.addNote, ACTION.endSession]);
    expect(shown(dmsTo('tom').find((m) => m.text.startsWith('Consent given'))!)).toContain(mail('alice'));

    // 7 minutes in, tom adds a note through the Add note form.
    e.clock.advance(7 * MIN);
    await click('tom', ACTION.addNote, sessionId, tomLive);
    const noteForm = openedView(MODAL.note);
    expect(noteForm.private_metadata).toBe(sessionId);
    const noted = await submit('tom', noteForm, { [SUPPORT_FIELD.note]: { [SUPPORT_FIELD.note]: text('reinstalled the VPN client') } });
    expect(noted.body).toBe('');
    expect(auditRows(e, 'support.note')).toMatchObject([{ actor_email: mail('tom'), subject: sessionId, data: { text: 'reinstalled the VPN client' } }]);

    // 12 minutes in, tom ends the session: revoked at the provider, and he is asked to document it.
    e.clock.advance(5 * MIN);
    await click('tom', ACTION.endSession, sessionId, tomLive);
    const revokes = grantsAt('revoke', sessionId);
    expect(revokes).toHaveLength(1);
    expect(revokes[0]!.grant?.id).toBe(grants[0]!.grant?.id);
    expect(session(sessionId)).toMatchObject({ status: 'ended', endReason: 'ended_by_technician', documentedAt: null });
    const tomEnded = e.slack.message(tomLive.channel, tomLive.ts)!;
    expect(shown(tomEnded)).toContain('please document it');
    expect(actionIds(tomEnded)).toEqual([ACTION.documentSession]);
    const aliceEnded = e.slack.message(aliceLive.channel, aliceLive.ts)!;
    expect(actionIds(aliceEnded)).toEqual([]);
    expect(shown(aliceEnded)).toContain('was ended by the technician');
    // No closure before the documentation is in.
    expect(e.slack.messages.filter((m) => m.text.startsWith('Support session closed'))).toHaveLength(0);

    // tom documents: the closure summary goes to alice, tom, and the channel card's thread.
    await click('tom', ACTION.documentSession, sessionId, tomEnded);
    const docForm = openedView(MODAL.documentation);
    expect(docForm.private_metadata).toBe(sessionId);
    const documented = await submit('tom', docForm, {
      [SUPPORT_FIELD.actionsTaken]: { [SUPPORT_FIELD.actionsTaken]: text('reinstalled the VPN client, cleared the DNS cache') },
      [SUPPORT_FIELD.outcome]: { [SUPPORT_FIELD.outcome]: text('VPN stays connected; alice confirmed') },
      [SUPPORT_FIELD.followUps]: { [SUPPORT_FIELD.followUps]: text('') },
    });
    expect(documented.body).toBe('');
    expect(session(sessionId).documentation).toEqual({ actionsTaken: 'reinstalled the VPN client, cleared the DNS cache', outcome: 'VPN stays connected; alice confirmed', followUps: '' });

    const closures = e.slack.messages.filter((m) => m.text.startsWith('Support session closed'));
    expect(closures.map((m) => m.channel).sort()).toEqual([SUPPORT_CHANNEL, dmOf('alice'), dmOf('tom')].sort());
    const inChannel = closures.find((m) => m.channel === SUPPORT_CHANNEL)!;
    expect(inChannel.threadTs).toBe(channelCard.ts);
    const threaded = e.slack.callsOf('chat.postMessage').filter((c) => c.params.channel === SUPPORT_CHANNEL && c.params.thread_ts !== undefined);
    expect(threaded.map((c) => c.params.thread_ts)).toEqual([channelCard.ts]);
    for (const closure of closures) {
      const summary = shown(closure);
      expect(summary).toContain(mail('alice'));
      expect(summary).toContain(mail('tom'));
      expect(summary).toContain(SCOPE.device);
      expect(summary).toContain('reinstalled the VPN client, cleared the DNS cache');
      expect(summary).toContain('VPN stays connected; alice confirmed');
      expect(summary).toContain('lasted 12m and was ended by the technician');
      expect(summary).toContain('1 note');
      expect(summary).toContain(PROBLEM);
      expect(summary).toContain(`Session ${sessionId}`);
      expect(actionIds(closure)).toEqual([]);
    }
    // The channel card itself stays where it was, with who had it.
    expect(shown(e.slack.message(SUPPORT_CHANNEL, channelCard.ts)!)).toContain(`Claimed by ${mail('tom')}`);

    // The trail has every phase, in order, and nothing was refused along the way.
    const phases = auditRows(e)
      .map((r) => r.type)
      .filter((t) => t.startsWith('support.') || t === 'refused');
    expect(phases).toEqual([
      'support.requested',
      'support.claimed',
      'support.scoped',
      'support.consent_requested',
      'support.consented',
      'support.access.provisioned',
      'support.note',
      'support.access.ended',
      'support.ended',
      'support.access.revoked',
      'support.documented',
      'support.closed',
    ]);
    expect(failedCalls()).toEqual([]);
    // Forms close silently in Slack, so each submission is confirmed privately; nothing else was refused.
    expect(ephemeralsTo('tom')).toEqual([
      'Scope recorded. alice@example.com is asked for consent now.',
      'Note added to the session record.',
      'Thank you: the session is documented and the closure summary is on its way.',
    ]);
    expect(ephemeralsTo('alice')).toEqual([]);
  });

  it('`/need-support` alone opens the form; an empty description is a field error and files nothing', async () => {
    const res = await e.client.slashCommand({ command: '/need-support', text: '', userId: uid('alice'), channelId: 'CGENERAL' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await quiesce(e);
    const form = openedView(MODAL.needSupport);
    expect(form.blocks?.map((b) => b.block_id)).toEqual(
      expect.arrayContaining([SUPPORT_FIELD.description, SUPPORT_FIELD.device, SUPPORT_FIELD.urgency, SUPPORT_FIELD.ticketRef]),
    );

    const values = (description: string | null) => ({
      [SUPPORT_FIELD.description]: { [SUPPORT_FIELD.description]: text(description) },
      [SUPPORT_FIELD.device]: { [SUPPORT_FIELD.device]: text('LAPTOP-ALICE-7') },
      [SUPPORT_FIELD.urgency]: { [SUPPORT_FIELD.urgency]: { type: 'static_select', selected_option: { value: 'high' } } },
      [SUPPORT_FIELD.ticketRef]: { [SUPPORT_FIELD.ticketRef]: text(null) },
    });
    for (const empty of ['', '   ', null]) {
      const refused = await submit('alice', form, values(empty));
      expect(refused.json).toEqual({ response_action: 'errors', errors: { [SUPPORT_FIELD.description]: expect.any(String) } });
    }
    expect(sessionCount()).toBe(0);
    expect(auditRows(e).filter((r) => r.type.startsWith('support.'))).toEqual([]);
    expect(e.slack.messages).toHaveLength(0);

    // Filled in, the same form files the request, and the channel card shows what was typed.
    const filed = await submit('alice', form, values(PROBLEM));
    expect(filed.body).toBe('');
    expect(sessionCount()).toBe(1);
    const card = e.slack.messages.find((m) => m.channel === SUPPORT_CHANNEL)!;
    expect(shown(card)).toContain(PROBLEM);
    expect(shown(card)).toContain('high urgency');
    expect(shown(card)).toContain('LAPTOP-ALICE-7');
    expect(actionIds(card)).toEqual([ACTION.claimSession]);
    expect(failedCalls()).toEqual([]);
  });
});

describe('consent', () => {
  it('declined: nothing is provisioned, the prompt shows the answer, and tom is told', async () => {
    const { sessionId, prompt } = await aliceAwaitsConsent();
    await click('alice', ACTION.declineSession, sessionId, prompt);

    expect(session(sessionId).status).toBe('declined');
    expect(e.webhook.calls).toHaveLength(0);
    const answered = e.slack.message(prompt.channel, prompt.ts)!;
    expect(actionIds(answered)).toEqual([]);
    expect(shown(answered)).toContain('You declined');
    const told = dmsTo('tom').find((m) => m.text.startsWith('Consent declined'));
    expect(told).toBeDefined();
    expect(shown(told!)).toContain(`${mail('alice')} declined the session on ${SCOPE.device}`);
    expect(actionIds(told!)).toEqual([]);
    // No session card for anyone: it never started.
    expect(e.slack.messages.filter((m) => buttonsIn(m.blocks).some((b) => b.action_id === ACTION.endSession || b.action_id === ACTION.stopSession))).toHaveLength(0);
    expect(auditRows(e, 'support.consent_declined')).toMatchObject([{ actor_email: mail('alice'), subject: sessionId }]);

    // Changing her mind on the old card changes nothing.
    await click('alice', ACTION.allowSession, sessionId, prompt);
    expect(ephemeralsTo('alice')).toEqual([expect.stringMatching(/declined/)]);
    expect(e.webhook.calls).toHaveLength(0);
    expect(failedCalls()).toEqual([]);
  });

  it('expires unanswered after 5 minutes: the prompt loses its buttons and a late Allow is refused privately', async () => {
    const { sessionId, prompt } = await aliceAwaitsConsent();

    await e.sweepAfter(5 * MIN - 1_000);
    expect(session(sessionId).status).toBe('awaiting_consent');
    expect(actionIds(e.slack.message(prompt.channel, prompt.ts)!)).toEqual([ACTION.allowSession, ACTION.declineSession]);

    await e.sweepAfter(1_000);
    await quiesce(e);
    expect(session(sessionId).status).toBe('consent_expired');
    const expired = e.slack.message(prompt.channel, prompt.ts)!;
    expect(actionIds(expired)).toEqual([]);
    expect(shown(expired)).toMatch(/expired/i);
    expect(dmsTo('tom').some((m) => m.text.startsWith('Consent expired'))).toBe(true);

    // alice finds the old prompt (say, in her notification history) and clicks Allow.
    await click('alice', ACTION.allowSession, sessionId, prompt);
    expect(ephemeralsTo('alice')).toHaveLength(1);
    expect(ephemeralsTo('alice')[0]).toMatch(/consent expired/);
    expect(session(sessionId).status).toBe('consent_expired');
    expect(e.webhook.calls).toHaveLength(0);
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: mail('alice'), subject: sessionId, data: { action: 'support.consent', code: 'WRONG_SESSION_STATE' } }]);
  });

  it('the prompt shows every prohibited action in full, even a long list the scope form accepts', async () => {
    const { sessionId } = await needSupport('alice', PROBLEM);
    await click('tom', ACTION.claimSession, sessionId, cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId));
    await click('tom', ACTION.defineScope, sessionId, cardWith(dmOf('tom'), ACTION.defineScope, sessionId));
    // 30 prohibitions (the most the form takes), 2,819 characters: within the input's 3,000.
    const prohibited = Array.from(
      { length: 30 },
      (_, i) => `#${String(i + 1).padStart(2, '0')} do not open, copy, move or delete the user's personal files & folders, mail & chat history`,
    );
    expect(prohibited.join('\n').length).toBeLessThanOrEqual(3_000);
    const res = await submit('tom', openedView(MODAL.scope), scopeValues({ ...SCOPE, prohibited: prohibited.join('\n') }));
    expect(res.body).toBe('');
    expect(session(sessionId).scope?.prohibitedActions).toEqual(prohibited);

    // alice consents to what she reads: every one of them must be on the prompt, none cut short.
    const prompt = cardWith(dmOf('alice'), ACTION.allowSession, sessionId);
    const read = unescapeMrkdwn(textOf(prompt.blocks));
    const missing = prohibited.filter((p) => !read.includes(`• ${p}`));
    expect(missing).toEqual([]);
    expect(failedCalls()).toEqual([]);
  });

  it('a click after the deadline but before the sweep is refused as expired too', async () => {
    const { sessionId, prompt } = await aliceAwaitsConsent();
    // The engine clock passes the deadline; no sweep has marked it yet.
    e.clock.advance(5 * MIN);
    await click('alice', ACTION.allowSession, sessionId, prompt);
    expect(ephemeralsTo('alice')).toEqual([expect.stringMatching(/has expired/)]);
    expect(e.webhook.calls).toHaveLength(0);
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: mail('alice'), data: { code: 'CONSENT_EXPIRED' } }]);
  });

  it('only the end user can answer: tom and bob clicking Allow on her prompt are refused, audited, and change nothing', async () => {
    const { sessionId, prompt } = await aliceAwaitsConsent();

    // tom (the technician himself) and bob (a bystander) have the session id and click Allow with it.
    await click('tom', ACTION.allowSession, sessionId);
    await click('bob', ACTION.allowSession, sessionId, { channel: 'CGENERAL', ts: prompt.ts });
    for (const who of ['tom', 'bob'] as const) {
      expect(ephemeralsTo(who).filter((m) => !m.startsWith('Scope recorded'))).toEqual(['Only the person being supported can answer for their device.']);
    }
    expect(e.slack.ephemeralsFor(uid('tom'))[0]!.channel).toBe(dmOf('tom'));
    expect(e.slack.ephemeralsFor(uid('bob'))[0]!.channel).toBe('CGENERAL');
    expect(auditRows(e, 'refused')).toMatchObject([
      { actor_email: mail('tom'), subject: sessionId, data: { action: 'support.consent', code: 'NOT_THE_END_USER' } },
      { actor_email: mail('bob'), subject: sessionId, data: { action: 'support.consent', code: 'NOT_THE_END_USER' } },
    ]);
    expect(session(sessionId).status).toBe('awaiting_consent');
    expect(e.webhook.calls).toHaveLength(0);
    // alice's prompt is untouched and still works.
    const untouched = e.slack.message(prompt.channel, prompt.ts)!;
    expect(untouched.edits).toBe(0);
    await click('alice', ACTION.allowSession, sessionId, prompt);
    expect(grantsAt('grant', sessionId)).toHaveLength(1);
    expect(grantsAt('grant', sessionId)[0]!.grant?.subject_email).toBe(mail('tom'));
  });
});

describe('claiming', () => {
  it('a technician cannot claim their own request', async () => {
    const { sessionId } = await needSupport('tom', 'my monitor flickers');
    const card = cardWith(SUPPORT_CHANNEL, ACTION.claimSession, sessionId);

    await click('tom', ACTION.claimSession, sessionId, card);
    expect(ephemeralsTo('tom')).toEqual(['A technician may not run a support session for themselves.']);
    expect(e.slack.ephemeralsFor(uid('tom'))[0]!.channel).toBe(SUPPORT_CHANNEL);
    expect(session(sessionId)).toMatchObject({ status: 'open', technicianEmail: null });
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: mail('tom'), subject: sessionId, data: { action: 'support.claim', code: 'SELF_SUPPORT' } }]);
    // The card still offers Claim to everyone else, and uma can take it.
    expect(e.slack.message(SUPPORT_CHANNEL, card.ts)!.edits).toBe(0);
    await click('uma', ACTION.claimSession, sessionId, card);
    expect(session(sessionId)).toMatchObject({ status: 'claimed', technicianEmail: mail('uma') });
    expect(ephemeralsTo('uma')).toEqual([]);
    expect(shown(e.slack.message(SUPPORT_CHANNEL, card.ts)!)).toContain(`Claimed by ${mail('uma')}`);
  });
});
