import { describe, expect, it } from 'vitest';
import type { Notification, Recipient, SessionSummary } from '../../../src/core/notifications.js';
import type { SessionEndReason } from '../../../src/core/support-types.js';
import { ACTION } from '../../../views/action-ids.js';
import { cardForNotification } from '../../../views/cards/notification-card.js';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX } from '../../../views/slack/limits.js';
import { renderNotificationForSlack } from '../../../views/slack/slack-notification.js';
import { actionIds, buttons, expectValidMessage, visibleText } from './block-kit-validator.js';
import {
  APPROVER,
  documentation,
  END_USER,
  escalation,
  ESCALATION_ID,
  LEAD,
  PREVIOUS_TECHNICIAN,
  RECIPIENTS,
  request,
  samples,
  scope,
  session,
  SESSION_ID,
  supportClosure,
  T0,
  TECHNICIAN,
} from './samples.js';

const SUPPORT_CHANNEL: Recipient = { kind: 'channel', channel: 'support' };
const AUDIT_CHANNEL: Recipient = { kind: 'channel', channel: 'audit' };
const s = samples();
const render = (n: Notification, r: Recipient) => {
  const message = renderNotificationForSlack(n, r);
  expectValidMessage(message);
  return message;
};
const text = (n: Notification, r: Recipient) => visibleText(render(n, r).blocks);
const ids = (n: Notification, r: Recipient) => actionIds(render(n, r).blocks);

/** Session controls and Stop: none of these may survive on a card about an ended session. */
const LIVE_CONTROLS: string[] = [ACTION.requestElevation, ACTION.addNote, ACTION.endSession, ACTION.stopSession];

describe('the support request card (support channel)', () => {
  it('shows who, description, device, urgency, ticket and filed time, with a primary Claim', () => {
    const message = render(s['support.requested'], SUPPORT_CHANNEL);
    const t = visibleText(message.blocks);
    for (const fact of [END_USER, '*Description*\n>my laptop cannot reach the VPN since this morning', '*Device*\nLAPTOP-SAM-42', '*Urgency*\nHigh', '*Ticket*\nHD-1042', '*Filed*\n2026-01-05 09:00 UTC']) {
      expect(t).toContain(fact);
    }
    expect(buttons(message.blocks)).toEqual([expect.objectContaining({ action_id: ACTION.claimSession, value: SESSION_ID, style: 'primary', text: expect.objectContaining({ text: 'Claim' }) })]);
  });

  it('flags high urgency in the title, and not otherwise', () => {
    expect(render(s['support.requested'], SUPPORT_CHANNEL).text).toContain('(high urgency)');
    const normal = { ...s['support.requested'], session: session({ urgency: 'normal' }) };
    expect(render(normal, SUPPORT_CHANNEL).text).not.toContain('urgency');
  });

  it('says "not given" and "none" when the user left device and ticket out', () => {
    const bare = { ...s['support.requested'], session: session({ device: null, ticketRef: null }) };
    const t = text(bare, SUPPORT_CHANNEL);
    expect(t).toContain('*Device*\nnot given');
    expect(t).toContain('*Ticket*\nnone');
  });

  it('shows the scoped device once there is a scope, never "not given" beside it', () => {
    // The user named no device; the technician's scope names one. Both on one card read as a contradiction.
    const unnamed = samples(request(), undefined, { session: session({ device: null }) });
    let checked = 0;
    for (const [name, n] of Object.entries(unnamed)) {
      const scoped = 'session' in n && n.session.scope !== null;
      if (!scoped) continue;
      for (const r of [SUPPORT_CHANNEL, RECIPIENTS.endUser, RECIPIENTS.technician]) {
        const t = text(n, r);
        expect(t, `${name} to ${JSON.stringify(r)}`).not.toContain('not given');
        if (t.includes('*Device*')) expect(t).toContain('*Device*\nLAPTOP-SAM-42');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('is re-rendered when claimed: who has it, Reassign instead of Claim', () => {
    const message = render(s['support.claimed'], SUPPORT_CHANNEL);
    expect(visibleText(message.blocks)).toContain(`Claimed by ${TECHNICIAN}`);
    expect(buttons(message.blocks)).toEqual([expect.objectContaining({ action_id: ACTION.reassignSession, value: SESSION_ID })]);
    expect(buttons(message.blocks)[0]!.style).toBeUndefined();
  });

  it('is re-rendered when reassigned: from whom, to whom, by whom', () => {
    const t = text(s['support.reassigned'], SUPPORT_CHANNEL);
    expect(t).toContain(`Reassigned from ${PREVIOUS_TECHNICIAN} to ${TECHNICIAN} by ${LEAD}`);
    expect(ids(s['support.reassigned'], SUPPORT_CHANNEL)).toEqual([ACTION.reassignSession]);
  });

  it('is re-rendered when cancelled, with no buttons', () => {
    const message = render(s['support.cancelled'], SUPPORT_CHANNEL);
    expect(visibleText(message.blocks)).toContain(`Cancelled by ${END_USER}`);
    expect(buttons(message.blocks)).toEqual([]);
  });

  it('never offers the end user Claim on their own request', () => {
    expect(ids(s['support.requested'], RECIPIENTS.endUser)).toEqual([]);
    expect(ids(s['support.offered'], RECIPIENTS.endUser)).toEqual([]);
  });

  it('offers an unclaimed request to one technician, saying for how long it waited', () => {
    const message = render(s['support.offered'], RECIPIENTS.technician);
    expect(visibleText(message.blocks)).toContain('Nobody has claimed sam@example.com\'s request for 15m');
    expect(actionIds(message.blocks)).toEqual([ACTION.claimSession]);
  });
});

describe('what the end user hears before the session', () => {
  it('received: we got it, with a confirmed Cancel request carrying the session id', () => {
    const message = render(s['support.received'], RECIPIENTS.endUser);
    expect(visibleText(message.blocks)).toContain('We got your request');
    const [cancel] = buttons(message.blocks);
    expect(cancel).toMatchObject({ action_id: ACTION.cancelSupport, value: SESSION_ID, text: { text: 'Cancel request' } });
    expect(cancel?.confirm).toBeDefined();
  });

  it('claimed: names the technician', () => {
    expect(text(s['support.claimed'], RECIPIENTS.endUser)).toContain(`${TECHNICIAN} will help you`);
    expect(ids(s['support.claimed'], RECIPIENTS.endUser)).toEqual([]);
  });

  it('reassigned: names the new technician and says consent is asked again', () => {
    const t = text(s['support.reassigned'], RECIPIENTS.endUser);
    expect(t).toContain(`now with ${TECHNICIAN}`);
    expect(t).toContain('ask for your consent again');
  });

  it('recognises the end user whatever the email case', () => {
    expect(ids(s['support.received'], { kind: 'person', email: 'Sam@Example.COM' })).toEqual([ACTION.cancelSupport]);
  });
});

describe('what the technician hears before the session', () => {
  it('claimed: record the scope first, with a primary Define scope', () => {
    const message = render(s['support.claimed'], RECIPIENTS.technician);
    expect(visibleText(message.blocks)).toContain('Record the scope before anything starts');
    expect(buttons(message.blocks)).toEqual([expect.objectContaining({ action_id: ACTION.defineScope, value: SESSION_ID, style: 'primary' })]);
  });

  it('reassigned to them: Define scope, and who handed it over', () => {
    const message = render(s['support.reassigned'], RECIPIENTS.technician);
    expect(visibleText(message.blocks)).toContain(`${LEAD} reassigned ${END_USER}'s request to you from ${PREVIOUS_TECHNICIAN}`);
    expect(actionIds(message.blocks)).toEqual([ACTION.defineScope]);
  });

  it('reassigned away: informational for the previous technician', () => {
    const t = text(s['support.reassigned'], RECIPIENTS.previousTechnician);
    expect(t).toContain(`${LEAD} reassigned ${END_USER}'s request to ${TECHNICIAN}`);
    expect(t).toContain('no longer yours');
  });

  it('recognises the technician whatever the email case', () => {
    expect(ids(s['support.claimed'], { kind: 'person', email: 'Tina@EXAMPLE.com' })).toEqual([ACTION.defineScope]);
  });
});

describe('escalations', () => {
  it('admin rights for the scope: what is asked, the scope, who, with Approve (primary) and Deny (danger)', () => {
    const message = render(s['support.escalation_needed'], RECIPIENTS.approver);
    const t = visibleText(message.blocks);
    for (const fact of [
      `${TECHNICIAN} asks for admin rights for the session scope (full control and admin rights on LAPTOP-SAM-42)`,
      `*Technician*\n${TECHNICIAN}`,
      `*End user*\n${END_USER}`,
      '*Interaction*\nControl',
      '*Admin rights*\nYes',
      '• Copying data off the device',
    ]) {
      expect(t).toContain(fact);
    }
    const [approve, deny] = buttons(message.blocks);
    expect(approve).toMatchObject({ action_id: ACTION.approveEscalation, value: ESCALATION_ID, style: 'primary', text: { text: 'Approve' } });
    expect(deny).toMatchObject({ action_id: ACTION.denyEscalation, value: ESCALATION_ID, style: 'danger', text: { text: 'Deny' } });
  });

  it('an elevation: the described privileged action and its time box', () => {
    const needed: Notification = {
      kind: 'support.escalation_needed',
      session: { ...s['support.session_active'].session },
      escalation: escalation({ kind: 'elevation', description: 'reinstall the VPN client driver', durationMs: 15 * 60_000 }),
    };
    const t = text(needed, RECIPIENTS.approver);
    expect(t).toContain('*Privileged action*\n>reinstall the VPN client driver');
    expect(t).toContain('*Time box*\n15m');
    expect(t).toContain('an elevation for 15m');
    expect(ids(needed, RECIPIENTS.approver)).toEqual([ACTION.approveEscalation, ACTION.denyEscalation]);
  });

  it('is never decidable by the technician or the end user', () => {
    expect(ids(s['support.escalation_needed'], RECIPIENTS.technician)).toEqual([]);
    expect(ids(s['support.escalation_needed'], RECIPIENTS.endUser)).toEqual([]);
  });

  it('decided, for approvers: outcome, who decided, the reason, no buttons', () => {
    const message = render(s['support.escalation_decided'], RECIPIENTS.approver);
    const t = visibleText(message.blocks);
    expect(t).toContain(`Denied by ${APPROVER}`);
    expect(t).toContain('*Reason*\n>no incident ticket was open at the time');
    expect(buttons(message.blocks)).toEqual([]);
  });

  it('a denied admin scope sends the technician back to Define scope, with the reason', () => {
    const message = render(s['support.escalation_decided'], RECIPIENTS.technician);
    const t = visibleText(message.blocks);
    expect(t).toContain(`${APPROVER} denied admin rights`);
    expect(t).toContain('without admin rights');
    expect(t).toContain('*Reason*\n>no incident ticket was open at the time');
    expect(buttons(message.blocks)).toEqual([expect.objectContaining({ action_id: ACTION.defineScope, value: SESSION_ID, style: 'primary' })]);
  });

  const elevationDecided = (status: 'approved' | 'denied'): Notification => ({
    kind: 'support.escalation_decided',
    session: s['support.session_active'].session,
    escalation: escalation({
      kind: 'elevation',
      description: 'reinstall the VPN client driver',
      durationMs: 15 * 60_000,
      status,
      decidedByEmail: APPROVER,
      reason: status === 'denied' ? 'use the self-service installer' : null,
      expiresAt: status === 'approved' ? T0 + 45 * 60_000 : null,
    }),
  });

  it('an approved elevation tells the technician until when, and the approvers the same', () => {
    expect(text(elevationDecided('approved'), RECIPIENTS.technician)).toContain(`${APPROVER} approved your elevation until 2026-01-05 09:45 UTC`);
    expect(text(elevationDecided('approved'), RECIPIENTS.approver)).toContain(`Approved by ${APPROVER} until 2026-01-05 09:45 UTC`);
    for (const r of [RECIPIENTS.technician, RECIPIENTS.approver]) expect(ids(elevationDecided('approved'), r)).toEqual([]);
  });

  it('a denied elevation gives the reason and no Define scope (the session is live)', () => {
    const t = text(elevationDecided('denied'), RECIPIENTS.technician);
    expect(t).toContain(`${APPROVER} denied your elevation`);
    expect(t).toContain('>use the self-service installer');
    expect(ids(elevationDecided('denied'), RECIPIENTS.technician)).toEqual([]);
  });
});

describe('consent', () => {
  it('names the technician, the full scope, what is prohibited and the deadline, with Allow and Decline', () => {
    const message = render(s['support.consent_needed'], RECIPIENTS.endUser);
    const t = visibleText(message.blocks);
    for (const fact of [
      `${TECHNICIAN} from the support team asks to connect to LAPTOP-SAM-42 (full control and admin rights)`,
      '*Device*\nLAPTOP-SAM-42',
      '*Interaction*\nControl',
      '*Admin rights*\nYes',
      `*Technician*\n${TECHNICIAN}`,
      '*Answer by*\n2026-01-05 09:30 UTC',
      'The technician may not:\n• Opening personal files, email or chat\n• Copying data off the device\n• Changing security settings',
    ]) {
      expect(t).toContain(fact);
    }
    const [allow, decline] = buttons(message.blocks);
    expect(allow).toMatchObject({ action_id: ACTION.allowSession, value: SESSION_ID, style: 'primary', text: { text: 'Allow' } });
    expect(decline).toMatchObject({ action_id: ACTION.declineSession, value: SESSION_ID, style: 'danger', text: { text: 'Decline' } });
  });

  it('shows view only without admin rights as such', () => {
    const n = { ...s['support.consent_needed'], session: { ...s['support.consent_needed'].session, scope: scope({ interaction: 'view', adminRights: false }) } };
    const t = text(n, RECIPIENTS.endUser);
    expect(t).toContain('*Interaction*\nView only');
    expect(t).toContain('*Admin rights*\nNo');
    expect(t).toContain('(view-only access)');
  });

  it('says so when nothing is prohibited beyond the scope', () => {
    const n = { ...s['support.consent_needed'], session: { ...s['support.consent_needed'].session, scope: scope({ prohibitedActions: [] }) } };
    expect(text(n, RECIPIENTS.endUser)).toContain('The technician may not: nothing listed beyond the scope above.');
  });

  const declined: Notification = { kind: 'support.consent_answered', session: { ...s['support.consent_needed'].session, status: 'declined' }, allowed: false };

  it.each([
    ['allowed', s['support.consent_answered'], 'You allowed'],
    ['declined', declined, 'You declined'],
    ['expired', s['support.consent_expired'], 'Nobody answered in time'],
    ['cancelled', s['support.cancelled'], 'You cancelled this request'],
  ] as const)('re-rendered for the end user when %s: the outcome, no buttons', (_name, n, phrase) => {
    const message = render(n, RECIPIENTS.endUser);
    expect(visibleText(message.blocks)).toContain(phrase);
    expect(buttons(message.blocks)).toEqual([]);
  });

  it.each([
    ['allowed', s['support.consent_answered'], `${END_USER} allowed the session`],
    ['declined', declined, `${END_USER} declined the session`],
    ['expired', s['support.consent_expired'], `${END_USER} did not answer in time`],
  ] as const)('told to the technician when %s, informational', (_name, n, phrase) => {
    expect(text(n, RECIPIENTS.technician)).toContain(phrase);
    expect(ids(n, RECIPIENTS.technician)).toEqual([]);
  });

  it('a request cancelled before it was scoped shows no scope to the end user', () => {
    const n: Notification = { kind: 'support.cancelled', session: session({ status: 'cancelled' }) };
    const t = text(n, RECIPIENTS.endUser);
    expect(t).toContain('You cancelled this request');
    expect(t).not.toContain('may not');
  });
});

describe('the live session', () => {
  it('gives the technician the controls, the scope, the prohibited actions, the hard stop and the idle timeout', () => {
    const message = render(s['support.session_active'], RECIPIENTS.technician);
    const t = visibleText(message.blocks);
    for (const fact of ['*Hard stop*\n2026-01-05 11:00 UTC', '*Idle timeout*\n15m', '*Interaction*\nControl', 'Prohibited in this session:\n• Opening personal files']) {
      expect(t).toContain(fact);
    }
    const [elevate, note, end] = buttons(message.blocks);
    expect(elevate).toMatchObject({ action_id: ACTION.requestElevation, value: SESSION_ID, text: { text: 'Request elevation' } });
    expect(note).toMatchObject({ action_id: ACTION.addNote, value: SESSION_ID, text: { text: 'Add note' } });
    expect(end).toMatchObject({ action_id: ACTION.endSession, value: SESSION_ID, style: 'danger', text: { text: 'End session' } });
    expect(end?.confirm).toMatchObject({ title: { text: 'End the session now?' }, style: 'danger' });
  });

  it('tells the end user who is connected to what, with a confirmed Stop', () => {
    const message = render(s['support.session_active'], RECIPIENTS.endUser);
    expect(visibleText(message.blocks)).toContain(`${TECHNICIAN} is now connected to LAPTOP-SAM-42 with full control and admin rights`);
    const [stop] = buttons(message.blocks);
    expect(stop).toMatchObject({ action_id: ACTION.stopSession, value: SESSION_ID, style: 'danger', text: { text: 'Stop' } });
    expect(stop?.confirm).toMatchObject({ text: { text: 'This ends the session and withdraws your consent.' } });
  });

  it('warns the technician when idle: ends at endsAt unless a control is used; Add note and End session', () => {
    const message = render(s['support.idle_warning'], RECIPIENTS.technician);
    expect(visibleText(message.blocks)).toContain('It ends at 2026-01-05 10:00 UTC unless you use a control');
    expect(actionIds(message.blocks)).toEqual([ACTION.addNote, ACTION.endSession]);
  });

  it.each([
    ['ended_by_technician', 'was ended by you', 'was ended by the technician'],
    ['stopped_by_user', 'was stopped by the user', 'was stopped by you'],
    ['idle', 'idle timeout', 'idle timeout'],
    ['max_duration', 'reached its maximum duration', 'reached its maximum duration'],
  ] as const)('ended (%s): says why, revokes, asks the technician to document; no stale controls', (reason: SessionEndReason, forTech, forUser) => {
    const n: Notification = { ...s['support.session_ended'], endReason: reason };
    const tech = render(n, RECIPIENTS.technician);
    const t = visibleText(tech.blocks);
    expect(t).toContain(forTech);
    expect(t).toContain('is being revoked');
    expect(t).toContain('actions you took, the outcome and any follow-ups');
    expect(buttons(tech.blocks)).toEqual([expect.objectContaining({ action_id: ACTION.documentSession, value: SESSION_ID, style: 'primary' })]);
    const user = render(n, RECIPIENTS.endUser);
    expect(visibleText(user.blocks)).toContain(forUser);
    expect(buttons(user.blocks)).toEqual([]);
    for (const id of [...actionIds(tech.blocks), ...actionIds(user.blocks)]) expect(LIVE_CONTROLS).not.toContain(id);
  });

  it('reminds the technician of an undocumented session, with the count and Document session', () => {
    const message = render(s['support.documentation_reminder'], RECIPIENTS.technician);
    const t = visibleText(message.blocks);
    expect(t).toContain('flagged as undocumented');
    expect(t).toContain('*Reminders*\n2 reminders sent');
    expect(actionIds(message.blocks)).toEqual([ACTION.documentSession]);
  });

  it('once documented, says by whom and when, and no longer offers Document session', () => {
    const message = render(s['support.documented'], RECIPIENTS.technician);
    expect(visibleText(message.blocks)).toContain(`Documented by ${TECHNICIAN} at 2026-01-05 10:00 UTC.`);
    expect(message.text).toContain(`Documented by ${TECHNICIAN}`);
    expect(buttons(message.blocks)).toEqual([]);
  });

  it('gives anyone else the facts without the controls', () => {
    for (const kind of ['support.session_active', 'support.idle_warning', 'support.session_ended', 'support.documentation_reminder'] as const) {
      expect(ids(s[kind], SUPPORT_CHANNEL)).toEqual([]);
      expect(ids(s[kind], RECIPIENTS.approver)).toEqual([]);
    }
  });
});

describe('the closure summary', () => {
  const closed = s['support.closed'];

  it('has who, scope, consent time, escalations, times, duration, end reason, documentation and notes', () => {
    const t = text(closed, SUPPORT_CHANNEL);
    for (const fact of [
      `*End user*\n${END_USER}`,
      `*Technician*\n${TECHNICIAN}`,
      '*Device*\nLAPTOP-SAM-42',
      '*Scope*\nfull control and admin rights',
      '*Consent given*\n2026-01-05 09:19 UTC',
      '*Started*\n2026-01-05 09:20 UTC',
      '*Ended*\n2026-01-05 10:05 UTC',
      '*Duration*\n45m',
      '*End reason*\nended by the technician',
      '*Notes*\n3 notes',
      `Admin rights for the session scope: admin rights on LAPTOP-SAM-42 — approved by ${APPROVER}`,
      `Elevation (15m): reinstall the VPN client driver — approved by ${APPROVER} until 2026-01-05 09:45 UTC`,
      '*Actions taken*\n>Reinstalled the VPN client',
      '*Outcome*\n>VPN connects again; Sam confirmed.',
      '*Follow-ups*\n>Replace the Wi-Fi card',
    ]) {
      expect(t).toContain(fact);
    }
  });

  it('names the scope once, not again as separate interaction and admin-rights fields', () => {
    const t = text(closed, SUPPORT_CHANNEL);
    expect(t).toContain('*Scope*\nfull control and admin rights');
    expect(t).not.toContain('*Interaction*');
    expect(t).not.toContain('*Admin rights*');
    expect(text({ kind: 'support.closed', closure: supportClosure(session(), { scope: null }) }, SUPPORT_CHANNEL)).toContain('*Scope*\nnot recorded');
  });

  it('is the same card for the end user, the technician and the support channel, with no buttons', () => {
    const card = cardForNotification(closed, SUPPORT_CHANNEL);
    expect(cardForNotification(closed, RECIPIENTS.endUser)).toEqual(card);
    expect(cardForNotification(closed, RECIPIENTS.technician)).toEqual(card);
    expect(card.actions).toEqual([]);
  });

  it('shows denied escalations with who denied and why, and says when there were none', () => {
    const denied = supportClosure(session(), { escalations: [escalation({ status: 'denied', decidedByEmail: APPROVER, reason: 'not for a VPN issue' })] });
    expect(text({ kind: 'support.closed', closure: denied }, SUPPORT_CHANNEL)).toContain(`denied by ${APPROVER}: not for a VPN issue`);
    expect(text({ kind: 'support.closed', closure: supportClosure(session(), { escalations: [] }) }, SUPPORT_CHANNEL)).toContain('Escalations: none.');
  });

  it('says "none" for empty follow-ups and flags a missing documentation', () => {
    expect(text({ kind: 'support.closed', closure: supportClosure(session(), { documentation: documentation({ followUps: '' }) }) }, SUPPORT_CHANNEL)).toContain('*Follow-ups*\n>none');
    expect(text({ kind: 'support.closed', closure: supportClosure(session(), { documentation: null }) }, SUPPORT_CHANNEL)).toContain('The session was not documented.');
  });

  it('cuts 10,000-character documentation to Slack limits, each quote ending with an ellipsis', () => {
    const huge = 'x'.repeat(10_000);
    const n: Notification = { kind: 'support.closed', closure: supportClosure(session(), { documentation: { actionsTaken: huge, outcome: huge, followUps: huge } }) };
    const message = render(n, SUPPORT_CHANNEL);
    const quotes = message.blocks.flatMap((b) => (b.type === 'section' && b.text && /^\*(Actions taken|Outcome|Follow-ups)\*/.test(b.text.text) ? [b.text.text] : []));
    expect(quotes).toHaveLength(3);
    for (const q of quotes) {
      expect(q.length).toBe(SECTION_TEXT_MAX);
      expect(q.endsWith('…')).toBe(true);
    }
  });

  it('stays within one message with many escalations, keeping the documentation', () => {
    const many = Array.from({ length: 80 }, (_, i) => escalation({ escalationId: `esc_${i}`, kind: 'elevation', description: `step ${i} `.repeat(20), durationMs: 15 * 60_000, status: 'approved', decidedByEmail: APPROVER }));
    const message = render({ kind: 'support.closed', closure: supportClosure(session(), { escalations: many }) }, SUPPORT_CHANNEL);
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX);
    expect(visibleText(message.blocks)).toContain('*Outcome*\n>VPN connects again');
  });
});

describe('the support access alert', () => {
  it('after the session ended, a failing removal is loud: the access may still be live', () => {
    const message = render(s['support.access_failing'], AUDIT_CHANNEL);
    expect(message.text.startsWith('⚠️')).toBe(true);
    const t = visibleText(message.blocks);
    expect(t).toContain('has failed 3 times');
    expect(t).toContain('may still be live');
    expect(t).toContain('*Last error*\n>no incident ticket was open at the time');
    expect(buttons(message.blocks)).toEqual([]);
  });

  it('while the session is active, it is the set-up that fails', () => {
    const n = { ...s['support.access_failing'], session: { ...s['support.access_failing'].session, status: 'active' as const } };
    expect(text(n, AUDIT_CHANNEL)).toContain(`Setting up ${TECHNICIAN}'s access`);
  });
});

describe('support cards with huge user text', () => {
  const HUGE = 'y'.repeat(10_000);
  const hugeSession: SessionSummary = session({ description: HUGE, device: HUGE, ticketRef: HUGE });
  const all = samples(request(), HUGE, { session: hugeSession, documentation: documentation({ actionsTaken: HUGE, outcome: HUGE, followUps: HUGE }), prohibited: [HUGE, HUGE] });
  const kinds = (Object.keys(all) as Array<keyof typeof all>).filter((k) => k.startsWith('support.'));

  it.each(kinds)('%s stays within Slack limits for every audience', (kind) => {
    for (const recipient of [...Object.values(RECIPIENTS), SUPPORT_CHANNEL]) {
      const message = render(all[kind], recipient);
      expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX);
      // Titles never carry typed text, so they stay short whatever the user wrote.
      const header = message.blocks[0];
      expect(header?.type === 'header' && header.text.text).not.toContain('yyyy');
    }
  });
});
