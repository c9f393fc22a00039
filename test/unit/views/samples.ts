/** One realistic notification of every kind. Typed by kind, so a new kind fails to compile until it has a sample. */
import type { ClosureSummary, EscalationSummary, Notification, NotificationKind, Recipient, RequestSummary, SessionSummary, SupportClosure } from '../../../src/core/notifications.js';
import type { SessionDocumentation, SessionScope } from '../../../src/core/support-types.js';

export const HOUR = 3_600_000;
/** 2026-01-05 09:00 UTC */
export const T0 = Date.UTC(2026, 0, 5, 9, 0);

export const REQUESTER = 'erin@example.com';
export const APPROVER = 'dave@example.com';
/** Support: the person who asked for help, the technician who has the session, the one who had it, the lead who moved it. */
export const END_USER = 'sam@example.com';
export const TECHNICIAN = 'tina@example.com';
export const PREVIOUS_TECHNICIAN = 'tom@example.com';
export const LEAD = 'lena@example.com';
export const SESSION_ID = 'sup_01JH2K3M4N5P6Q7R8S9T';
export const ESCALATION_ID = 'esc_01JH2K3M4N';

/** `approver` doubles as the escalation approver for support kinds. */
export const RECIPIENTS = {
  requester: { kind: 'person', email: REQUESTER },
  approver: { kind: 'person', email: APPROVER },
  channel: { kind: 'channel', channel: 'approvals' },
  endUser: { kind: 'person', email: END_USER },
  technician: { kind: 'person', email: TECHNICIAN },
  previousTechnician: { kind: 'person', email: PREVIOUS_TECHNICIAN },
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

export const DEFAULT_PROHIBITED = ['Opening personal files, email or chat', 'Copying data off the device', 'Changing security settings'];

export function session(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    sessionId: SESSION_ID,
    endUserEmail: END_USER,
    description: 'my laptop cannot reach the VPN since this morning',
    device: 'LAPTOP-SAM-42',
    urgency: 'high',
    ticketRef: 'HD-1042',
    status: 'open',
    technicianEmail: null,
    scope: null,
    createdAt: T0,
    ...overrides,
  };
}

export function scope(overrides: Partial<SessionScope> = {}): SessionScope {
  return { device: 'LAPTOP-SAM-42', interaction: 'control', adminRights: true, prohibitedActions: DEFAULT_PROHIBITED, ...overrides };
}

export function escalation(overrides: Partial<EscalationSummary> = {}): EscalationSummary {
  return {
    escalationId: ESCALATION_ID,
    kind: 'scope_admin',
    description: 'admin rights on LAPTOP-SAM-42',
    durationMs: null,
    status: 'pending',
    requestedByEmail: TECHNICIAN,
    decidedByEmail: null,
    reason: null,
    expiresAt: null,
    ...overrides,
  };
}

export function documentation(overrides: Partial<SessionDocumentation> = {}): SessionDocumentation {
  return {
    actionsTaken: 'Reinstalled the VPN client with the approved elevation and cleared the DNS cache.',
    outcome: 'VPN connects again; Sam confirmed.',
    followUps: 'Replace the Wi-Fi card at the next office visit.',
    ...overrides,
  };
}

export function supportClosure(s: SessionSummary = session(), overrides: Partial<SupportClosure> = {}): SupportClosure {
  const started = T0 + 20 * 60_000;
  return {
    ...s,
    status: 'ended',
    technicianEmail: TECHNICIAN,
    scope: scope({ device: s.scope?.device ?? s.device ?? 'LAPTOP-SAM-42' }),
    consentedAt: started - 60_000,
    startedAt: started,
    endedAt: started + 45 * 60_000,
    endReason: 'ended_by_technician',
    durationMs: 45 * 60_000,
    escalations: [
      escalation({ status: 'approved', decidedByEmail: APPROVER }),
      escalation({
        escalationId: 'esc_01JH2K3M5P',
        kind: 'elevation',
        description: 'reinstall the VPN client driver',
        durationMs: 15 * 60_000,
        status: 'approved',
        decidedByEmail: APPROVER,
        expiresAt: started + 25 * 60_000,
      }),
    ],
    documentation: documentation(),
    notes: 3,
    ...overrides,
  };
}

/** What a test may swap into the support samples: hostile or huge text in the session, its documentation, its prohibited actions. */
export interface SupportSampleInput {
  session?: SessionSummary;
  documentation?: SessionDocumentation;
  prohibited?: string[];
}

type SampleMap = { [K in NotificationKind]: Extract<Notification, { kind: K }> };

/**
 * Samples built around one request and one support session; `r`, `userText` and `support` let a
 * test swap in hostile or huge text. `userText` is also the support escalation's denial reason and
 * the provider error.
 */
export function samples(r: RequestSummary = request(), userText = 'no incident ticket was open at the time', support: SupportSampleInput = {}): SampleMap {
  const breakGlass = { ...r, breakGlass: true };
  const base = support.session ?? session();
  const sc = scope({ device: base.device ?? 'LAPTOP-SAM-42', ...(support.prohibited ? { prohibitedActions: support.prohibited } : {}) });
  const claimed = { ...base, status: 'claimed' as const, technicianEmail: TECHNICIAN };
  const scoped = (status: SessionSummary['status'], s: SessionScope = sc) => ({ ...claimed, status, scope: s });
  const active = scoped('active');
  const ended = scoped('ended');
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
    'access.fulfilment_closed': { kind: 'access.fulfilment_closed', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', taskId: 'task_01JH2K3M4N', action: 'grant', doneByEmail: 'ops@example.com', closedAt: T0 + HOUR },
    'access.revoke_failing': { kind: 'access.revoke_failing', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', failures: 3, lastError: userText },
    'access.provision_failing': { kind: 'access.provision_failing', request: r, grantId: 'gr_01JH2K3M4N5P6Q7R8S9T', failures: 3, lastError: userText },
    'break_glass.used': { kind: 'break_glass.used', request: breakGlass, reviewers: ['sec@example.com'], reviewDueAt: T0 + 24 * HOUR },
    'break_glass.review_needed': { kind: 'break_glass.review_needed', request: breakGlass, reviewId: 'rev_01JH2K3M4N', reviewDueAt: T0 + 24 * HOUR },
    'break_glass.review_overdue': { kind: 'break_glass.review_overdue', request: breakGlass, reviewId: 'rev_01JH2K3M4N', reviewDueAt: T0 + 24 * HOUR },
    'break_glass.reviewed': { kind: 'break_glass.reviewed', request: breakGlass, reviewId: 'rev_01JH2K3M4N', reviewerEmail: 'sec@example.com', outcome: 'inappropriate', notes: userText },
    'support.requested': { kind: 'support.requested', session: base },
    'support.received': { kind: 'support.received', session: base },
    'support.offered': { kind: 'support.offered', session: base, waitingMs: 15 * 60_000 },
    'support.claimed': { kind: 'support.claimed', session: claimed },
    'support.reassigned': { kind: 'support.reassigned', session: claimed, fromEmail: PREVIOUS_TECHNICIAN, byEmail: LEAD },
    'support.escalation_needed': { kind: 'support.escalation_needed', session: scoped('awaiting_approval'), escalation: escalation() },
    // A refused admin scope: the engine sends the session back to `claimed` with its scope cleared.
    'support.escalation_decided': {
      kind: 'support.escalation_decided',
      session: claimed,
      escalation: escalation({ status: 'denied', decidedByEmail: APPROVER, reason: userText }),
    },
    'support.consent_needed': { kind: 'support.consent_needed', session: scoped('awaiting_consent'), consentExpiresAt: T0 + 30 * 60_000 },
    'support.consent_answered': { kind: 'support.consent_answered', session: active, allowed: true },
    'support.consent_expired': { kind: 'support.consent_expired', session: scoped('consent_expired') },
    'support.session_active': { kind: 'support.session_active', session: active, endsAt: T0 + 2 * HOUR, idleTimeoutMs: 15 * 60_000 },
    'support.idle_warning': { kind: 'support.idle_warning', session: active, endsAt: T0 + HOUR },
    'support.session_ended': { kind: 'support.session_ended', session: ended, endReason: 'stopped_by_user' },
    'support.documentation_reminder': { kind: 'support.documentation_reminder', session: ended, reminders: 2 },
    'support.documented': { kind: 'support.documented', session: ended, documentedByEmail: TECHNICIAN, documentedAt: T0 + HOUR },
    'support.closed': {
      kind: 'support.closed',
      closure: supportClosure(base, { scope: sc, ...(support.documentation ? { documentation: support.documentation } : {}) }),
    },
    'support.cancelled': { kind: 'support.cancelled', session: { ...claimed, status: 'cancelled' } },
    'support.access_failing': { kind: 'support.access_failing', session: ended, failures: 3, lastError: userText },
  };
}

export const KINDS = Object.keys(samples()) as NotificationKind[];
