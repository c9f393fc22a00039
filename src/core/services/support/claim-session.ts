/** A technician takes an open request; never their own. */
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import { checkTechnician } from '../../separation-of-duties.js';
import type { SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyChannel, notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { loadSession, summarizeSession, supportPolicy } from './session-steps.js';

export function claimSession(deps: EngineDeps, input: { actor: Actor; sessionId: string }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.claim';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const check = checkTechnician(deps.policy(), support.technicians, session.endUserEmail, actor.email);
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: check.reason, subject: session.id });
    const patch = { status: 'claimed' as const, technicianEmail: actor.email, claimedAt: deps.clock.now() };
    if (session.status !== 'open' || !tx.sessions.transition(session.id, ['open'], patch)) {
      const by = session.technicianEmail ? ` by ${session.technicianEmail}` : '';
      return refuse(tx, deps, { actor, action, code: 'ALREADY_DECIDED', reason: `this request was already ${session.status === 'open' ? 'claimed' : session.status.replace('_', ' ')}${by}`, subject: session.id });
    }
    const claimed = { ...session, ...patch };
    tx.audit.append({ type: 'support.claimed', actor, subject: session.id, data: { technician: actor.email, endUser: session.endUserEmail } });
    const summary = summarizeSession(claimed);
    notifyPeople(tx, [session.endUserEmail, actor.email], { kind: 'support.claimed', session: summary });
    notifyChannel(tx, deps.policy(), 'support', { kind: 'support.claimed', session: summary });
    return claimed;
  });
}
