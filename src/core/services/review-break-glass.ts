/** A reviewer records whether an emergency access was appropriate. */
import type { EngineDeps } from '../ports.js';
import { normalizeEmail } from '../principals.js';
import { checkReviewer } from '../separation-of-duties.js';
import type { Actor, ReviewOutcome } from '../types.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';
import { refuse, writeOrRefuse } from './write-or-refuse.js';

export interface ReviewInput {
  actor: Actor;
  reviewId: string;
  outcome: ReviewOutcome;
  notes: string;
}

export function reviewBreakGlass(deps: EngineDeps, input: ReviewInput): { reviewId: string } {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'break_glass.review';
  return writeOrRefuse(deps, (tx) => {
    const policy = deps.policy();
    const review = tx.reviews.get(input.reviewId);
    const request = review && tx.requests.get(review.requestId);
    if (!review || !request) return refuse(tx, deps, { actor, action, code: 'NOT_FOUND', reason: `there is no review ${input.reviewId}`, subject: input.reviewId });
    if (review.status !== 'open') {
      return refuse(tx, deps, { actor, action, code: 'REVIEW_CLOSED', reason: `this review was already completed by ${review.reviewerEmail}`, subject: review.id });
    }
    const check = checkReviewer(policy, { requesterEmail: request.requesterEmail, reviewers: policy.breakGlass?.reviewers ?? [] }, actor.email);
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: check.reason, subject: review.id });
    const notes = input.notes.trim();
    const now = deps.clock.now();
    if (!tx.reviews.complete(review.id, { reviewerEmail: actor.email, outcome: input.outcome, notes, reviewedAt: now })) {
      return refuse(tx, deps, { actor, action, code: 'REVIEW_CLOSED', reason: 'this review was already completed', subject: review.id });
    }
    tx.audit.append({ type: 'break_glass.reviewed', actor, subject: review.id, data: { requestId: request.id, outcome: input.outcome, notes, overdue: review.overdueFlaggedAt !== null || now > review.dueAt } });
    const update = { kind: 'break_glass.reviewed' as const, request: summarizeRequest(policy, request), reviewId: review.id, reviewerEmail: actor.email, outcome: input.outcome, notes };
    notifyChannel(tx, policy, 'audit', update);
    notifyPeople(tx, [request.requesterEmail], update);
    return { reviewId: review.id };
  });
}
