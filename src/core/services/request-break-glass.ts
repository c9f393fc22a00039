/**
 * Emergency access: granted at once for a short time, broadcast loudly to the audit channel, and
 * followed by a mandatory review from someone other than the person who used it.
 */
import { evaluateBreakGlass } from '../evaluate-request.js';
import type { EngineDeps } from '../ports.js';
import { normalizeEmail } from '../principals.js';
import type { AccessRequest, Actor } from '../types.js';
import { startGrant } from './grant-steps.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';
import { refuse, writeOrRefuse } from './write-or-refuse.js';

export interface BreakGlassInput {
  actor: Actor;
  resourceId: string;
  durationMs?: number;
  justification: string;
}

export function requestBreakGlass(deps: EngineDeps, input: BreakGlassInput): { request: AccessRequest; grantId: string; reviewId: string } {
  const policy = deps.policy();
  const email = normalizeEmail(input.actor.email);
  const actor = { ...input.actor, email };
  const justification = input.justification.trim();
  return writeOrRefuse(deps, (tx) => {
    const verdict = evaluateBreakGlass(policy, { email, resourceId: input.resourceId, durationMs: input.durationMs, justification });
    if (verdict.outcome === 'refused') {
      return refuse(tx, deps, {
        actor,
        action: 'access.break_glass',
        code: verdict.code,
        reason: verdict.reason,
        subject: null,
        data: { resourceId: input.resourceId },
      });
    }
    const now = deps.clock.now();
    const request: AccessRequest = {
      id: deps.ids.next('req'),
      requesterEmail: email,
      requesterPlatform: actor.platform,
      requesterPlatformUserId: actor.platformUserId,
      resourceId: verdict.resource.id,
      durationMs: verdict.durationMs,
      justification,
      status: 'approved',
      approvalsRequired: 0,
      breakGlass: true,
      autoApproved: false,
      createdAt: now,
      pendingUntil: now,
      decidedAt: now,
      decidedByEmail: 'break-glass',
      decisionReason: 'emergency access',
      policyHash: policy.hash,
    };
    tx.requests.insert(request);
    const reviewId = deps.ids.next('rev');
    const dueAt = now + verdict.reviewWithinMs;
    tx.reviews.insert({ id: reviewId, requestId: request.id, status: 'open', dueAt, overdueFlaggedAt: null, reviewerEmail: null, outcome: null, notes: null, reviewedAt: null });
    tx.audit.append({
      type: 'access.break_glass',
      actor,
      subject: request.id,
      data: { resourceId: request.resourceId, durationMs: request.durationMs, justification, reviewers: verdict.reviewers, reviewId, reviewDueAt: dueAt, policyHash: policy.hash },
    });
    const grant = startGrant(tx, deps, request, []);
    const summary = summarizeRequest(policy, request);
    notifyChannel(tx, policy, 'audit', { kind: 'break_glass.used', request: summary, reviewers: verdict.reviewers, reviewDueAt: dueAt });
    notifyPeople(tx, verdict.reviewers, { kind: 'break_glass.review_needed', request: summary, reviewId, reviewDueAt: dueAt });
    notifyPeople(tx, [email], { kind: 'access.approved', request: summary, approvers: [], autoApproved: false });
    return { request, grantId: grant.id, reviewId };
  });
}
