/** The end user withdraws a request that has not started. */
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import { checkConsenter } from '../../separation-of-duties.js';
import { sessionStatusesAccepting } from '../../support-lifecycle.js';
import type { SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyChannel, notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { lapsePendingEscalations, loadSession, summarizeSession, wrongState } from './session-steps.js';

export function cancelSupportRequest(deps: EngineDeps, input: { actor: Actor; sessionId: string }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.cancel';
  return writeOrRefuse(deps, (tx) => {
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const check = checkConsenter(session.endUserEmail, actor.email);
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: 'only the person who asked for support may cancel it', subject: session.id });
    const patch = { status: 'cancelled' as const, endedAt: deps.clock.now() };
    if (!tx.sessions.transition(session.id, sessionStatusesAccepting('cancel'), patch)) return wrongState(tx, deps, actor, session, action, 'cancelled');
    const cancelled = { ...session, ...patch };
    lapsePendingEscalations(tx, deps, cancelled, 'the request was cancelled');
    tx.audit.append({ type: 'support.cancelled', actor, subject: session.id, data: { previousStatus: session.status } });
    const note = { kind: 'support.cancelled' as const, session: summarizeSession(cancelled) };
    notifyPeople(tx, [session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])], note);
    notifyChannel(tx, deps.policy(), 'support', note);
    return cancelled;
  });
}
