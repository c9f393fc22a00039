/** The end user allows or declines the session. Only their answer counts, and only before the prompt expires. */
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import { checkConsenter } from '../../separation-of-duties.js';
import type { SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { loadSession, summarizeSession, supportPolicy, wrongState } from './session-steps.js';
import { startSupportGrant } from './support-grant-hooks.js';

export function respondConsent(deps: EngineDeps, input: { actor: Actor; sessionId: string; allow: boolean }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = input.allow ? 'support.consent' : 'support.decline';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const check = checkConsenter(session.endUserEmail, actor.email);
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: check.reason, subject: session.id });
    if (session.status !== 'awaiting_consent') return wrongState(tx, deps, actor, session, action, input.allow ? 'allowed' : 'declined');
    const now = deps.clock.now();
    // The sweeper marks expired prompts, but a click can arrive before it runs: the deadline decides.
    if (session.consentExpiresAt !== null && now >= session.consentExpiresAt) {
      return refuse(tx, deps, { actor, action, code: 'CONSENT_EXPIRED', reason: 'this consent request has expired; the technician has to ask again', subject: session.id });
    }
    const patch = input.allow
      ? { status: 'active' as const, consentedAt: now, startedAt: now, lastActivityAt: now, idleWarnedAt: null }
      : { status: 'declined' as const, endedAt: now };
    if (!tx.sessions.transition(session.id, ['awaiting_consent'], patch)) return wrongState(tx, deps, actor, session, action, 'answered');
    const updated = { ...session, ...patch };
    tx.audit.append({
      type: input.allow ? 'support.consented' : 'support.consent_declined',
      actor,
      subject: session.id,
      data: { technician: session.technicianEmail, scope: session.scope },
    });
    const summary = summarizeSession(updated);
    notifyPeople(tx, [session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])], { kind: 'support.consent_answered', session: summary, allowed: input.allow });
    if (input.allow) {
      const approvers = tx.escalations
        .listForSession(session.id)
        .filter((e) => e.kind === 'scope_admin' && e.status === 'approved' && e.decidedByEmail)
        .map((e) => e.decidedByEmail as string);
      startSupportGrant(tx, deps, updated, support.maxDurationMs, approvers);
      notifyPeople(tx, [session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])], {
        kind: 'support.session_active',
        session: summary,
        endsAt: now + support.maxDurationMs,
        idleTimeoutMs: support.idleTimeoutMs,
      });
    }
    return updated;
  });
}
