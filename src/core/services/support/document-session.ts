/** The technician documents an ended session: actions taken, outcome, follow-ups. Until then it is flagged undocumented. */
import type { EngineDeps } from '../../ports.js';
import { normalizeEmail } from '../../principals.js';
import type { SessionDocumentation, SupportSession } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { notifyPeople } from '../notify.js';
import { loadSession, notTheTechnician, summarizeSession, wrongState } from './session-steps.js';
import { sendClosureIfComplete } from './support-grant-hooks.js';

export function documentSession(deps: EngineDeps, input: { actor: Actor; sessionId: string; documentation: SessionDocumentation }): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.document';
  return writeOrRefuse(deps, (tx) => {
    const session = loadSession(tx, deps, actor, input.sessionId, action);
    if (session instanceof Refusal) return session;
    const notOwner = notTheTechnician(tx, deps, actor, session, action);
    if (notOwner) return notOwner;
    if (session.status !== 'ended') return wrongState(tx, deps, actor, session, action, 'documented');
    if (session.documentedAt !== null) {
      return refuse(tx, deps, { actor, action, code: 'ALREADY_DOCUMENTED', reason: 'this session is already documented', subject: session.id });
    }
    const documentation: SessionDocumentation = {
      actionsTaken: input.documentation.actionsTaken.trim(),
      outcome: input.documentation.outcome.trim(),
      followUps: input.documentation.followUps.trim(),
    };
    if (documentation.actionsTaken.length === 0 || documentation.outcome.length === 0) {
      return refuse(tx, deps, { actor, action, code: 'INVALID_INPUT', reason: 'say what you did and how it ended', subject: session.id });
    }
    const now = deps.clock.now();
    if (!tx.sessions.update(session.id, ['ended'], { documentation, documentedAt: now })) return wrongState(tx, deps, actor, session, action, 'documented');
    tx.audit.append({ type: 'support.documented', actor, subject: session.id, data: { ...documentation } });
    const documented = { ...session, documentation, documentedAt: now };
    notifyPeople(tx, [actor.email], { kind: 'support.documented', session: summarizeSession(documented), documentedByEmail: actor.email, documentedAt: now });
    sendClosureIfComplete(tx, deps, session.id);
    return documented;
  });
}
