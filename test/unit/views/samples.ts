/** One realistic notification of every kind. Typed by kind, so a new kind fails to compile until it has a sample. */
import type { ClosureSummary, Notification, NotificationKind, Recipient, RequestSummary } from '../../../src/core/notifications.js';

export const HOUR = 3_600_000;
/** 2026-01-05 09:00 UTC */
export const T0 = Date.UTC(2026, 0, 5, 9, 0);

export const REQUESTER = 'erin@example.com';
export const APPROVER = 'dave@example.com';

export const RECIPIENTS = {
  requester: { kind: 'person', email: REQUESTER },
  approver: { kind: 'person', email: APPROVER },
  channel: { kind: 'channel', channel: 'approvals' },
} satisfies Record<string, Recipient>;

export type Audience = keyof typeof RECIPIENTS;

export function request(overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    requestId: 'req_01JH2K3M4N5P6Q7R8S9T',
    requesterEmail: REQUESTER,
    resourceId: 'prod-db',
    resourceName: 'Production database',
    durationMs: 2 * HOUR,
    justification: 'investigating INC-4211 slow queries',
    breakGlass: false,
    createdAt: T0,
    ...overrides,
  };
}

export function closure(overrides: Partial<ClosureSummary> = {}): ClosureSummary {
  return {
    ...request(),
    grantId: 'gr_01JH2K3M4N5P6Q7R8S9T',
    approvers: [APPROVER],
    autoApproved: false,
    provisionedAt: T0 + 60_000,
    endedAt: T0 + 60_000 + 90 * 60_000,
    revokedAt: T0 + 60_000 + 91 * 60_000,
    endReason: 'ended_by_holder',
    usedMs: 90 * 60_000,
    coveredByGrantId: null,
    ...overrides,
  };
}

type SampleMap = { [K in NotificationKind]: Extract<Notification, { kind: K }> };

/** Samples built around one request; `r` lets a test swap in hostile or huge text. */
export function samples(r: RequestSummary = request(), userText = 'no incident ticket was open at the time'): SampleMap {
  const breakGlass = { ...r, breakGlass: true };
  return {
    'access.submitted': { kind: 'access.submitted', request: r, approvers: [APPROVER, 'frank@example.com'], approvalsRequired: 2 },
    'access.approval_needed': { kind: 'access.approval_needed', request: r, approvalsRequired: 2, approvalsSoFar: [], maxDurationMs: 4 * HOUR },
    'access.approval_recorded': { kind: 'access.approval_recorded', request: r, approverEmail: APPROVER, approvalsSoFar: [APPROVER], approvalsRequired: 2 },
    'access.approved': { kind: 'access.approved', request: r, approvers: [APPROVER, 'frank@example.com'], autoApproved: false },
    'access.denied': { kind: 'access.denied', request: r, deniedBy: APPROVER, reason: userText },
    'access.cancelled': { kind: 'access.cancelled', request: r },
    'access.request_expired': { kind: 'access.request_expired', request: r },
    'access.active': { kind: 'access.active', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', expiresAt: T0 + 2 * HOUR },
    'access.ending_soon': { kind: 'access.ending_soon', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', expiresAt: T0 + 2 * HOUR },
    'access.closed': { kind: 'access.closed', summary: { ...closure(), ...r } },
    'access.fulfilment_needed': { kind: 'access.fulfilment_needed', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', taskId: 'task_01JH2K3M4N', action: 'grant', fulfillers: ['ops@example.com'] },
    'access.revoke_failing': { kind: 'access.revoke_failing', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', failures: 3, lastError: userText },
    'access.provision_failing': { kind: 'access.provision_failing', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', failures: 3, lastError: userText },
    'break_glass.used': { kind: 'break_glass.used', request: breakGlass, reviewers: ['sec@example.com'], reviewDueAt: T0 + 24 * HOUR },
    'break_glass.review_needed': { kind: 'break_glass.review_needed', request: breakGlass, reviewId: 'rev_01JH2K3M4N', reviewDueAt: T0 + 24 * HOUR },
    'break_glass.review_overdue': { kind: 'break_glass.review_overdue', request: breakGlass, reviewId: 'rev_01JH2K3M4N', reviewDueAt: T0 + 24 * HOUR },
    'break_glass.reviewed': { kind: 'break_glass.reviewed', request: breakGlass, reviewId: 'rev_01JH2K3M4N', reviewerEmail: 'sec@example.com', outcome: 'inappropriate', notes: userText },
  };
}

export const KINDS = Object.keys(samples()) as NotificationKind[];
