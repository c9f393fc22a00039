/** A lead hands a session that has not started to another technician; the scope is recorded again. */
import { sessionStatusesAccepting } from '../../support-lifecycle.js';
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import { checkReassignment } from '../../separation-of-duties.js';
import type { SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyChannel, notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { lapsePendingEscalations, loadSession, summarizeSession, supportPolicy, wrongState } from './session-steps.js';

export function reassignSession(deps: EngineDeps, input: { actor: Actor; sessionId: string; technicianEmail: string }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const to = normalizeEmail(input.technicianEmail);
  const action = 'support.reassign';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const check = checkReassignment(deps.policy(), { leads: support.escalationApprovers, technicians: support.technicians, endUserEmail: session.endUserEmail }, actor.email, to);
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: check.reason, subject: session.id });
    const from = sessionStatusesAccepting('reassign');
    const patch = { status: 'claimed' as const, technicianEmail: to, claimedAt: deps.clock.now(), scope: null, scopedAt: null, consentRequestedAt: null, consentExpiresAt: null };
    if (!from.includes(session.status) || !tx.sessions.transition(session.id, from, patch)) return wrongState(tx, deps, actor, session, action, 'reassigned');
    // Pending approvals belonged to the previous technician's scope.
    lapsePendingEscalations(tx, deps, session, 'the session was reassigned');
    const moved = { ...session, ...patch };
    tx.audit.append({ type: 'support.reassigned', actor, subject: session.id, data: { from: session.technicianEmail, to } });
    const note = { kind: 'support.reassigned' as const, session: summarizeSession(moved), fromEmail: session.technicianEmail, byEmail: actor.email };
    notifyPeople(tx, [to, session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])], note);
    notifyChannel(tx, deps.policy(), 'support', note);
    return moved;
  });
}
