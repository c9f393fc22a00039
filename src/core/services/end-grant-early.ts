/** The holder ends their own access before it expires ("End now"). */
import { isGrantEnded } from '../access-lifecycle.js';
import type { EngineDeps } from '../ports.js';
import { normalizeEmail } from '../principals.js';
import type { Actor } from '../types.js';
import { endGrant } from './grant-steps.js';
import { refuse, writeOrRefuse } from './write-or-refuse.js';

export function endGrantEarly(deps: EngineDeps, input: { actor: Actor; grantId: string }): { grantId: string } {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  return writeOrRefuse(deps, (tx) => {
    const grant = tx.grants.get(input.grantId);
    if (!grant) return refuse(tx, deps, { actor, action: 'access.end', code: 'NOT_FOUND', reason: `there is no grant ${input.grantId}`, subject: input.grantId });
    if (grant.subjectEmail !== actor.email) {
      return refuse(tx, deps, { actor, action: 'access.end', code: 'NOT_THE_HOLDER', reason: 'only the holder may end this access', subject: grant.id });
    }
    if (isGrantEnded(grant.status) || !endGrant(tx, deps, grant, 'ended_by_holder', actor)) {
      return refuse(tx, deps, { actor, action: 'access.end', code: 'NOT_ACTIVE', reason: 'this access has already ended', subject: grant.id });
    }
    return { grantId: grant.id };
  });
}
