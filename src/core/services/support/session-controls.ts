/**
 * What the technician does inside an active session: ask for an elevation, add a note. Both count as
 * activity for the idle timer, as does a signed heartbeat from the remote tool.
 */
import type { EngineDeps, WriteTx } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import type { Escalation, SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { escalationApprovers, loadSession, notTheTechnician, openEscalation, supportPolicy, wrongState } from './session-steps.js';

/** Longest time box an elevation may ask for. */
export const MAX_ELEVATION_MS = 4 * 3_600_000;

function activeSessionOfTechnician(deps: EngineDeps, actor: Actor, sessionId: string, action: string, tx: WriteTx): SupportSession | Refusal {
  const session = loadSession(tx, deps, actor, sessionId, action);
  if (session instanceof Refusal) return session;
  const notOwner = notTheTechnician(tx, deps, actor, session, action);
  if (notOwner) return notOwner;
  if (session.status !== 'active') return wrongState(tx, deps, actor, session, action, 'used');
  return session;
}

export function requestElevation(deps: EngineDeps, input: { actor: Actor; sessionId: string; description: string; durationMs: number }): Escalation {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.elevation';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const session = activeSessionOfTechnician(deps, actor, input.sessionId, action, tx);
    if (session instanceof Refusal) return session;
    const description = input.description.trim();
    if (description.length === 0) return refuse(tx, deps, { actor, action, code: 'INVALID_INPUT', reason: 'describe the privileged action', subject: session.id });
    if (!(input.durationMs > 0) || input.durationMs > MAX_ELEVATION_MS) {
      return refuse(tx, deps, { actor, action, code: 'DURATION_TOO_LONG', reason: 'an elevation is time-boxed to at most 4h', subject: session.id });
    }
    const approvers = escalationApprovers(deps, support, session);
    if (approvers.length === 0) {
      return refuse(tx, deps, { actor, action, code: 'NOT_ENOUGH_APPROVERS', reason: 'no escalation approver other than you and the end user exists', subject: session.id });
    }
    const escalation = openEscalation(tx, deps, actor, session, { kind: 'elevation', description, durationMs: input.durationMs }, approvers);
    tx.sessions.update(session.id, ['active'], { lastActivityAt: deps.clock.now(), idleWarnedAt: null });
    return escalation;
  });
}

export function addSessionNote(deps: EngineDeps, input: { actor: Actor; sessionId: string; text: string }): { sessionId: string } {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.note';
  return writeOrRefuse(deps, (tx) => {
    const session = activeSessionOfTechnician(deps, actor, input.sessionId, action, tx);
    if (session instanceof Refusal) return session;
    const text = input.text.trim();
    if (text.length === 0) return refuse(tx, deps, { actor, action, code: 'INVALID_INPUT', reason: 'the note is empty', subject: session.id });
    const now = deps.clock.now();
    tx.notes.insert({ sessionId: session.id, authorEmail: actor.email, text, at: now });
    tx.sessions.update(session.id, ['active'], { lastActivityAt: now, idleWarnedAt: null });
    tx.audit.append({ type: 'support.note', actor, subject: session.id, data: { text } });
    return { sessionId: session.id };
  });
}

/**
 * A heartbeat from the remote-support tool (its signature is checked at the edge). Not audited:
 * it can arrive every few seconds, and the trail records phases, not pulses.
 */
export function recordHeartbeat(deps: EngineDeps, sessionId: string): { alive: boolean } {
  return deps.store.write((tx) => {
    const session = tx.sessions.get(sessionId);
    if (!session || session.status !== 'active') return { alive: false };
    tx.sessions.update(session.id, ['active'], { lastActivityAt: deps.clock.now(), idleWarnedAt: null });
    return { alive: true };
  });
}
