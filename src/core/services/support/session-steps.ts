/** In-transaction steps the support services share: loading, summarising, asking for consent, notifying. */
import type { EscalationSummary, SessionSummary, SupportClosure } from '../../notifications.js';
import type { EngineDeps, WriteTx } from '../../ports.js';
import type { SupportPolicy } from '../../policy.js';
import { expandPrincipals } from '../../principals.js';
import type { Escalation, EscalationKind, SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyPeople } from '../notify.js';
import { refuse, type Refusal } from '../write-or-refuse.js';

export function summarizeSession(session: SupportSession): SessionSummary {
  return {
    sessionId: session.id,
    endUserEmail: session.endUserEmail,
    description: session.description,
    device: session.device,
    urgency: session.urgency,
    ticketRef: session.ticketRef,
    status: session.status,
    technicianEmail: session.technicianEmail,
    scope: session.scope,
    createdAt: session.createdAt,
  };
}

export function summarizeEscalation(e: Escalation): EscalationSummary {
  return {
    escalationId: e.id,
    kind: e.kind,
    description: e.description,
    durationMs: e.durationMs,
    status: e.status,
    requestedByEmail: e.requestedByEmail,
    decidedByEmail: e.decidedByEmail,
    reason: e.reason,
    expiresAt: e.expiresAt,
  };
}

export function summarizeClosure(tx: WriteTx, session: SupportSession, grantProvisionedAt: number | null, grantRevokedAt: number | null): SupportClosure {
  const endedAt = session.endedAt ?? grantRevokedAt ?? 0;
  const from = grantProvisionedAt ?? session.startedAt;
  return {
    ...summarizeSession(session),
    consentedAt: session.consentedAt,
    startedAt: session.startedAt,
    endedAt,
    endReason: session.endReason ?? 'ended_by_technician',
    durationMs: from === null ? 0 : Math.max(0, (grantRevokedAt ?? endedAt) - from),
    escalations: tx.escalations.listForSession(session.id).map(summarizeEscalation),
    documentation: session.documentation,
    notes: tx.notes.list(session.id).length,
  };
}

/** The support section of the policy, or an audited refusal when support is switched off. */
export function supportPolicy(tx: WriteTx, deps: EngineDeps, actor: Actor, action: string): SupportPolicy | Refusal {
  const support = deps.policy().support;
  return support ?? refuse(tx, deps, { actor, action, code: 'SUPPORT_DISABLED', reason: 'remote support is not set up in this policy', subject: null });
}

export function loadSession(tx: WriteTx, deps: EngineDeps, actor: Actor, sessionId: string, action: string): SupportSession | Refusal {
  return tx.sessions.get(sessionId) ?? refuse(tx, deps, { actor, action, code: 'NOT_FOUND', reason: `there is no support session ${sessionId}`, subject: sessionId });
}

export function wrongState(tx: WriteTx, deps: EngineDeps, actor: Actor, session: SupportSession, action: string, wanted: string): Refusal {
  return refuse(tx, deps, {
    actor,
    action,
    code: 'WRONG_SESSION_STATE',
    reason: `this session is ${session.status.replace('_', ' ')}, so it cannot be ${wanted} now`,
    subject: session.id,
    data: { status: session.status },
  });
}

/** Only the assigned technician may act on the session's scope and controls. */
export function notTheTechnician(tx: WriteTx, deps: EngineDeps, actor: Actor, session: SupportSession, action: string): Refusal | null {
  if (session.technicianEmail === actor.email) return null;
  return refuse(tx, deps, {
    actor,
    action,
    code: 'NOT_THE_TECHNICIAN',
    reason: session.technicianEmail ? `only ${session.technicianEmail}, the assigned technician, may do this` : 'nobody has claimed this session yet',
    subject: session.id,
  });
}

/** Eligible escalation approvers for a session: never the technician, never the end user. */
export function escalationApprovers(deps: EngineDeps, support: SupportPolicy, session: SupportSession): string[] {
  return expandPrincipals(deps.policy(), support.escalationApprovers, null).filter((e) => e !== session.technicianEmail && e !== session.endUserEmail);
}

/** Moves a scoped session to consent: the end user is asked, with a deadline. */
export function askForConsent(tx: WriteTx, deps: EngineDeps, support: SupportPolicy, session: SupportSession, from: SupportSession['status']): boolean {
  const now = deps.clock.now();
  const consentExpiresAt = now + support.consentTimeoutMs;
  const patch = { status: 'awaiting_consent' as const, consentRequestedAt: now, consentExpiresAt };
  if (!tx.sessions.transition(session.id, [from], patch)) return false;
  const updated = { ...session, ...patch };
  tx.audit.append({
    type: 'support.consent_requested',
    actor: { email: 'system', platform: 'system', platformUserId: null },
    subject: session.id,
    data: { endUser: session.endUserEmail, technician: session.technicianEmail, scope: session.scope, consentExpiresAt },
  });
  notifyPeople(tx, [session.endUserEmail], { kind: 'support.consent_needed', session: summarizeSession(updated), consentExpiresAt });
  return true;
}

/**
 * Pending escalations of a session that can no longer be decided (the session ended, was cancelled or
 * reassigned) lapse, and everyone holding its card is told, so no Approve button is left behind.
 */
export function lapsePendingEscalations(tx: WriteTx, deps: EngineDeps, session: SupportSession, reason: string): void {
  const support = deps.policy().support;
  const now = deps.clock.now();
  for (const e of tx.escalations.listForSession(session.id)) {
    if (e.status !== 'pending') continue;
    const patch = { status: 'expired' as const, decidedAt: now, reason };
    if (!tx.escalations.transition(e.id, 'pending', patch)) continue;
    tx.audit.append({ type: 'support.escalation_lapsed', actor: { email: 'system', platform: 'system', platformUserId: null }, subject: session.id, data: { escalationId: e.id, reason } });
    const approvers = support ? escalationApprovers(deps, support, session) : [];
    notifyPeople(tx, [e.requestedByEmail, ...approvers], { kind: 'support.escalation_decided', session: summarizeSession(session), escalation: summarizeEscalation({ ...e, ...patch }) });
  }
}

/** Opens an escalation of a session and asks its eligible approvers (the caller has checked there are some). */
export function openEscalation(
  tx: WriteTx,
  deps: EngineDeps,
  actor: Actor,
  session: SupportSession,
  ask: { kind: EscalationKind; description: string; durationMs: number | null },
  approvers: string[],
): Escalation {
  const escalation: Escalation = {
    id: deps.ids.next('esc'),
    sessionId: session.id,
    ...ask,
    status: 'pending',
    requestedByEmail: actor.email,
    requestedAt: deps.clock.now(),
    decidedByEmail: null,
    decidedAt: null,
    reason: null,
    expiresAt: null,
  };
  tx.escalations.insert(escalation);
  tx.audit.append({ type: 'support.escalation_requested', actor, subject: session.id, data: { escalationId: escalation.id, ...ask, approvers } });
  notifyPeople(tx, approvers, { kind: 'support.escalation_needed', session: summarizeSession(session), escalation: summarizeEscalation(escalation) });
  return escalation;
}
