/**
 * The card approvers and the approvals channel see. It is posted once and re-rendered in place as
 * the request is decided, so it always shows the outcome and who decided; buttons exist only
 * while the request is still pending, so a stale card cannot invite a click that will be refused.
 */
import type { Notification, RequestSummary } from '../../src/core/notifications.js';
import type { Card, CardField, CardSection } from '../card-model.js';
import { approvalsMissing, formatApprovalProgress } from '../text/approval-progress.js';
import { formatDurationText } from '../text/format-duration.js';
import { approveAction, approvedByText, denyAction, justificationQuote, requestContext, requestFields, resourceLabel } from './card-parts.js';

export type ApprovalNotification = Extract<
  Notification,
  { kind: 'access.approval_needed' | 'access.approval_recorded' | 'access.approved' | 'access.denied' | 'access.cancelled' | 'access.request_expired' }
>;

/** Where the request stands, from the approvers' point of view. */
export type ApprovalState =
  | { status: 'pending'; approvalsSoFar: string[]; approvalsRequired: number; maxDurationMs: number | null; latestApprover: string | null }
  | { status: 'approved'; approvers: string[]; autoApproved: boolean }
  | { status: 'denied'; deniedBy: string; reason: string }
  | { status: 'cancelled' }
  | { status: 'expired' };

export function approvalStateOf(notification: ApprovalNotification): ApprovalState {
  switch (notification.kind) {
    case 'access.approval_needed':
      return { status: 'pending', approvalsSoFar: notification.approvalsSoFar, approvalsRequired: notification.approvalsRequired, maxDurationMs: notification.maxDurationMs, latestApprover: null };
    case 'access.approval_recorded':
      return { status: 'pending', approvalsSoFar: notification.approvalsSoFar, approvalsRequired: notification.approvalsRequired, maxDurationMs: null, latestApprover: notification.approverEmail };
    case 'access.approved':
      return { status: 'approved', approvers: notification.approvers, autoApproved: notification.autoApproved };
    case 'access.denied':
      return { status: 'denied', deniedBy: notification.deniedBy, reason: notification.reason };
    case 'access.cancelled':
      return { status: 'cancelled' };
    case 'access.request_expired':
      return { status: 'expired' };
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}

export function renderApprovalCard(request: RequestSummary, state: ApprovalState): Card {
  const resource = resourceLabel(request);
  const who = request.requesterEmail;
  const duration = formatDurationText(request.durationMs);
  const extra: CardField[] = [];
  const sections: CardSection[] = [];
  let card: Pick<Card, 'title' | 'summary' | 'tone' | 'actions'>;

  switch (state.status) {
    case 'pending': {
      const progress = formatApprovalProgress(state.approvalsSoFar, state.approvalsRequired);
      const missing = approvalsMissing(state.approvalsSoFar, state.approvalsRequired);
      if (state.maxDurationMs !== null) extra.push({ label: 'Policy limit', value: `up to ${formatDurationText(state.maxDurationMs)}` });
      extra.push({ label: 'Approvals', value: progress });
      const lead = state.latestApprover ? `${state.latestApprover} approved. ` : '';
      sections.push({ kind: 'text', text: `${lead}${who} requests access to ${resource} for ${duration}. ${missing === 1 ? 'One more approval is' : `${missing} more approvals are`} needed.` });
      card = {
        title: `Access request: ${request.resourceName}`,
        summary: `${who} requests ${resource} for ${duration}; ${progress}.`,
        tone: 'pending',
        actions: [approveAction(request.requestId), denyAction(request.requestId)],
      };
      break;
    }
    case 'approved': {
      const by = approvedByText(request, state.approvers, state.autoApproved);
      extra.push({ label: 'Decision', value: by });
      sections.push({ kind: 'text', text: `${by}. ${who} gets ${resource} for ${duration}.` });
      card = { title: `Approved: ${request.resourceName}`, summary: `${who}'s request for ${resource}: ${by}.`, tone: 'success', actions: [] };
      break;
    }
    case 'denied':
      extra.push({ label: 'Decision', value: `Denied by ${state.deniedBy}` });
      sections.push({ kind: 'text', text: `Denied by ${state.deniedBy}.` });
      card = { title: `Denied: ${request.resourceName}`, summary: `${who}'s request for ${resource} was denied by ${state.deniedBy}.`, tone: 'danger', actions: [] };
      break;
    case 'cancelled':
      sections.push({ kind: 'text', text: `Cancelled by the requester, ${who}. Nothing to decide.` });
      card = { title: `Cancelled: ${request.resourceName}`, summary: `${who} cancelled their request for ${resource}.`, tone: 'neutral', actions: [] };
      break;
    case 'expired':
      sections.push({ kind: 'text', text: 'Nobody decided this request in time, so it expired. Nothing to decide.' });
      card = { title: `Expired: ${request.resourceName}`, summary: `${who}'s request for ${resource} expired undecided.`, tone: 'neutral', actions: [] };
      break;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }

  sections.push(requestFields(request, extra), justificationQuote(request));
  if (state.status === 'denied') sections.push({ kind: 'quote', label: 'Reason', text: state.reason });
  return { ...card, sections, context: [requestContext(request)] };
}
