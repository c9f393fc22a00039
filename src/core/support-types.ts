/** Remote-support sessions: a technician's privileged reach into one person's device, governed phase by phase. */

export type SupportUrgency = 'low' | 'normal' | 'high';

export type SessionStatus =
  | 'open' // filed, waiting for a technician
  | 'claimed' // a technician took it; scope not recorded yet
  | 'awaiting_approval' // the scope needs admin rights: an escalation approver must agree
  | 'awaiting_consent' // the end user has been asked
  | 'active' // consented; the technician's access is provisioned through the support provider
  | 'ended' // access revoked or being revoked; documentation may still be due
  | 'declined' // the end user said no
  | 'consent_expired' // the end user did not answer in time
  | 'cancelled'; // withdrawn by the end user before it started

export type SessionEndReason = 'ended_by_technician' | 'stopped_by_user' | 'idle' | 'max_duration';

export interface SessionScope {
  device: string;
  interaction: 'view' | 'control';
  adminRights: boolean;
  prohibitedActions: string[];
}

export interface SessionDocumentation {
  actionsTaken: string;
  outcome: string;
  followUps: string;
}

export interface SupportSession {
  id: string;
  endUserEmail: string;
  endUserPlatform: string;
  endUserPlatformUserId: string | null;
  description: string;
  device: string | null;
  urgency: SupportUrgency;
  ticketRef: string | null;
  status: SessionStatus;
  technicianEmail: string | null;
  offeredToEmail: string | null;
  scope: SessionScope | null;
  createdAt: number;
  claimedAt: number | null;
  scopedAt: number | null;
  consentRequestedAt: number | null;
  consentExpiresAt: number | null;
  consentedAt: number | null;
  startedAt: number | null;
  lastActivityAt: number | null;
  idleWarnedAt: number | null;
  endedAt: number | null;
  endReason: SessionEndReason | null;
  documentation: SessionDocumentation | null;
  documentedAt: number | null;
  docRemindedAt: number | null;
  docReminders: number;
  policyHash: string;
}

export type EscalationKind = 'scope_admin' | 'elevation';
export type EscalationStatus = 'pending' | 'approved' | 'denied' | 'expired';

/** A privileged step inside a session, approved by someone other than the technician and the end user. */
export interface Escalation {
  id: string;
  sessionId: string;
  kind: EscalationKind;
  description: string;
  durationMs: number | null;
  status: EscalationStatus;
  requestedByEmail: string;
  requestedAt: number;
  decidedByEmail: string | null;
  decidedAt: number | null;
  reason: string | null;
  /** For an approved elevation: when it lapses. */
  expiresAt: number | null;
}

export interface SessionNote {
  sessionId: string;
  authorEmail: string;
  text: string;
  at: number;
}
