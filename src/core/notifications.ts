/**
 * What the engine tells people, as neutral data. `views/` renders each kind for Slack and Teams;
 * every notification is a snapshot so rendering never needs the database.
 */
import type { ChannelName } from './policy.js';
import type { EscalationKind, EscalationStatus, SessionDocumentation, SessionEndReason, SessionScope, SessionStatus, SupportUrgency } from './support-types.js';
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

/** The facts about a support session that its messages show. */
export interface SessionSummary {
  sessionId: string;
  endUserEmail: string;
  description: string;
  device: string | null;
  urgency: SupportUrgency;
  ticketRef: string | null;
  status: SessionStatus;
  technicianEmail: string | null;
  scope: SessionScope | null;
  createdAt: number;
}

export interface EscalationSummary {
  escalationId: string;
  kind: EscalationKind;
  description: string;
  durationMs: number | null;
  status: EscalationStatus;
  requestedByEmail: string;
  decidedByEmail: string | null;
  reason: string | null;
  expiresAt: number | null;
}

export interface SupportClosure extends SessionSummary {
  consentedAt: number | null;
  startedAt: number | null;
  endedAt: number;
  endReason: SessionEndReason;
  /** How long the technician's access lasted. */
  durationMs: number;
  escalations: EscalationSummary[];
  documentation: SessionDocumentation | null;
  notes: number;
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
  /** A task left the fulfillers' hands: done by `doneByEmail`, or (null) no longer needed because the access ended first. */
  | { kind: 'access.fulfilment_closed'; request: RequestSummary; grantId: string; taskId: string; action: 'grant' | 'revoke'; doneByEmail: string | null; closedAt: number }
  | { kind: 'access.revoke_failing'; request: RequestSummary; grantId: string; failures: number; lastError: string }
  | { kind: 'access.provision_failing'; request: RequestSummary; grantId: string; failures: number; lastError: string }
  | { kind: 'break_glass.used'; request: RequestSummary; reviewers: string[]; reviewDueAt: number }
  | { kind: 'break_glass.review_needed'; request: RequestSummary; reviewId: string; reviewDueAt: number }
  | { kind: 'break_glass.review_overdue'; request: RequestSummary; reviewId: string; reviewDueAt: number }
  | { kind: 'break_glass.reviewed'; request: RequestSummary; reviewId: string; reviewerEmail: string; outcome: ReviewOutcome; notes: string }
  | { kind: 'support.requested'; session: SessionSummary }
  | { kind: 'support.received'; session: SessionSummary }
  | { kind: 'support.offered'; session: SessionSummary; waitingMs: number }
  | { kind: 'support.claimed'; session: SessionSummary }
  | { kind: 'support.reassigned'; session: SessionSummary; fromEmail: string | null; byEmail: string }
  | { kind: 'support.escalation_needed'; session: SessionSummary; escalation: EscalationSummary }
  | { kind: 'support.escalation_decided'; session: SessionSummary; escalation: EscalationSummary }
  | { kind: 'support.consent_needed'; session: SessionSummary; consentExpiresAt: number }
  | { kind: 'support.consent_answered'; session: SessionSummary; allowed: boolean }
  | { kind: 'support.consent_expired'; session: SessionSummary }
  | { kind: 'support.session_active'; session: SessionSummary; endsAt: number; idleTimeoutMs: number }
  | { kind: 'support.idle_warning'; session: SessionSummary; endsAt: number }
  | { kind: 'support.session_ended'; session: SessionSummary; endReason: SessionEndReason }
  | { kind: 'support.documentation_reminder'; session: SessionSummary; reminders: number }
  /** Sent to the technician who documented, so their cards stop offering Document session. */
  | { kind: 'support.documented'; session: SessionSummary; documentedByEmail: string; documentedAt: number }
  | { kind: 'support.closed'; closure: SupportClosure }
  | { kind: 'support.cancelled'; session: SessionSummary }
  | { kind: 'support.access_failing'; session: SessionSummary; failures: number; lastError: string };

export type NotificationKind = Notification['kind'];

/** The request a notification is about: messages about one request keep their order. */
export function notificationSubject(notification: Notification): string {
  if ('summary' in notification) return notification.summary.requestId;
  if ('closure' in notification) return notification.closure.sessionId;
  if ('session' in notification) return notification.session.sessionId;
  return notification.request.requestId;
}
