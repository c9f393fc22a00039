/**
 * What the requester hears about their own request and grant. Written to "you"; when someone else
 * receives one of these (an observer), the same facts are told in the third person and no buttons
 * are offered, because only the holder may cancel, end or extend.
 */
import type { Notification, RequestSummary } from '../../src/core/notifications.js';
import type { Card, CardAction, CardSection } from '../card-model.js';
import { approvalsMissing, formatApprovalProgress } from '../text/approval-progress.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { formatPeople } from '../text/people.js';
import { approvedByText, cancelRequestAction, endGrantAction, justificationQuote, requestContext, requestFields, requestMoreAction, resourceLabel } from './card-parts.js';

export type RequesterNotification = Extract<
  Notification,
  {
    kind:
      | 'access.submitted'
      | 'access.approval_needed'
      | 'access.approval_recorded'
      | 'access.approved'
      | 'access.denied'
      | 'access.cancelled'
      | 'access.request_expired'
      | 'access.active'
      | 'access.ending_soon';
  }
>;

export type Viewer = 'requester' | 'observer';

function waitingText(approvalsSoFar: string[], approvalsRequired: number): string {
  const missing = approvalsMissing(approvalsSoFar, approvalsRequired);
  return `${formatApprovalProgress(approvalsSoFar, approvalsRequired)}. Waiting for ${missing === 1 ? 'one more approval' : `${missing} more approvals`}.`;
}

export function renderRequesterUpdate(notification: RequesterNotification, viewer: Viewer = 'requester'): Card {
  const request: RequestSummary = notification.request;
  const own = viewer === 'requester';
  const your = own ? 'Your' : `${request.requesterEmail}'s`;
  const you = own ? 'You' : request.requesterEmail;
  const resource = resourceLabel(request);
  const duration = formatDurationText(request.durationMs);
  const name = request.resourceName;
  const details: CardSection[] = [requestFields(request), justificationQuote(request)];
  const context = [requestContext(request)];
  const only = (actions: CardAction[]): CardAction[] => (own ? actions : []);

  switch (notification.kind) {
    case 'access.submitted': {
      const needed = notification.approvalsRequired === 1 ? 'one approval' : `${notification.approvalsRequired} approvals`;
      return {
        title: `Request sent: ${name}`,
        summary: `${your} request for ${resource} (${duration}) is waiting for ${needed}.`,
        tone: 'pending',
        sections: [{ kind: 'text', text: `${your} request needs ${needed}. Who can approve: ${formatPeople(notification.approvers, 'nobody yet')}.` }, ...details],
        context,
        actions: only([cancelRequestAction(request)]),
      };
    }
    case 'access.approval_needed':
    case 'access.approval_recorded': {
      const lead = notification.kind === 'access.approval_recorded' ? `${notification.approverEmail} approved. ` : '';
      return {
        title: `${notification.kind === 'access.approval_recorded' ? 'Approval recorded' : 'Waiting for approval'}: ${name}`,
        summary: `${your} request for ${resource}: ${formatApprovalProgress(notification.approvalsSoFar, notification.approvalsRequired)}.`,
        tone: 'pending',
        sections: [{ kind: 'text', text: `${lead}${waitingText(notification.approvalsSoFar, notification.approvalsRequired)}` }, ...details],
        context,
        actions: only([cancelRequestAction(request)]),
      };
    }
    case 'access.approved': {
      const by = approvedByText(request, notification.approvers, notification.autoApproved);
      const next = request.breakGlass
        ? 'This is emergency access: it has been announced to the audit channel and will be reviewed.'
        : `${own ? 'You will' : 'They will'} get a message when the access is active.`;
      return {
        title: `${request.breakGlass ? 'Emergency access granted' : 'Approved'}: ${name}`,
        summary: `${your} request for ${resource} (${duration}): ${by}.`,
        tone: request.breakGlass ? 'warning' : 'success',
        sections: [{ kind: 'text', text: `${by}. Access to ${resource} for ${duration} is being set up. ${next}` }, ...details],
        context,
        actions: [],
      };
    }
    case 'access.denied':
      return {
        title: `Denied: ${name}`,
        summary: `${your} request for ${resource} was denied by ${notification.deniedBy}.`,
        tone: 'danger',
        sections: [{ kind: 'text', text: `Denied by ${notification.deniedBy}.` }, { kind: 'quote', label: 'Reason', text: notification.reason }, ...details],
        context,
        actions: [],
      };
    case 'access.cancelled':
      return {
        title: `Cancelled: ${name}`,
        summary: `${your} request for ${resource} was cancelled.`,
        tone: 'neutral',
        sections: [{ kind: 'text', text: `${you} cancelled this request. Nobody needs to decide it any more.` }, ...details],
        context,
        actions: [],
      };
    case 'access.request_expired':
      return {
        title: `Expired: ${name}`,
        summary: `${your} request for ${resource} expired before anyone decided it.`,
        tone: 'neutral',
        sections: [{ kind: 'text', text: `Nobody decided this request in time, so it expired.${own ? ' Request again if you still need access.' : ''}` }, ...details],
        context,
        actions: [],
      };
    case 'access.active': {
      const until = formatTime(notification.expiresAt);
      return {
        title: `Access active: ${name}`,
        summary: `${your} access to ${resource} is active until ${until}.`,
        tone: 'success',
        sections: [
          { kind: 'text', text: `${own ? 'You have' : `${request.requesterEmail} has`} access to ${resource} until ${until} (${duration}). It is removed automatically then.` },
          { kind: 'fields', fields: [{ label: 'Resource', value: resource }, { label: 'Until', value: until }, { label: 'Duration', value: duration }] },
        ],
        context: [`Grant ${notification.grantId}`, ...context],
        actions: only([endGrantAction(notification.grantId, request)]),
      };
    }
    case 'access.ending_soon': {
      const until = formatTime(notification.expiresAt);
      return {
        title: `Ending soon: ${name}`,
        summary: `${your} access to ${resource} ends at ${until}.`,
        tone: 'warning',
        sections: [{ kind: 'text', text: `${your} access to ${resource} ends at ${until}.${own ? ' Need longer? Request more time; it goes through approval again.' : ''}` }],
        context: [`Grant ${notification.grantId}`, ...context],
        actions: only([requestMoreAction(request), endGrantAction(notification.grantId, request)]),
      };
    }
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}
