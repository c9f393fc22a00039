/** What a person may ask for: the resources of the request form and whether it offers break-glass. */
import type { Policy, ResourcePolicy } from './policy.js';
import { anyPrincipalIncludes, normalizeEmail } from './principals.js';

export function requestableResources(policy: Policy, email: string): ResourcePolicy[] {
  const who = normalizeEmail(email);
  return policy.resources.filter((r) => anyPrincipalIncludes(policy, r.requesters, who, who));
}

export function mayUseBreakGlass(policy: Policy, email: string): boolean {
  const who = normalizeEmail(email);
  return policy.breakGlass !== null && anyPrincipalIncludes(policy, policy.breakGlass.requesters, who, who);
}
