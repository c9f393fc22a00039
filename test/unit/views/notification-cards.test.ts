import { describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../../src/core/notifications.js';
import { ACTION, type ActionId } from '../../../views/action-ids.js';
import { cardForNotification } from '../../../views/cards/notification-card.js';
import { MESSAGE_BLOCKS_MAX } from '../../../views/slack/limits.js';
import { renderNotificationForSlack } from '../../../views/slack/slack-notification.js';
import { actionIds, buttons, expectValidMessage, visibleText } from './block-kit-validator.js';
import { APPROVER, ESCALATION_ID, KINDS, RECIPIENTS, REQUESTER, SESSION_ID, samples, type Audience } from './samples.js';

const { approve, deny, cancelRequest, endGrant, requestMore, confirmFulfilment, reviewAppropriate, reviewInappropriate } = ACTION;
const { claimSession, reassignSession, defineScope, approveEscalation, denyEscalation, allowSession, declineSession, requestElevation, addNote, endSession, stopSession, documentSession, cancelSupport } =
  ACTION;

/**
 * The buttons each kind offers to each audience; an audience not named gets `others`. For access
 * kinds that is everyone but the requester; for support kinds everyone but the end user and the
 * technicians (the support channel, escalation approvers, leads, unrelated people).
 */
type Expected = { others: ActionId[] } & Partial<Record<Audience, ActionId[]>>;
const EXPECTED_ACTIONS: Record<NotificationKind, Expected> = {
  'access.submitted': { requester: [cancelRequest], others: [] },
  'access.approval_needed': { requester: [cancelRequest], others: [approve, deny] },
  'access.approval_recorded': { requester: [cancelRequest], others: [approve, deny] },
  'access.approved': { requester: [], others: [] },
  'access.denied': { requester: [], others: [] },
  'access.cancelled': { requester: [], others: [] },
  'access.request_expired': { requester: [], others: [] },
  'access.active': { requester: [endGrant], others: [] },
  'access.ending_soon': { requester: [requestMore, endGrant], others: [] },
  'access.closed': { requester: [], others: [] },
  'access.fulfilment_needed': { requester: [], others: [confirmFulfilment] },
  'access.fulfilment_closed': { requester: [], others: [] },
  'access.revoke_failing': { requester: [], others: [] },
  'access.provision_failing': { requester: [], others: [] },
  'break_glass.used': { requester: [], others: [] },
  'break_glass.review_needed': { requester: [], others: [reviewAppropriate, reviewInappropriate] },
  'break_glass.review_overdue': { requester: [], others: [reviewAppropriate, reviewInappropriate] },
  'break_glass.reviewed': { requester: [], others: [] },
  'support.requested': { endUser: [], others: [claimSession] },
  'support.received': { endUser: [cancelSupport], others: [] },
  'support.offered': { endUser: [], others: [claimSession] },
  'support.claimed': { endUser: [], technician: [defineScope], others: [reassignSession] },
  'support.reassigned': { endUser: [], technician: [defineScope], previousTechnician: [], others: [reassignSession] },
  'support.escalation_needed': { endUser: [], technician: [], others: [approveEscalation, denyEscalation] },
  'support.escalation_decided': { endUser: [], technician: [defineScope], others: [] },
  'support.consent_needed': { endUser: [allowSession, declineSession], others: [] },
  'support.consent_answered': { others: [] },
  'support.consent_expired': { others: [] },
  'support.session_active': { endUser: [stopSession], technician: [requestElevation, addNote, endSession], others: [] },
  'support.idle_warning': { technician: [addNote, endSession], others: [] },
  'support.session_ended': { technician: [documentSession], others: [] },
  'support.documentation_reminder': { technician: [documentSession], others: [] },
  'support.documented': { others: [] },
  'support.closed': { others: [] },
  'support.cancelled': { others: [] },
  'support.access_failing': { others: [] },
};

const AUDIENCES = Object.keys(RECIPIENTS) as Audience[];
const cases = KINDS.flatMap((kind) => AUDIENCES.map((audience) => [kind, audience] as const));

describe('every notification kind, for every audience', () => {
  it('has a sample and an expectation for every kind', () => {
    expect(new Set(KINDS)).toEqual(new Set(Object.keys(EXPECTED_ACTIONS)));
  });

  it.each(cases)('%s for the %s renders a valid message with the expected buttons', (kind, audience) => {
    const message = renderNotificationForSlack(samples()[kind], RECIPIENTS[audience]);
    expectValidMessage(message);
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCKS_MAX);
    expect(message.blocks[0]?.type).toBe('header');
    expect(message.text.length).toBeGreaterThan(0);
    const expected = EXPECTED_ACTIONS[kind][audience] ?? EXPECTED_ACTIONS[kind].others;
    expect(actionIds(message.blocks)).toEqual(expected);
  });

  it.each(cases)('%s for the %s: every button carries the id it acts on', (kind, audience) => {
    const notification = samples()[kind];
    const valueFor: Partial<Record<ActionId, string>> = {
      [approve]: 'req_01JH2K3M4N5P6Q7R8S9T',
      [deny]: 'req_01JH2K3M4N5P6Q7R8S9T',
      [cancelRequest]: 'req_01JH2K3M4N5P6Q7R8S9T',
      [endGrant]: 'gr_01JH2K3M4N5P6Q7R8S9T',
      [requestMore]: 'prod-db',
      [confirmFulfilment]: 'task_01JH2K3M4N',
      [reviewAppropriate]: 'rev_01JH2K3M4N',
      [reviewInappropriate]: 'rev_01JH2K3M4N',
      [claimSession]: SESSION_ID,
      [reassignSession]: SESSION_ID,
      [defineScope]: SESSION_ID,
      [cancelSupport]: SESSION_ID,
      [allowSession]: SESSION_ID,
      [declineSession]: SESSION_ID,
      [requestElevation]: SESSION_ID,
      [addNote]: SESSION_ID,
      [endSession]: SESSION_ID,
      [stopSession]: SESSION_ID,
      [documentSession]: SESSION_ID,
      [approveEscalation]: ESCALATION_ID,
      [denyEscalation]: ESCALATION_ID,
    };
    for (const b of buttons(renderNotificationForSlack(notification, RECIPIENTS[audience]).blocks)) {
      expect(b.value, b.action_id).toBe(valueFor[b.action_id as ActionId]);
    }
  });
});

describe('the approval card', () => {
  const forApprover = (kind: NotificationKind) => renderNotificationForSlack(samples()[kind], RECIPIENTS.approver);

  it('shows requester, resource name and id, duration, justification, policy limit and progress while pending', () => {
    const text = visibleText(forApprover('access.approval_needed').blocks);
    for (const fact of [REQUESTER, 'Production database (prod-db)', '2h', '>investigating INC-4211 slow queries', 'up to 4h', '0 of 2 approvals']) {
      expect(text).toContain(fact);
    }
  });

  it('styles Approve as primary and Deny as danger, both carrying the request id', () => {
    const [approveButton, denyButton] = buttons(forApprover('access.approval_needed').blocks);
    expect(approveButton).toMatchObject({ action_id: ACTION.approve, style: 'primary', value: 'req_01JH2K3M4N5P6Q7R8S9T', text: { text: 'Approve' } });
    expect(denyButton).toMatchObject({ action_id: ACTION.deny, style: 'danger', value: 'req_01JH2K3M4N5P6Q7R8S9T', text: { text: 'Deny' } });
  });

  it('shows who approved so far after an approval is recorded', () => {
    expect(visibleText(forApprover('access.approval_recorded').blocks)).toContain(`1 of 2 approvals: ${APPROVER}`);
  });

  it.each([
    ['access.approved', `Approved by ${APPROVER} and frank@example.com`],
    ['access.denied', `Denied by ${APPROVER}`],
    ['access.cancelled', `Cancelled by the requester, ${REQUESTER}`],
    ['access.request_expired', 'expired'],
  ] as const)('%s: no buttons, and says what happened (%s)', (kind, phrase) => {
    for (const recipient of [RECIPIENTS.approver, RECIPIENTS.channel]) {
      const message = renderNotificationForSlack(samples()[kind], recipient);
      expect(buttons(message.blocks)).toEqual([]);
      expect(visibleText(message.blocks)).toContain(phrase);
    }
  });

  it('shows the denial reason quoted', () => {
    expect(visibleText(forApprover('access.denied').blocks)).toContain('*Reason*\n>no incident ticket was open at the time');
  });

  it('says auto-approved when policy approved it', () => {
    const n = { ...samples()['access.approved'], approvers: [], autoApproved: true };
    expect(visibleText(renderNotificationForSlack(n, RECIPIENTS.channel).blocks)).toContain('Auto-approved by policy');
  });
});

describe('the requester view', () => {
  const forRequester = (kind: NotificationKind) => renderNotificationForSlack(samples()[kind], RECIPIENTS.requester);

  it('lists who can approve a submitted request', () => {
    expect(visibleText(forRequester('access.submitted').blocks)).toContain(`Who can approve: ${APPROVER} and frank@example.com`);
  });

  it('names the approvers, or says auto-approved or break-glass', () => {
    expect(visibleText(forRequester('access.approved').blocks)).toContain(`Approved by ${APPROVER} and frank@example.com`);
    const auto = { ...samples()['access.approved'], approvers: [], autoApproved: true };
    expect(visibleText(renderNotificationForSlack(auto, RECIPIENTS.requester).blocks)).toContain('Auto-approved by policy');
    const emergency = { ...samples()['access.approved'], request: { ...samples()['access.approved'].request, breakGlass: true }, approvers: [] };
    expect(visibleText(renderNotificationForSlack(emergency, RECIPIENTS.requester).blocks)).toContain('Break-glass');
  });

  it('says who denied and why', () => {
    const text = visibleText(forRequester('access.denied').blocks);
    expect(text).toContain(`Denied by ${APPROVER}`);
    expect(text).toContain('>no incident ticket was open at the time');
  });

  it('says until when access is active, with a confirmed End now', () => {
    const message = forRequester('access.active');
    expect(visibleText(message.blocks)).toContain('until 2026-01-05 11:00 UTC');
    const [end] = buttons(message.blocks);
    expect(end).toMatchObject({ action_id: ACTION.endGrant, style: 'danger', value: 'gr_01JH2K3M4N5P6Q7R8S9T' });
    expect(end?.confirm).toBeDefined();
  });

  it('recognises the requester whatever the email case', () => {
    const message = renderNotificationForSlack(samples()['access.approval_needed'], { kind: 'person', email: 'Erin@Example.COM' });
    expect(actionIds(message.blocks)).toEqual([ACTION.cancelRequest]);
  });
});

describe('other families', () => {
  it('the closure card has who, what, approval, times, time used and end reason', () => {
    const text = visibleText(renderNotificationForSlack(samples()['access.closed'], RECIPIENTS.channel).blocks);
    for (const fact of [REQUESTER, 'Production database (prod-db)', `Approved by ${APPROVER}`, '2026-01-05 09:00 UTC', '2026-01-05 09:01 UTC', '2026-01-05 10:31 UTC', '2026-01-05 10:32 UTC', '1h 30m', 'ended early by the holder', '>investigating']) {
      expect(text).toContain(fact);
    }
  });

  it('the closure card explains a covered grant', () => {
    const n = { kind: 'access.closed' as const, summary: { ...samples()['access.closed'].summary, revokedAt: null, coveredByGrantId: 'gr_other' } };
    const text = visibleText(renderNotificationForSlack(n, RECIPIENTS.requester).blocks);
    expect(text).toContain('grant gr_other still covers');
    expect(text).toContain('not needed (still covered)');
  });

  it('the closure card is the same for the requester and the audit channel', () => {
    const n = samples()['access.closed'];
    expect(cardForNotification(n, RECIPIENTS.requester)).toEqual(cardForNotification(n, { kind: 'channel', channel: 'audit' }));
  });

  it('the break-glass broadcast is loud', () => {
    const message = renderNotificationForSlack(samples()['break_glass.used'], { kind: 'channel', channel: 'audit' });
    expect(message.text.startsWith('🚨')).toBe(true);
    expect(visibleText(message.blocks)).toContain('without approval');
  });

  it('a failing revocation shows the failures and the last error', () => {
    const text = visibleText(renderNotificationForSlack(samples()['access.revoke_failing'], { kind: 'channel', channel: 'audit' }).blocks);
    expect(text).toContain('failed 3 times');
    expect(text).toContain('*Last error*\n>no incident ticket was open at the time');
  });
});
