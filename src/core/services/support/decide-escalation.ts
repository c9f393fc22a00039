/**
 * An escalation approver decides on admin rights for a scope or on an elevation during a session.
 * Never the technician who asked, never the end user.
 */
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import { checkEscalationApprover } from '../../separation-of-duties.js';
import type { Escalation } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { askForConsent, escalationApprovers, lapsePendingEscalations, summarizeEscalation, summarizeSession, supportPolicy } from './session-steps.js';

export interface DecideEscalationInput {
  actor: Actor;
  escalationId: string;
  approve: boolean;
  reason?: string;
}

export function decideEscalation(deps: EngineDeps, input: DecideEscalationInput): Escalation {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = input.approve ? 'support.escalation_approve' : 'support.escalation_deny';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const escalation = tx.escalations.get(input.escalationId);
    const session = escalation && tx.sessions.get(escalation.sessionId);
    if (!escalation || !session) return refuse(tx, deps, { actor, action, code: 'NOT_FOUND', reason: `there is no escalation ${input.escalationId}`, subject: input.escalationId });
    const check = checkEscalationApprover(
      deps.policy(),
      { technicianEmail: escalation.requestedByEmail, endUserEmail: session.endUserEmail, approvers: support.escalationApprovers },
      actor.email,
    );
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: check.reason, subject: escalation.id, data: { sessionId: session.id } });
    if (escalation.status !== 'pending') {
      const by = escalation.decidedByEmail ? ` by ${escalation.decidedByEmail}` : '';
      return refuse(tx, deps, { actor, action, code: 'ALREADY_DECIDED', reason: `this escalation was already ${escalation.status}${by}`, subject: escalation.id });
    }
    const reason = input.reason?.trim() ?? '';
    if (!input.approve && reason.length === 0) {
      return refuse(tx, deps, { actor, action, code: 'INVALID_INPUT', reason: 'a denial needs a reason the technician can act on', subject: escalation.id });
    }
    // An elevation only makes sense inside a running session; a scope approval only before it starts.
    const expectedStatus = escalation.kind === 'scope_admin' ? 'awaiting_approval' : 'active';
    if (session.status !== expectedStatus) {
      lapsePendingEscalations(tx, deps, session, `the session is ${session.status.replace('_', ' ')}`);
      return refuse(tx, deps, { actor, action, code: 'WRONG_SESSION_STATE', reason: `the session is ${session.status.replace('_', ' ')}, so this escalation no longer applies`, subject: escalation.id });
    }
    const now = deps.clock.now();
    const patch = input.approve
      ? { status: 'approved' as const, decidedByEmail: actor.email, decidedAt: now, reason: reason || null, expiresAt: escalation.durationMs === null ? null : now + escalation.durationMs }
      : { status: 'denied' as const, decidedByEmail: actor.email, decidedAt: now, reason };
    if (!tx.escalations.transition(escalation.id, 'pending', patch)) {
      return refuse(tx, deps, { actor, action, code: 'ALREADY_DECIDED', reason: 'this escalation was already decided', subject: escalation.id });
    }
    const decided = { ...escalation, ...patch };
    tx.audit.append({
      type: input.approve ? 'support.escalation_approved' : 'support.escalation_denied',
      actor,
      subject: session.id,
      data: { escalationId: escalation.id, kind: escalation.kind, description: escalation.description, reason: reason || null, expiresAt: decided.expiresAt ?? null },
    });

    let current = session;
    if (escalation.kind === 'scope_admin') {
      if (input.approve) {
        askForConsent(tx, deps, support, session, 'awaiting_approval');
        current = { ...session, status: 'awaiting_consent' };
      } else {
        // Back to the technician to scope again without admin rights.
        tx.sessions.transition(session.id, ['awaiting_approval'], { status: 'claimed', scope: null, scopedAt: null });
        current = { ...session, status: 'claimed', scope: null };
      }
    } else {
      tx.sessions.update(session.id, ['active'], { lastActivityAt: now, idleWarnedAt: null });
    }
    const note = { kind: 'support.escalation_decided' as const, session: summarizeSession(current), escalation: summarizeEscalation(decided) };
    notifyPeople(tx, [escalation.requestedByEmail, ...escalationApprovers(deps, support, session)], note);
    return decided;
  });
}
