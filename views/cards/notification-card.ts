/**
 * The one entry point from an engine notification to a card: picks the family by kind and by who
 * is reading. The requester gets their own view; approvers and channels get the approval card,
 * re-rendered with the outcome; everyone gets the same closure record.
 */
import { normalizeEmail } from '../../src/core/principals.js';
import type { Notification, Recipient } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { renderAlertCard } from './alert-card.js';
import { approvalStateOf, renderApprovalCard } from './approval-card.js';
import { renderBreakGlassCard } from './break-glass-card.js';
import { renderClosureCard } from './closure-card.js';
import { renderFulfilmentCard } from './fulfilment-card.js';
import { renderRequesterUpdate } from './requester-updates.js';

/** Emails are compared the way the engine compares them, so `Erin@Example.com` is still the requester. */
export function isRequester(recipient: Recipient, requesterEmail: string): boolean {
  return recipient.kind === 'person' && normalizeEmail(recipient.email) === normalizeEmail(requesterEmail);
}

export function cardForNotification(notification: Notification, recipient: Recipient): Card {
  switch (notification.kind) {
    case 'access.approval_needed':
    case 'access.approval_recorded':
    case 'access.approved':
    case 'access.denied':
    case 'access.cancelled':
    case 'access.request_expired':
      return isRequester(recipient, notification.request.requesterEmail)
        ? renderRequesterUpdate(notification, 'requester')
        : renderApprovalCard(notification.request, approvalStateOf(notification));
    case 'access.submitted':
    case 'access.active':
    case 'access.ending_soon':
      // Only the requester is sent these today; anyone else gets the facts without the holder's buttons.
      return renderRequesterUpdate(notification, isRequester(recipient, notification.request.requesterEmail) ? 'requester' : 'observer');
    case 'access.closed':
      return renderClosureCard(notification.summary);
    case 'access.fulfilment_needed':
      return renderFulfilmentCard(notification, !isRequester(recipient, notification.request.requesterEmail));
    case 'access.revoke_failing':
    case 'access.provision_failing':
      return renderAlertCard(notification);
    case 'break_glass.used':
    case 'break_glass.review_needed':
    case 'break_glass.review_overdue':
    case 'break_glass.reviewed':
      return renderBreakGlassCard(notification, !isRequester(recipient, notification.request.requesterEmail));
    default: {
      const unhandled: never = notification;
      throw new Error(`no card for notification ${(unhandled as { kind: string }).kind}`);
    }
  }
}
