/**
 * What policy says about a request, before anything is written. `policy explain` prints it and the
 * create services act on it, so the dry run and the real decision can never disagree.
 */
import { formatDuration } from './duration.js';
import type { ErrorCode } from './errors.js';
import type { Policy, ResourcePolicy } from './policy.js';
import { anyPrincipalIncludes, expandPrincipals, findResource, isKnownPerson, normalizeEmail } from './principals.js';

export interface RequestQuestion {
  email: string;
  resourceId: string;
  /** Omitted: the resource's default duration. */
  durationMs?: number;
  /** Omitted: not checked (a dry run may not have one yet). */
  justification?: string;
}

export interface Refused {
  outcome: 'refused';
  code: ErrorCode;
  reason: string;
}

export type Evaluation =
  | Refused
  | { outcome: 'auto_approved'; resource: ResourcePolicy; durationMs: number }
  | {
      outcome: 'needs_approval';
      resource: ResourcePolicy;
      durationMs: number;
      approvers: string[];
      approvalsRequired: number;
    };

function refused(code: ErrorCode, reason: string): Refused {
  return { outcome: 'refused', code, reason };
}

export function evaluateRequest(policy: Policy, q: RequestQuestion): Evaluation {
  const email = normalizeEmail(q.email);
  if (!isKnownPerson(policy, email)) return refused('UNKNOWN_PERSON', `${email} is not a person this policy knows`);
  const resource = findResource(policy, q.resourceId);
  if (!resource) return refused('UNKNOWN_RESOURCE', `there is no resource "${q.resourceId}"`);
  if (!anyPrincipalIncludes(policy, resource.requesters, email, email)) {
    return refused('NOT_A_REQUESTER', `${email} may not request ${resource.id}`);
  }
  const durationMs = q.durationMs ?? resource.defaultDurationMs;
  if (durationMs > resource.maxDurationMs) {
    return refused(
      'DURATION_TOO_LONG',
      `${formatDuration(durationMs)} is longer than the ${formatDuration(resource.maxDurationMs)} allowed for ${resource.id}`,
    );
  }
  if (q.justification !== undefined) {
    const length = q.justification.trim().length;
    if (length < resource.justificationMinLength) {
      return refused(
        'JUSTIFICATION_TOO_SHORT',
        `the justification needs at least ${resource.justificationMinLength} characters (it has ${length})`,
      );
    }
  }
  const auto = resource.autoApprove;
  if (auto && durationMs <= auto.maxDurationMs && anyPrincipalIncludes(policy, auto.requesters, email, email)) {
    return { outcome: 'auto_approved', resource, durationMs };
  }
  const approvers = expandPrincipals(policy, resource.approvers, email).filter((a) => a !== email);
  if (approvers.length < resource.approvalsRequired) {
    return refused(
      'NOT_ENOUGH_APPROVERS',
      `${resource.id} needs ${resource.approvalsRequired} approval(s) but only ${approvers.length} eligible approver(s) other than ${email} exist`,
    );
  }
  return { outcome: 'needs_approval', resource, durationMs, approvers, approvalsRequired: resource.approvalsRequired };
}

export type BreakGlassEvaluation =
  | Refused
  | { outcome: 'allowed'; resource: ResourcePolicy; durationMs: number; reviewers: string[]; reviewWithinMs: number };

/** May this person use emergency access to this resource for this long? */
export function evaluateBreakGlass(policy: Policy, q: RequestQuestion): BreakGlassEvaluation {
  const email = normalizeEmail(q.email);
  if (!isKnownPerson(policy, email)) return refused('UNKNOWN_PERSON', `${email} is not a person this policy knows`);
  const resource = findResource(policy, q.resourceId);
  if (!resource) return refused('UNKNOWN_RESOURCE', `there is no resource "${q.resourceId}"`);
  const bg = policy.breakGlass;
  if (!bg || !anyPrincipalIncludes(policy, bg.requesters, email, email) || (bg.resources && !bg.resources.includes(resource.id))) {
    return refused('BREAK_GLASS_NOT_ALLOWED', `${email} may not use emergency access to ${resource.id}`);
  }
  const durationMs = q.durationMs ?? bg.maxDurationMs;
  if (durationMs > bg.maxDurationMs) {
    return refused(
      'DURATION_TOO_LONG',
      `emergency access lasts at most ${formatDuration(bg.maxDurationMs)}`,
    );
  }
  const minimum = Math.max(1, resource.justificationMinLength);
  if (q.justification !== undefined && q.justification.trim().length < minimum) {
    return refused('JUSTIFICATION_TOO_SHORT', `emergency access needs a justification of at least ${minimum} characters`);
  }
  const reviewers = expandPrincipals(policy, bg.reviewers, email).filter((r) => r !== email);
  return { outcome: 'allowed', resource, durationMs, reviewers, reviewWithinMs: bg.reviewWithinMs };
}
