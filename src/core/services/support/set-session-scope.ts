/**
 * The technician records what the session may do before anything starts. A scope with admin rights
 * waits for an escalation approver; any other scope goes straight to the end user for consent.
 */
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import type { SessionScope, SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { askForConsent, escalationApprovers, loadSession, notTheTechnician, openEscalation, supportPolicy, wrongState } from './session-steps.js';

export function setSessionScope(deps: EngineDeps, input: { actor: Actor; sessionId: string; scope: SessionScope }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.scope';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const notOwner = notTheTechnician(tx, deps, actor, session, action);
    if (notOwner) return notOwner;
    if (session.status !== 'claimed') return wrongState(tx, deps, actor, session, action, 'scoped');
    const scope: SessionScope = {
      device: input.scope.device.trim(),
      interaction: input.scope.interaction,
      adminRights: input.scope.adminRights,
      prohibitedActions: input.scope.prohibitedActions.map((p) => p.trim()).filter((p) => p.length > 0),
    };
    if (scope.device.length === 0) return refuse(tx, deps, { actor, action, code: 'INVALID_INPUT', reason: 'name the device the session is for', subject: session.id });
    const now = deps.clock.now();
    const approvers = scope.adminRights ? escalationApprovers(deps, support, session) : [];
    if (scope.adminRights && approvers.length === 0) {
      return refuse(tx, deps, { actor, action, code: 'NOT_ENOUGH_APPROVERS', reason: 'admin rights need an escalation approver other than you and the end user, and the policy names none', subject: session.id });
    }
    tx.audit.append({ type: 'support.scoped', actor, subject: session.id, data: { scope, needsApproval: scope.adminRights } });

    if (!scope.adminRights) {
      if (!tx.sessions.update(session.id, ['claimed'], { scope, scopedAt: now })) return wrongState(tx, deps, actor, session, action, 'scoped');
      askForConsent(tx, deps, support, { ...session, scope, scopedAt: now }, 'claimed');
      return { ...session, scope, scopedAt: now, status: 'awaiting_consent' as const };
    }
    const patch = { status: 'awaiting_approval' as const, scope, scopedAt: now };
    if (!tx.sessions.transition(session.id, ['claimed'], patch)) return wrongState(tx, deps, actor, session, action, 'scoped');
    const updated = { ...session, ...patch };
    openEscalation(tx, deps, actor, updated, { kind: 'scope_admin', description: `admin rights on ${scope.device}`, durationMs: null }, approvers);
    return updated;
  });
}
