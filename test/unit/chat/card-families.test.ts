import { describe, expect, it } from 'vitest';
import { familiesUpdatedBy, familyOpenedBy } from '../../../src/chat/card-families.js';
import { replacedCopyCard } from '../../../views/cards/replaced-copy-card.js';
import type { NotificationKind, Recipient } from '../../../src/core/notifications.js';
import { LEAD, PREVIOUS_TECHNICIAN, RECIPIENTS, samples, type Audience } from '../views/samples.js';

const all = samples();
const lead: Recipient = { kind: 'person', email: LEAD };
const who = (audience: Audience | 'lead'): Recipient => (audience === 'lead' ? lead : RECIPIENTS[audience]);

describe('cards that retire their buttons', () => {
  it.each<[NotificationKind, Audience | 'lead', string | null, string[]]>([
    // kind, recipient, family its new message opens, families whose copies it edits
    // The requester's cards with Cancel, retired once the request is decided; approvers keep theirs.
    ['access.submitted', 'requester', 'request_card', []],
    ['access.approval_recorded', 'requester', 'request_card', []],
    ['access.approval_recorded', 'approver', null, ['approval_card']],
    ['access.approved', 'requester', null, ['request_card']],
    ['access.denied', 'requester', null, ['request_card']],
    ['access.cancelled', 'requester', null, ['request_card']],
    ['access.request_expired', 'requester', null, ['request_card']],
    ['access.cancelled', 'approver', null, ['approval_card']],
    ['access.cancelled', 'channel', null, ['approval_card']],
    ['access.request_expired', 'approver', null, ['approval_card']],
    ['access.request_expired', 'channel', null, ['approval_card']],
    // Document session: on the ended card (the live card or idle warning, edited) and on each reminder.
    ['support.session_ended', 'technician', 'session_card', ['session_card', 'idle_warning_card']],
    ['support.documentation_reminder', 'technician', 'documentation_reminder_card', []],
    ['support.documented', 'technician', null, ['session_card', 'idle_warning_card', 'documentation_reminder_card']],
    ['access.fulfilment_needed', 'approver', 'fulfilment_card', []],
    ['access.fulfilment_closed', 'approver', null, ['fulfilment_card']],
    ['support.claimed', 'technician', 'technician_card', []],
    ['support.claimed', 'endUser', null, []],
    ['support.reassigned', 'technician', 'technician_card', ['technician_card']],
    ['support.reassigned', 'previousTechnician', 'technician_card', ['technician_card']],
    ['support.reassigned', 'endUser', null, ['consent_card']],
    ['support.reassigned', 'lead', null, []],
    ['support.reassigned', 'channel', null, ['support_request_card']],
    // A denied request for admin rights offers Define scope again, so it is retired like the claimed card.
    ['support.escalation_decided', 'technician', 'technician_card', []],
  ])('%s to the %s', (kind, audience, opens, updates) => {
    const notification = all[kind];
    expect(familyOpenedBy(notification, who(audience))?.kind ?? null).toBe(opens);
    expect(familiesUpdatedBy(notification, who(audience)).map((f) => f.kind)).toEqual(updates);
  });

  it('a task card belongs to its task, so the revoke step of the same request is a separate card', () => {
    const needed = all['access.fulfilment_needed'];
    const family = familyOpenedBy(needed, RECIPIENTS.approver)!;
    expect(family.subject(needed)).toBe(needed.taskId);
    expect(family.subject({ ...needed, taskId: 'tsk_revoke', action: 'revoke' })).not.toBe(family.subject(needed));
  });

  it('a decided request is still posted to the requester as news, and the edited copies lose Cancel', () => {
    for (const kind of ['access.approved', 'access.denied', 'access.cancelled', 'access.request_expired'] as const) {
      const families = familiesUpdatedBy(all[kind], RECIPIENTS.requester);
      expect(families.some((f) => f.alsoPostNew), kind).toBe(true);
      expect(replacedCopyCard(all[kind])?.actions, kind).toEqual([]);
    }
  });

  it('the previous technician\'s copies are replaced and the news is still posted to them', () => {
    const reassigned = all['support.reassigned'];
    expect(reassigned.fromEmail).toBe(PREVIOUS_TECHNICIAN);
    expect(familiesUpdatedBy(reassigned, RECIPIENTS.previousTechnician).some((f) => f.alsoPostNew)).toBe(true);
  });
});
