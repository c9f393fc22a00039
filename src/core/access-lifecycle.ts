/**
 * The access lifecycle as data. Every service asks these tables what a transition leads to, and
 * writes it as a compare-and-set from exactly the states listed here, so a repeated click, a
 * platform retry or a second sweep finds the row already moved and changes nothing.
 */
import type { GrantStatus, RequestStatus } from './types.js';

export type RequestEvent = 'approve' | 'deny' | 'cancel' | 'ttl_elapsed';

const REQUEST_TRANSITIONS: Record<RequestEvent, Partial<Record<RequestStatus, RequestStatus>>> = {
  approve: { pending: 'approved' },
  deny: { pending: 'denied' },
  cancel: { pending: 'cancelled' },
  ttl_elapsed: { pending: 'expired' },
};

/** The status a request moves to, or null when the event does not apply in `from` (terminal states accept nothing). */
export function nextRequestStatus(from: RequestStatus, event: RequestEvent): RequestStatus | null {
  return REQUEST_TRANSITIONS[event][from] ?? null;
}

export type GrantEvent =
  | 'provisioned'
  | 'provision_error'
  | 'end'
  | 'end_covered'
  | 'revoked'
  | 'revoke_error';

const GRANT_TRANSITIONS: Record<GrantEvent, Partial<Record<GrantStatus, GrantStatus>>> = {
  provisioned: { provisioning: 'active', provision_failed: 'active' },
  provision_error: { provisioning: 'provision_failed', provision_failed: 'provision_failed' },
  // Ending a grant that is still being provisioned must still revoke: the provider may have acted.
  end: { active: 'revoking', provisioning: 'revoking', provision_failed: 'revoking' },
  end_covered: { active: 'covered', provisioning: 'covered', provision_failed: 'covered' },
  revoked: { revoking: 'revoked', revoke_failed: 'revoked' },
  revoke_error: { revoking: 'revoke_failed', revoke_failed: 'revoke_failed' },
};

export function nextGrantStatus(from: GrantStatus, event: GrantEvent): GrantStatus | null {
  return GRANT_TRANSITIONS[event][from] ?? null;
}

/** The states an event applies to: the `from` of the compare-and-set. */
export function grantStatusesAccepting(event: GrantEvent): GrantStatus[] {
  return Object.keys(GRANT_TRANSITIONS[event]) as GrantStatus[];
}

export function isRequestDecided(status: RequestStatus): boolean {
  return status !== 'pending';
}

export function isGrantEnded(status: GrantStatus): boolean {
  return status === 'revoking' || status === 'revoke_failed' || status === 'revoked' || status === 'covered';
}
