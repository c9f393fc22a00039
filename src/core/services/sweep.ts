/** One sweep: everything that is due by the database's clock. Safe to run twice at once or twice in a row. */
import type { EngineDeps } from '../ports.js';
import { expireGrants } from './expire-grants.js';
import { expireRequests } from './expire-requests.js';
import { flagOverdueReviews } from './flag-overdue-reviews.js';
import { runDueEffects, type RunEffectsOptions, type RunEffectsResult } from './run-effects.js';
import { sweepSupport, type SupportSweepResult } from './support/sweep-support.js';
import { warnExpiringGrants } from './warn-expiring-grants.js';

export interface SweepResult {
  requestsExpired: number;
  grantsEnded: number;
  grantsWarned: number;
  reviewsFlagged: number;
  support: SupportSweepResult;
  effects: RunEffectsResult;
}

export async function sweep(deps: EngineDeps, effects: RunEffectsOptions = {}): Promise<SweepResult> {
  const requestsExpired = expireRequests(deps);
  const grantsEnded = expireGrants(deps);
  const grantsWarned = warnExpiringGrants(deps);
  const reviewsFlagged = flagOverdueReviews(deps);
  const support = sweepSupport(deps);
  return { requestsExpired, grantsEnded, grantsWarned, reviewsFlagged, support, effects: await runDueEffects(deps, effects) };
}
