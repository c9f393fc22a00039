/**
 * The one entry point from an engine notification to a card: picks the family by kind and by who
 * is reading. The requester gets their own view; approvers and channels get the approval card,
 * re-rendered with the outcome; everyone gets the same closure record. Support sessions work the
 * same way with three roles: the end user, the technician who owns the session, and everyone else
 * (the support channel, escalation approvers, leads), who get the shared card re-rendered in place.
 */
import { normalizeEmail } from '../../src/core/principals.js';
import type { Notification, Recipient } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { renderAlertCard } from './alert-card.js';
import { approvalStateOf, renderApprovalCard } from './approval-card.js';
import { renderBreakGlassCard } from './break-glass-card.js';
import { renderClosureCard } from './closure-card.js';
import { renderFulfilmentCard, renderFulfilmentClosedCard } from './fulfilment-card.js';
import { renderRequesterUpdate } from './requester-updates.js';
import { renderSupportAlertCard } from './support-alert-card.js';
import { renderSupportClosureCard } from './support-closure-card.js';
import { consentStateOf, renderConsentCard } from './support-consent-card.js';
import { renderSupportEndUserUpdate } from './support-end-user-updates.js';
import { renderEscalationCard, renderEscalationOutcomeForTechnician } from './support-escalation-card.js';
import { renderSupportOfferCard, renderSupportRequestCard, supportRequestStateOf } from './support-request-card.js';
import { renderSessionCard, type SessionViewer } from './support-session-card.js';
import { renderConsentOutcomeCard, renderReassignedAwayCard, renderTechnicianAssignedCard } from './support-technician-updates.js';

/** Emails are compared the way the engine compares them, so `Erin@Example.com` is still the requester. */
export function isRequester(recipient: Recipient, requesterEmail: string): boolean {
  return recipient.kind === 'person' && normalizeEmail(recipient.email) === normalizeEmail(requesterEmail);
}

/** Is the recipient this person? False for channels and for nobody (`null`). */
export function isPerson(recipient: Recipient, email: string | null): boolean {
  return email !== null && isRequester(recipient, email);
}

/** Technician, end user, or someone else, for a session card. */
function sessionViewer(recipient: Recipient, session: { endUserEmail: string; technicianEmail: string | null }): SessionViewer {
  if (isPerson(recipient, session.endUserEmail)) return 'end_user';
  if (isPerson(recipient, session.technicianEmail)) return 'technician';
  return 'observer';
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
    case 'access.fulfilment_closed':
      return renderFulfilmentClosedCard(notification);
    case 'access.revoke_failing':
    case 'access.provision_failing':
      return renderAlertCard(notification);
    case 'break_glass.used':
    case 'break_glass.review_needed':
    case 'break_glass.review_overdue':
    case 'break_glass.reviewed':
      return renderBreakGlassCard(notification, !isRequester(recipient, notification.request.requesterEmail));

    case 'support.requested':
      return renderSupportRequestCard(notification.session, supportRequestStateOf(notification), !isPerson(recipient, notification.session.endUserEmail));
    case 'support.received':
      return renderSupportEndUserUpdate(notification, isPerson(recipient, notification.session.endUserEmail) ? 'end_user' : 'observer');
    case 'support.offered':
      return renderSupportOfferCard(notification, !isPerson(recipient, notification.session.endUserEmail));
    case 'support.claimed':
    case 'support.reassigned': {
      const { session } = notification;
      if (isPerson(recipient, session.endUserEmail)) return renderSupportEndUserUpdate(notification, 'end_user');
      if (isPerson(recipient, session.technicianEmail)) return renderTechnicianAssignedCard(notification);
      if (notification.kind === 'support.reassigned' && isPerson(recipient, notification.fromEmail)) return renderReassignedAwayCard(notification);
      return renderSupportRequestCard(session, supportRequestStateOf(notification));
    }
    case 'support.cancelled':
      // The end user's consent (or request) card shows the outcome; everyone else's request card does.
      return isPerson(recipient, notification.session.endUserEmail)
        ? renderConsentCard(notification.session, consentStateOf(notification), 'end_user')
        : renderSupportRequestCard(notification.session, supportRequestStateOf(notification));
    case 'support.escalation_needed': {
      const { session, escalation } = notification;
      const involved = isPerson(recipient, session.endUserEmail) || isPerson(recipient, session.technicianEmail) || isPerson(recipient, escalation.requestedByEmail);
      return renderEscalationCard(notification, !involved);
    }
    case 'support.escalation_decided': {
      const { session, escalation } = notification;
      return isPerson(recipient, escalation.requestedByEmail) || isPerson(recipient, session.technicianEmail)
        ? renderEscalationOutcomeForTechnician(notification)
        : renderEscalationCard(notification, false);
    }
    case 'support.consent_needed':
      return renderConsentCard(notification.session, consentStateOf(notification), isPerson(recipient, notification.session.endUserEmail) ? 'end_user' : 'observer');
    case 'support.consent_answered':
    case 'support.consent_expired':
      return isPerson(recipient, notification.session.endUserEmail)
        ? renderConsentCard(notification.session, consentStateOf(notification), 'end_user')
        : renderConsentOutcomeCard(notification, isPerson(recipient, notification.session.technicianEmail) ? 'technician' : 'observer');
    case 'support.session_active':
    case 'support.session_ended':
    case 'support.idle_warning':
    case 'support.documentation_reminder':
    case 'support.documented':
      return renderSessionCard(notification, sessionViewer(recipient, notification.session));
    case 'support.closed':
      return renderSupportClosureCard(notification.closure);
    case 'support.access_failing':
      return renderSupportAlertCard(notification);
    default: {
      const unhandled: never = notification;
      throw new Error(`no card for notification ${(unhandled as { kind: string }).kind}`);
    }
  }
}
