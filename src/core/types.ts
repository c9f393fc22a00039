/** Domain records shared by the engine, the store and the views. Times are epoch milliseconds. */

export type Platform = 'slack' | 'teams' | 'cli' | 'sandbox' | 'system';

/**
 * Who did something. The email is the identity the policy knows; the platform user id is recorded
 * with every decision because a display name can be changed and an email can be reassigned.
 */
export interface Actor {
  email: string;
  platform: Platform;
  platformUserId: string | null;
}

export const SYSTEM_ACTOR: Actor = { email: 'system', platform: 'system', platformUserId: null };

export type RequestStatus = 'pending' | 'approved' | 'denied' | 'cancelled' | 'expired';

export interface AccessRequest {
  id: string;
  requesterEmail: string;
  requesterPlatform: Platform;
  requesterPlatformUserId: string | null;
  resourceId: string;
  durationMs: number;
  justification: string;
  status: RequestStatus;
  approvalsRequired: number;
  breakGlass: boolean;
  autoApproved: boolean;
  createdAt: number;
  /** When an undecided request expires. */
  pendingUntil: number;
  decidedAt: number | null;
  decidedByEmail: string | null;
  decisionReason: string | null;
  policyHash: string;
}

export interface Approval {
  requestId: string;
  approverEmail: string;
  platform: Platform;
  platformUserId: string | null;
  at: number;
}

/**
 * provision_failed and revoke_failed are not terminal: the outbox keeps retrying and the grant
 * moves on when the provider finally answers. `covered` means this grant ended while another grant
 * for the same person and resource still covers the access, so nothing was revoked at the provider.
 */
export type GrantStatus =
  | 'provisioning'
  | 'provision_failed'
  | 'active'
  | 'revoking'
  | 'revoke_failed'
  | 'revoked'
  | 'covered';

export type GrantEndReason = 'expired' | 'ended_by_holder' | 'revoked_by_admin' | 'session_ended';

/** What a grant serves: an access request, or a technician's reach during a support session. */
export type GrantKind = 'access' | 'support';

export interface Grant {
  id: string;
  kind: GrantKind;
  /** The access request, or the support session when `kind` is `support`. */
  requestId: string;
  subjectEmail: string;
  resourceId: string;
  status: GrantStatus;
  durationMs: number;
  approvers: string[];
  createdAt: number;
  provisionedAt: number | null;
  expiresAt: number | null;
  endedAt: number | null;
  endReason: GrantEndReason | null;
  revokedAt: number | null;
  coveredByGrantId: string | null;
  failures: number;
  lastError: string | null;
  warnedAt: number | null;
}

export type TaskAction = 'grant' | 'revoke';

/** A manual fulfilment step waiting on a person from the provider's `fulfillers`. */
export interface FulfilmentTask {
  id: string;
  grantId: string;
  action: TaskAction;
  status: 'open' | 'done';
  createdAt: number;
  doneAt: number | null;
  doneByEmail: string | null;
  /** The people the task's card went to when it was opened. */
  fulfillers: string[];
}

export type ReviewOutcome = 'appropriate' | 'inappropriate';

/** The review every break-glass use must get from `break_glass.reviewers`. */
export interface BreakGlassReview {
  id: string;
  requestId: string;
  status: 'open' | 'done';
  dueAt: number;
  overdueFlaggedAt: number | null;
  reviewerEmail: string | null;
  outcome: ReviewOutcome | null;
  notes: string | null;
  reviewedAt: number | null;
}

export const ACTIVE_LIKE_GRANT_STATUSES: readonly GrantStatus[] = ['provisioning', 'provision_failed', 'active'];
export const TERMINAL_GRANT_STATUSES: readonly GrantStatus[] = ['revoked', 'covered'];
