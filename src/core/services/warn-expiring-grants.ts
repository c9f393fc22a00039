/** Tells holders their access ends soon, once per grant, so they can ask for more time in a new request. */
import type { EngineDeps } from '../ports.js';
import { notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';

export const ENDING_SOON_MS = 10 * 60_000;
const BATCH = 500;

export function warnExpiringGrants(deps: EngineDeps, leadMs = ENDING_SOON_MS): number {
  return deps.store.write((tx) => {
    const now = deps.clock.now();
    const policy = deps.policy();
    let warned = 0;
    for (const grant of tx.grants.listActiveEndingBefore(now + leadMs, BATCH)) {
      // Grants shorter than the lead time would be warned the moment they start: skip them.
      if (grant.expiresAt === null || grant.expiresAt <= now || grant.durationMs <= leadMs) {
        tx.grants.update(grant.id, ['active'], { warnedAt: now });
        continue;
      }
      const request = tx.requests.get(grant.requestId);
      if (!request || !tx.grants.update(grant.id, ['active'], { warnedAt: now })) continue;
      notifyPeople(tx, [grant.subjectEmail], { kind: 'access.ending_soon', request: summarizeRequest(policy, request), grantId: grant.id, expiresAt: grant.expiresAt });
      warned++;
    }
    return warned;
  });
}
