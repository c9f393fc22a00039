/**
 * Grants past `expires_at` end. The database decides what is due, so a missed sweep is healed by
 * the next one, and a grant already moved by another sweep is skipped by the compare-and-set.
 */
import type { EngineDeps } from '../ports.js';
import { SYSTEM_ACTOR } from '../types.js';
import { endGrant } from './grant-steps.js';

const BATCH = 500;

export function expireGrants(deps: EngineDeps): number {
  let ended = 0;
  for (;;) {
    const batch = deps.store.write((tx) => {
      const due = tx.grants.listActiveDue(deps.clock.now(), BATCH);
      let count = 0;
      for (const grant of due) if (endGrant(tx, deps, grant, 'expired', SYSTEM_ACTOR)) count++;
      return { count, more: due.length === BATCH };
    });
    ended += batch.count;
    if (!batch.more) return ended;
  }
}
