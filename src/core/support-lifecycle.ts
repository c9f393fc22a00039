/** The support-session lifecycle as data, like the access lifecycle: every write is a compare-and-set from these states. */
import type { SessionStatus } from './support-types.js';

export type SessionEvent =
  | 'claim'
  | 'reassign'
  | 'scope_needs_approval'
  | 'scope_ready'
  | 'scope_approved'
  | 'scope_denied'
  | 'consent'
  | 'decline'
  | 'consent_timeout'
  | 'cancel'
  | 'end';

const SESSION_TRANSITIONS: Record<SessionEvent, Partial<Record<SessionStatus, SessionStatus>>> = {
  claim: { open: 'claimed' },
  // A lead may hand a session to someone else before it starts; the scope is recorded again.
  reassign: { claimed: 'claimed', awaiting_approval: 'claimed', awaiting_consent: 'claimed' },
  scope_needs_approval: { claimed: 'awaiting_approval' },
  scope_ready: { claimed: 'awaiting_consent' },
  scope_approved: { awaiting_approval: 'awaiting_consent' },
  // A refused admin scope goes back to the technician to scope again without admin rights.
  scope_denied: { awaiting_approval: 'claimed' },
  consent: { awaiting_consent: 'active' },
  decline: { awaiting_consent: 'declined' },
  consent_timeout: { awaiting_consent: 'consent_expired' },
  cancel: { open: 'cancelled', claimed: 'cancelled', awaiting_approval: 'cancelled', awaiting_consent: 'cancelled' },
  end: { active: 'ended' },
};

export function nextSessionStatus(from: SessionStatus, event: SessionEvent): SessionStatus | null {
  return SESSION_TRANSITIONS[event][from] ?? null;
}

export function sessionStatusesAccepting(event: SessionEvent): SessionStatus[] {
  return Object.keys(SESSION_TRANSITIONS[event]) as SessionStatus[];
}

export const SESSION_EVENTS = Object.keys(SESSION_TRANSITIONS) as SessionEvent[];
