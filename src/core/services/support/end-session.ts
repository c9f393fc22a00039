/**
 * Ending a session: by the technician, by the end user withdrawing consent, or by the sweeper (idle,
 * max duration). Access is revoked through the provider and the technician is asked to document.
 */
import type { EngineDeps, WriteTx } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import type { SessionEndReason, SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { endGrant } from '../grant-steps.js';
import { notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { lapsePendingEscalations, loadSession, summarizeSession, wrongState } from './session-steps.js';

/** The shared step: compare-and-set active -> ended, revoke, expire open escalations, tell both sides. */
export function endActiveSession(tx: WriteTx, deps: EngineDeps, session: SupportSession, reason: SessionEndReason, actor: Actor): boolean {
  const now = deps.clock.now();
  const patch = { status: 'ended' as const, endedAt: now, endReason: reason };
  if (!tx.sessions.transition(session.id, ['active'], patch)) return false;
  const grant = tx.grants.getByRequest(session.id);
  if (grant) endGrant(tx, deps, grant, 'session_ended', actor);
  lapsePendingEscalations(tx, deps, { ...session, ...patch }, 'the session ended');
  for (const e of tx.escalations.listForSession(session.id)) {
    if (e.kind === 'elevation' && e.status === 'approved' && e.expiresAt !== null && e.expiresAt > now) tx.escalations.transition(e.id, 'approved', { status: 'expired', expiresAt: now, reason: 'session ended' });
  }
  const ended = { ...session, ...patch };
  tx.audit.append({ type: 'support.ended', actor, subject: session.id, data: { reason, technician: session.technicianEmail, startedAt: session.startedAt } });
  notifyPeople(tx, [session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])], {
    kind: 'support.session_ended',
    session: summarizeSession(ended),
    endReason: reason,
  });
  return true;
}

/** The technician presses End session, or the end user presses Stop. */
export function endSession(deps: EngineDeps, input: { actor: Actor; sessionId: string }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.end';
  return writeOrRefuse(deps, (tx) => {
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const reason: SessionEndReason | null =
      actor.email === session.technicianEmail ? 'ended_by_technician' : actor.email === session.endUserEmail ? 'stopped_by_user' : null;
    if (!reason) {
      return refuse(tx, deps, { actor, action, code: 'NOT_THE_TECHNICIAN', reason: 'only the technician or the person being supported may end this session', subject: session.id });
    }
    if (session.status !== 'active' || !endActiveSession(tx, deps, session, reason, actor)) return wrongState(tx, deps, actor, session, action, 'ended');
    return { ...session, status: 'ended' as const, endReason: reason };
  });
}

