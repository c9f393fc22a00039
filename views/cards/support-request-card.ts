/**
 * The card technicians see in the support channel. It is posted once and re-rendered in place as
 * the request is claimed, reassigned or cancelled, so it always shows who has it; Claim exists only
 * while nobody has, so a stale card cannot invite a click that will be refused.
 */
import type { Notification, SessionSummary } from '../../src/core/notifications.js';
import type { Card, CardAction } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { claimAction, descriptionQuote, reassignAction, sessionContext, sessionFields, technicianOf } from './support-parts.js';

export type SupportRequestNotification = Extract<Notification, { kind: 'support.requested' | 'support.claimed' | 'support.reassigned' | 'support.cancelled' }>;
export type SupportOfferNotification = Extract<Notification, { kind: 'support.offered' }>;

/** Where the request stands, from the support team's point of view. */
export type SupportRequestState =
  | { status: 'open' }
  | { status: 'claimed' }
  | { status: 'reassigned'; fromEmail: string | null; byEmail: string }
  | { status: 'cancelled' };

export function supportRequestStateOf(notification: SupportRequestNotification): SupportRequestState {
  switch (notification.kind) {
    case 'support.requested':
      return { status: 'open' };
    case 'support.claimed':
      return { status: 'claimed' };
    case 'support.reassigned':
      return { status: 'reassigned', fromEmail: notification.fromEmail, byEmail: notification.byEmail };
    case 'support.cancelled':
      return { status: 'cancelled' };
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}

const LEADS_MAY_REASSIGN = 'A lead can reassign it until the session starts.';

/** `canAct` is false for the end user, who may never claim or reassign their own request. */
export function renderSupportRequestCard(session: SessionSummary, state: SupportRequestState, canAct = true): Card {
  const who = session.endUserEmail;
  const tech = technicianOf(session);
  const urgent = session.urgency === 'high' ? ' (high urgency)' : '';
  let card: Pick<Card, 'title' | 'summary' | 'tone'> & { text: string; actions: CardAction[] };

  switch (state.status) {
    case 'open':
      card = {
        title: `Support request${urgent}: ${who}`,
        summary: `${who} needs help${urgent}; nobody has claimed it yet.`,
        tone: session.urgency === 'high' ? 'warning' : 'pending',
        text: `${who} needs help. Claim it to take it on: you record the scope, and ${who} consents, before anything happens on their device.`,
        actions: [claimAction(session.sessionId)],
      };
      break;
    case 'claimed':
      card = {
        title: `Claimed: support for ${who}`,
        summary: `${who}'s support request was claimed by ${tech}.`,
        tone: 'info',
        text: `Claimed by ${tech}. ${LEADS_MAY_REASSIGN}`,
        actions: [reassignAction(session.sessionId)],
      };
      break;
    case 'reassigned': {
      const from = state.fromEmail ? ` from ${state.fromEmail}` : '';
      card = {
        title: `Reassigned: support for ${who}`,
        summary: `${who}'s support request was reassigned to ${tech} by ${state.byEmail}.`,
        tone: 'info',
        text: `Reassigned${from} to ${tech} by ${state.byEmail}. ${LEADS_MAY_REASSIGN}`,
        actions: [reassignAction(session.sessionId)],
      };
      break;
    }
    case 'cancelled':
      card = {
        title: `Cancelled: support for ${who}`,
        summary: `${who} cancelled their support request.`,
        tone: 'neutral',
        text: `Cancelled by ${who} before any session started. Nothing to do.`,
        actions: [],
      };
      break;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }

  return {
    title: card.title,
    summary: card.summary,
    tone: card.tone,
    sections: [{ kind: 'text', text: card.text }, sessionFields(session, [{ label: 'Filed', value: formatTime(session.createdAt) }]), descriptionQuote(session)],
    context: [sessionContext(session)],
    actions: canAct ? card.actions : [],
  };
}

/** A request nobody claimed in time, offered to one technician. `canAct` as above. */
export function renderSupportOfferCard(notification: SupportOfferNotification, canAct = true): Card {
  const { session } = notification;
  const who = session.endUserEmail;
  const waiting = formatDurationText(notification.waitingMs);
  return {
    title: `Unclaimed for ${waiting}: support for ${who}`,
    summary: `${who}'s support request has been waiting ${waiting}; it is offered to you.`,
    tone: 'warning',
    sections: [
      { kind: 'text', text: `Nobody has claimed ${who}'s request for ${waiting}, so it is offered to you. Claim it to take it on.` },
      sessionFields(session, [{ label: 'Filed', value: formatTime(session.createdAt) }]),
      descriptionQuote(session),
    ],
    context: [sessionContext(session)],
    actions: canAct ? [claimAction(session.sessionId)] : [],
  };
}
