/**
 * The end user's consent: who wants in, to which device, with what reach, and what they may not do.
 * It is posted once and re-rendered in place with the answer (or the expiry, or a cancellation), so
 * Allow and Decline exist only while the question is open.
 */
import type { Notification, SessionSummary } from '../../src/core/notifications.js';
import type { Card, CardAction } from '../card-model.js';
import { formatTime } from '../text/format-time.js';
import { describeScope } from '../text/support-text.js';
import { allowSessionAction, declineSessionAction, descriptionQuote, scopeSections, sessionContext, sessionDevice, technicianOf } from './support-parts.js';

export type ConsentNotification = Extract<Notification, { kind: 'support.consent_needed' | 'support.consent_answered' | 'support.consent_expired' | 'support.cancelled' }>;

export type ConsentState =
  | { status: 'pending'; expiresAt: number }
  | { status: 'allowed' }
  | { status: 'declined' }
  | { status: 'expired' }
  | { status: 'cancelled' };

export function consentStateOf(notification: ConsentNotification): ConsentState {
  switch (notification.kind) {
    case 'support.consent_needed':
      return { status: 'pending', expiresAt: notification.consentExpiresAt };
    case 'support.consent_answered':
      return { status: notification.allowed ? 'allowed' : 'declined' };
    case 'support.consent_expired':
      return { status: 'expired' };
    case 'support.cancelled':
      return { status: 'cancelled' };
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}

/** `end_user` is asked; an `observer` (the technician, say) sees the same facts with no buttons. */
export function renderConsentCard(session: SessionSummary, state: ConsentState, viewer: 'end_user' | 'observer' = 'end_user'): Card {
  const own = viewer === 'end_user';
  const tech = technicianOf(session);
  const device = sessionDevice(session);
  const reach = session.scope ? ` (${describeScope(session.scope)})` : '';
  let card: Pick<Card, 'title' | 'summary' | 'tone'> & { text: string; actions: CardAction[] };

  switch (state.status) {
    case 'pending': {
      const until = formatTime(state.expiresAt);
      card = own
        ? {
            title: `Allow ${tech} to connect to your device?`,
            summary: `${tech} asks to connect to ${device}${reach}; answer by ${until}.`,
            tone: 'pending',
            text: `${tech} from the support team asks to connect to ${device}${reach}. Below is exactly what they may do and what they may not. Nothing happens unless you press Allow, and you can stop the session at any time. Please answer by ${until}; after that the request expires.`,
            actions: [allowSessionAction(session.sessionId), declineSessionAction(session.sessionId)],
          }
        : {
            title: `Waiting for consent: ${session.endUserEmail}`,
            summary: `${session.endUserEmail} is asked to allow ${tech} to connect to ${device} until ${until}.`,
            tone: 'pending',
            text: `${session.endUserEmail} has been asked to allow ${tech} to connect to ${device}${reach}. The question expires at ${until}.`,
            actions: [],
          };
      break;
    }
    case 'allowed':
      card = {
        title: own ? 'Allowed: remote support' : `Allowed: remote support for ${session.endUserEmail}`,
        summary: `${own ? 'You' : session.endUserEmail} allowed ${tech} to connect to ${device}.`,
        tone: 'success',
        text: `${own ? 'You' : session.endUserEmail} allowed ${tech} to connect to ${device}${reach}. ${own ? 'You get a message with a Stop button when the session starts.' : 'The access is being set up.'}`,
        actions: [],
      };
      break;
    case 'declined':
      card = {
        title: own ? 'Declined: remote support' : `Declined: remote support for ${session.endUserEmail}`,
        summary: `${own ? 'You' : session.endUserEmail} declined the session on ${device}.`,
        tone: 'neutral',
        text: `${own ? 'You' : session.endUserEmail} declined. Nothing was set up on ${own ? 'your' : 'the'} device, and ${tech} has been told.`,
        actions: [],
      };
      break;
    case 'expired':
      card = {
        title: own ? 'Expired: remote support' : `Expired: remote support for ${session.endUserEmail}`,
        summary: `The consent request for ${device} expired unanswered.`,
        tone: 'neutral',
        text: `Nobody answered in time, so nothing was set up on ${device}.${own ? ' Ask the support team again if you still need help.' : ''}`,
        actions: [],
      };
      break;
    case 'cancelled':
      card = {
        title: own ? 'Cancelled: your support request' : `Cancelled: support for ${session.endUserEmail}`,
        summary: `${own ? 'Your' : `${session.endUserEmail}'s`} support request was cancelled.`,
        tone: 'neutral',
        text: `${own ? 'You' : session.endUserEmail} cancelled this request. Nothing was set up on ${own ? 'your' : 'the'} device, and nobody needs to act on it any more.`,
        actions: [],
      };
      break;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }

  const extra = [{ label: 'Technician', value: tech }, ...(state.status === 'pending' ? [{ label: 'Answer by', value: formatTime(state.expiresAt) }] : [])];
  // A request cancelled before it was scoped has no scope to show.
  const scope = state.status === 'cancelled' && session.scope === null ? [] : scopeSections(session.scope, extra, 'The technician may not');
  return {
    title: card.title,
    summary: card.summary,
    tone: card.tone,
    sections: [{ kind: 'text', text: card.text }, ...scope, descriptionQuote(session, own ? 'Your request' : 'Request')],
    context: [sessionContext(session)],
    actions: card.actions,
  };
}
