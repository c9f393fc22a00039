/**
 * What the requester's earlier "Request sent" and "Approval recorded" cards become once the request is
 * decided: the outcome, and no Cancel, which can no longer do anything. The outcome itself is posted
 * as a new message beside it; the titles differ from that message's so the two do not read as a repeat.
 */
import type { Notification } from '../../src/core/notifications.js';
import type { Card, CardSection } from '../card-model.js';
import { approvedByText, requestContext, requestFields } from './card-parts.js';

export type RequestDecision = Extract<Notification, { kind: 'access.approved' | 'access.denied' | 'access.cancelled' | 'access.request_expired' }>;

export function renderDecidedRequestCopy(notification: RequestDecision): Card {
  const { request } = notification;
  const name = request.resourceName;
  const facts = requestFields(request);
  const context = [requestContext(request)];
  let title: string;
  let outcome: string;
  let tone: Card['tone'] = 'neutral';
  const sections: CardSection[] = [];
  switch (notification.kind) {
    case 'access.approved':
      title = `${request.breakGlass ? 'Emergency access granted' : 'Request approved'}: ${name}`;
      outcome = `${approvedByText(request, notification.approvers, notification.autoApproved)}.`;
      tone = 'success';
      break;
    case 'access.denied':
      title = `Request denied: ${name}`;
      outcome = `Denied by ${notification.deniedBy}.`;
      tone = 'danger';
      sections.push({ kind: 'quote', label: 'Reason', text: notification.reason });
      break;
    case 'access.cancelled':
      title = `Request cancelled: ${name}`;
      outcome = 'You cancelled this request.';
      break;
    case 'access.request_expired':
      title = `Request expired: ${name}`;
      outcome = 'Nobody decided this request in time, so it expired.';
      break;
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
  return {
    title,
    summary: `Your request for ${name}: ${outcome}`,
    tone,
    sections: [{ kind: 'text', text: outcome }, ...sections, facts],
    context,
    actions: [],
  };
}
