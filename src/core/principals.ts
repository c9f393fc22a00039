/** Resolving the people a policy rule names. Emails are compared lower-cased everywhere. */
import type { Policy, Principal, ResourcePolicy } from './policy.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The requester's manager, when the policy names one. */
export function managerOf(policy: Policy, email: string): string | null {
  return policy.people[normalizeEmail(email)]?.manager ?? null;
}

/** Does `principal` include `email`? `manager` is relative to `requester`. */
export function principalIncludes(policy: Policy, principal: Principal, email: string, requester: string | null): boolean {
  const who = normalizeEmail(email);
  switch (principal.kind) {
    case 'email':
      return principal.email === who;
    case 'group':
      return (policy.groups[principal.name] ?? []).includes(who);
    case 'manager':
      return requester !== null && managerOf(policy, requester) === who;
  }
}

export function anyPrincipalIncludes(policy: Policy, principals: Principal[], email: string, requester: string | null): boolean {
  return principals.some((p) => principalIncludes(policy, p, email, requester));
}

/** Everyone the principals name, deduplicated and sorted so messages and audit records are stable. */
export function expandPrincipals(policy: Policy, principals: Principal[], requester: string | null): string[] {
  const out = new Set<string>();
  for (const principal of principals) {
    if (principal.kind === 'email') out.add(principal.email);
    else if (principal.kind === 'group') for (const m of policy.groups[principal.name] ?? []) out.add(m);
    else if (requester !== null) {
      const manager = managerOf(policy, requester);
      if (manager) out.add(manager);
    }
  }
  return [...out].sort();
}

/** A loaded policy never changes, so its people are worked out once, not on every request. */
const knownByPolicy = new WeakMap<Policy, Set<string>>();

/** Everyone the policy knows: group members, people, managers and emails named in rules. */
export function knownPeople(policy: Policy): Set<string> {
  const cached = knownByPolicy.get(policy);
  if (cached) return cached;
  const out = new Set<string>();
  knownByPolicy.set(policy, out);
  for (const members of Object.values(policy.groups)) for (const m of members) out.add(m);
  for (const [email, person] of Object.entries(policy.people)) {
    out.add(email);
    if (person.manager) out.add(person.manager);
  }
  const addAll = (ps: Principal[]) => {
    for (const p of ps) if (p.kind === 'email') out.add(p.email);
  };
  for (const r of policy.resources) {
    addAll(r.requesters);
    addAll(r.approvers);
    if (r.autoApprove) addAll(r.autoApprove.requesters);
    if (r.provider.type === 'manual') addAll(r.provider.fulfillers);
  }
  if (policy.breakGlass) {
    addAll(policy.breakGlass.requesters);
    addAll(policy.breakGlass.reviewers);
  }
  if (policy.support) {
    addAll(policy.support.technicians);
    addAll(policy.support.escalationApprovers);
  }
  return out;
}

export function isKnownPerson(policy: Policy, email: string): boolean {
  return knownPeople(policy).has(normalizeEmail(email));
}

export function findResource(policy: Policy, id: string): ResourcePolicy | null {
  return policy.resources.find((r) => r.id === id) ?? null;
}
