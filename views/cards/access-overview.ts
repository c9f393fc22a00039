/**
 * `/access` and the App Home: one intro card and one small card per item, grouped. Each item is its
 * own card so its buttons stay next to it and no two buttons with the same id share a block.
 */
import type { AccessOverview } from '../../src/core/notifications.js';
import { ACTION } from '../action-ids.js';
import type { Card } from '../card-model.js';
import { formatApprovalProgress } from '../text/approval-progress.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatOptionalTime } from '../text/format-time.js';
import { describeGrantStatus } from '../text/status-text.js';
import { approveAction, cancelRequestAction, denyAction, endGrantAction, justificationQuote, requestContext, resourceLabel } from './card-parts.js';

export interface OverviewGroup {
  title: string;
  items: Card[];
}

export interface OverviewCards {
  intro: Card;
  /** Only non-empty groups, most urgent first: what waits on you, then your requests, then your access. */
  groups: OverviewGroup[];
}

/** Grants in these states can still be ended by the holder. */
const ENDABLE = new Set(['provisioning', 'provision_failed', 'active']);

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderAccessOverview(overview: AccessOverview): OverviewCards {
  const awaiting: Card[] = overview.awaitingMe.map(({ request, approvalsSoFar, approvalsRequired }) => ({
    title: `${request.requesterEmail} → ${request.resourceName}`,
    summary: `${request.requesterEmail} requests ${resourceLabel(request)} for ${formatDurationText(request.durationMs)}.`,
    tone: 'pending',
    sections: [
      {
        kind: 'fields',
        fields: [
          { label: 'Resource', value: resourceLabel(request) },
          { label: 'Duration', value: formatDurationText(request.durationMs) },
          { label: 'Approvals', value: formatApprovalProgress(approvalsSoFar, approvalsRequired) },
        ],
      },
      justificationQuote(request),
    ],
    context: [requestContext(request)],
    actions: [approveAction(request.requestId), denyAction(request.requestId)],
  }));

  const pending: Card[] = overview.pending.map(({ request, approvalsSoFar, approvalsRequired }) => ({
    title: `${request.resourceName} for ${formatDurationText(request.durationMs)}`,
    summary: `Your request for ${resourceLabel(request)} is waiting: ${formatApprovalProgress(approvalsSoFar, approvalsRequired)}.`,
    tone: 'pending',
    sections: [{ kind: 'text', text: `${formatApprovalProgress(approvalsSoFar, approvalsRequired)}.` }],
    context: [requestContext(request)],
    actions: [cancelRequestAction(request)],
  }));

  const grants: Card[] = overview.grants.map(({ grantId, request, status, expiresAt }) => ({
    title: `${request.resourceName}: ${describeGrantStatus(status)}`,
    summary: `Your access to ${resourceLabel(request)} is ${describeGrantStatus(status)}.`,
    tone: status === 'active' ? 'success' : status.endsWith('_failed') ? 'warning' : 'info',
    sections: [{ kind: 'text', text: `Until ${formatOptionalTime(expiresAt, 'set when it becomes active')}.` }],
    context: [`Grant ${grantId} · request ${request.requestId}`],
    actions: ENDABLE.has(status) ? [endGrantAction(grantId, request)] : [],
  }));

  const nothing = awaiting.length + pending.length + grants.length === 0;
  const waiting = awaiting.length === 0 ? 'Nothing waits on you.' : `${count(awaiting.length, 'request waits', 'requests wait')} on you.`;
  const status = `${waiting} You have ${count(pending.length, 'pending request', 'pending requests')} and ${count(grants.length, 'live grant', 'live grants')}.`;
  const intro: Card = {
    title: 'Gatehouse: your access',
    summary: nothing ? 'You have no pending requests or live access, and nothing waits on you.' : status,
    tone: awaiting.length > 0 ? 'pending' : 'info',
    sections: [
      {
        kind: 'text',
        text: nothing ? 'You have no pending requests or live access, and nothing waits on you. Type /request-access or press Request access to ask for access.' : status,
      },
    ],
    context: [`Showing access for ${overview.email}`],
    actions: [{ id: ACTION.openRequestForm, label: 'Request access', value: 'open', style: 'primary' }],
  };

  const groups: OverviewGroup[] = [
    { title: 'Waiting on you', items: awaiting },
    { title: 'Your pending requests', items: pending },
    { title: 'Your live access', items: grants },
  ].filter((group) => group.items.length > 0);
  return { intro, groups };
}
