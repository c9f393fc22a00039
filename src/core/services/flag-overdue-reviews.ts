/** Break-glass reviews past their deadline are flagged once to the audit channel and the reviewers. */
import type { EngineDeps } from '../ports.js';
import { expandPrincipals } from '../principals.js';
import { SYSTEM_ACTOR } from '../types.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';

export function flagOverdueReviews(deps: EngineDeps): number {
  return deps.store.write((tx) => {
    const now = deps.clock.now();
    const policy = deps.policy();
    let flagged = 0;
    for (const review of tx.reviews.listOverdueUnflagged(now, 500)) {
      const request = tx.requests.get(review.requestId);
      if (!request || !tx.reviews.markFlagged(review.id, now)) continue;
      tx.audit.append({ type: 'break_glass.review_overdue', actor: SYSTEM_ACTOR, subject: review.id, data: { requestId: request.id, dueAt: review.dueAt } });
      const reviewers = expandPrincipals(policy, policy.breakGlass?.reviewers ?? [], request.requesterEmail).filter((r) => r !== request.requesterEmail);
      const note = { kind: 'break_glass.review_overdue' as const, request: summarizeRequest(policy, request), reviewId: review.id, reviewDueAt: review.dueAt };
      notifyChannel(tx, policy, 'audit', note);
      notifyPeople(tx, reviewers, note);
      flagged++;
    }
    return flagged;
  });
}
