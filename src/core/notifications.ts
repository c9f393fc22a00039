/**
 * What the engine tells people, as neutral data. `views/` renders each kind for Slack and Teams;
 * every notification is a snapshot so rendering never needs the database.
 */
import type { ChannelName } from './policy.js';
import type { GrantEndReason, ReviewOutcome } from './types.js';

export type Recipient = { kind: 'person'; email: string } | { kind: 'channel'; channel: ChannelName };

/** The facts about a request that most messages show. */
export interface RequestSummary {
  requestId: string;
  requesterEmail: string;
  resourceId: string;
  resourceName: string;
  durationMs: number;
  justification: string;
  breakGlass: boolean;
  createdAt: number;
}

export interface ClosureSummary extends RequestSummary {
  grantId: string;
  approvers: string[];
  autoApproved: boolean;
  provisionedAt: number | null;
  endedAt: number;
  revokedAt: number | null;
  endReason: GrantEndReason;
  /** Time the access was actually held. */
  usedMs: number;
  coveredByGrantId: string | null;
}

/** What `/access` and the App Home show one person. */
export interface AccessOverview {
  email: string;
  /** Their own requests still waiting for approval. */
  pending: Array<{ request: RequestSummary; approvalsSoFar: string[]; approvalsRequired: number }>;
  /** Their live grants, including ones still being provisioned. */
  grants: Array<{ grantId: string; request: RequestSummary; status: string; expiresAt: number | null }>;
  /** Requests they may approve now. */
  awaitingMe: Array<{ request: RequestSummary; approvalsSoFar: string[]; approvalsRequired: number }>;
}

export type Notification =
  | { kind: 'access.submitted'; request: RequestSummary; approvers: string[]; approvalsRequired: number }
  | {
      kind: 'access.approval_needed';
      request: RequestSummary;
      approvalsRequired: number;
      approvalsSoFar: string[];
      maxDurationMs: number;
    }
  | { kind: 'access.approval_recorded'; request: RequestSummary; approverEmail: string; approvalsSoFar: string[]; approvalsRequired: number }
  | { kind: 'access.approved'; request: RequestSummary; approvers: string[]; autoApproved: boolean }
  | { kind: 'access.denied'; request: RequestSummary; deniedBy: string; reason: string }
  | { kind: 'access.cancelled'; request: RequestSummary }
  | { kind: 'access.request_expired'; request: RequestSummary }
  | { kind: 'access.active'; request: RequestSummary; grantId: string; expiresAt: number }
  | { kind: 'access.ending_soon'; request: RequestSummary; grantId: string; expiresAt: number }
  | { kind: 'access.closed'; summary: ClosureSummary }
  | { kind: 'access.fulfilment_needed'; request: RequestSummary; grantId: string; taskId: string; action: 'grant' | 'revoke'; fulfillers: string[] }
  | { kind: 'access.revoke_failing'; request: RequestSummary; grantId: string; failures: number; lastError: string }
  | { kind: 'access.provision_failing'; request: RequestSummary; grantId: string; failures: number; lastError: string }
  | { kind: 'break_glass.used'; request: RequestSummary; reviewers: string[]; reviewDueAt: number }
  | { kind: 'break_glass.review_needed'; request: RequestSummary; reviewId: string; reviewDueAt: number }
  | { kind: 'break_glass.review_overdue'; request: RequestSummary; reviewId: string; reviewDueAt: number }
  | { kind: 'break_glass.reviewed'; request: RequestSummary; reviewId: string; reviewerEmail: string; outcome: ReviewOutcome; notes: string };

export type NotificationKind = Notification['kind'];

/** The request a notification is about: messages about one request keep their order. */
export function notificationSubject(notification: Notification): string {
  return 'summary' in notification ? notification.summary.requestId : notification.request.requestId;
}
