/** Pieces most cards share: how a request is described, quoted and referenced. */
import type { RequestSummary } from '../../src/core/notifications.js';
import type { CardAction, CardField, CardSection } from '../card-model.js';
import { ACTION } from '../action-ids.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { formatPeople } from '../text/people.js';

/** `Production database (prod-db)`, or just the id when the policy gives no other name. */
export function resourceLabel(request: RequestSummary): string {
  return request.resourceName === request.resourceId ? request.resourceId : `${request.resourceName} (${request.resourceId})`;
}

/** Requester, resource and duration: the facts every approver and observer needs first. */
export function requestFields(request: RequestSummary, extra: CardField[] = []): CardSection {
  const fields: CardField[] = [
    { label: 'Requester', value: request.requesterEmail },
    { label: 'Resource', value: resourceLabel(request) },
    { label: 'Duration', value: formatDurationText(request.durationMs) },
  ];
  if (request.breakGlass) fields.push({ label: 'Kind', value: 'Break-glass (emergency)' });
  return { kind: 'fields', fields: [...fields, ...extra] };
}

/** The requester's own words, always quoted so they never read as Gatehouse speaking. */
export function justificationQuote(request: RequestSummary): CardSection {
  return { kind: 'quote', label: 'Justification', text: request.justification };
}

/** Small print that lets support find the request in the audit log. */
export function requestContext(request: RequestSummary): string {
  return `Request ${request.requestId} · requested ${formatTime(request.createdAt)}`;
}

export function approveAction(requestId: string): CardAction {
  return { id: ACTION.approve, label: 'Approve', value: requestId, style: 'primary' };
}

/** Deny opens a form for the reason, so it needs no confirm dialog of its own. */
export function denyAction(requestId: string): CardAction {
  return { id: ACTION.deny, label: 'Deny', value: requestId, style: 'danger' };
}

export function cancelRequestAction(request: RequestSummary): CardAction {
  return {
    id: ACTION.cancelRequest,
    label: 'Cancel request',
    value: request.requestId,
    confirm: { title: 'Cancel this request?', text: `Your request for ${resourceLabel(request)} will be withdrawn.`, confirm: 'Cancel request', deny: 'Keep it' },
  };
}

/** Ending access cannot be undone, so the button asks first. */
export function endGrantAction(grantId: string, request: RequestSummary): CardAction {
  return {
    id: ACTION.endGrant,
    label: 'End now',
    value: grantId,
    style: 'danger',
    confirm: {
      title: 'End your access now?',
      text: `Your access to ${resourceLabel(request)} will be removed now. You can request it again later.`,
      confirm: 'End now',
      deny: 'Keep access',
    },
  };
}

export function requestMoreAction(request: RequestSummary): CardAction {
  return { id: ACTION.requestMore, label: 'Request more time', value: request.resourceId, style: 'primary' };
}

/** How an approved request was approved: by whom, by policy, or not at all (break-glass). */
export function approvedByText(request: RequestSummary, approvers: string[], autoApproved: boolean): string {
  if (autoApproved) return 'Auto-approved by policy';
  if (request.breakGlass && approvers.length === 0) return 'Break-glass: no approval, reviewed afterwards';
  return `Approved by ${formatPeople(approvers)}`;
}
