/**
 * Rules that relate one part of the policy file to another. They read the raw YAML value rather than
 * the schema's output so they still run when the schema has complaints elsewhere: every problem in
 * the file is reported in one go. Anything malformed is skipped here because the schema reports it.
 */
import { formatDuration, parseDuration } from '../core/duration.js';
import { formatIssuePath, type PathSegment } from './policy-error.js';
import { isPrincipal } from './policy-file-schema.js';
import type { RawIssue } from './schema-issues.js';

type Mapping = Record<string, unknown>;

function mapping(value: unknown): Mapping | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Mapping) : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function durationOf(value: unknown): number | null {
  return typeof value === 'string' ? parseDuration(value) : null;
}

const MANAGER_MISUSE =
  '"manager" means the requester\'s manager, so it is only allowed in approvers and break_glass.reviewers';

interface PrincipalSite {
  path: PathSegment[];
  value: unknown;
  managerAllowed: boolean;
}

function principalSites(file: Mapping): PrincipalSite[] {
  const sites: PrincipalSite[] = [];
  const add = (path: PathSegment[], value: unknown, managerAllowed = false) => sites.push({ path, value, managerAllowed });
  list(file.resources).forEach((item, i) => {
    const resource = mapping(item);
    if (!resource) return;
    add(['resources', i, 'requesters'], resource.requesters);
    add(['resources', i, 'approvers'], resource.approvers, true);
    add(['resources', i, 'auto_approve', 'requesters'], mapping(resource.auto_approve)?.requesters);
    add(['resources', i, 'provider', 'fulfillers'], mapping(resource.provider)?.fulfillers);
  });
  const breakGlass = mapping(file.break_glass);
  if (breakGlass) {
    add(['break_glass', 'requesters'], breakGlass.requesters);
    add(['break_glass', 'reviewers'], breakGlass.reviewers, true);
  }
  const support = mapping(file.support);
  if (support) {
    add(['support', 'technicians'], support.technicians);
    add(['support', 'escalation_approvers'], support.escalation_approvers);
    add(['support', 'provider', 'fulfillers'], mapping(support.provider)?.fulfillers);
  }
  return sites;
}

function checkPrincipals(file: Mapping, groups: Mapping | null, issues: RawIssue[]): void {
  for (const site of principalSites(file)) {
    list(site.value).forEach((principal, j) => {
      if (typeof principal !== 'string' || !isPrincipal(principal)) return;
      const path = [...site.path, j];
      if (principal === 'manager' && !site.managerAllowed) issues.push({ path, message: MANAGER_MISUSE });
      const group = principal.startsWith('group:') ? principal.slice('group:'.length) : null;
      // A malformed `groups` is reported by the schema; calling every group unknown as well would bury that.
      if (group !== null && groups && !Object.hasOwn(groups, group)) issues.push({ path, message: `unknown group "${group}"` });
    });
  }
}

/** A resource nobody could ever approve is a mistake in the file, not something to discover at request time. */
function checkApproverCount(resource: Mapping, at: PathSegment[], groups: Mapping | null, issues: RawIssue[]): void {
  const required = resource.approvals_required ?? 1;
  if (typeof required !== 'number' || !Number.isInteger(required) || required < 1) return;
  const approvers = list(resource.approvers);
  if (approvers.length === 0) return;
  const people = new Set<string>();
  let count = 0;
  for (const principal of approvers) {
    if (typeof principal !== 'string' || !isPrincipal(principal)) return;
    if (principal === 'manager') count += 1;
    else if (principal.startsWith('group:')) {
      const name = principal.slice('group:'.length);
      if (!groups || !Object.hasOwn(groups, name)) return;
      for (const member of list(groups[name])) if (typeof member === 'string') people.add(member.trim().toLowerCase());
    } else people.add(principal.trim().toLowerCase());
  }
  count += people.size;
  if (count >= required) return;
  const key = resource.approvals_required === undefined ? 'approvers' : 'approvals_required';
  issues.push({
    path: [...at, key],
    message: `${required} approval(s) required but the approvers name only ${count} ${count === 1 ? 'person' : 'people'}`,
  });
}

function checkResources(file: Mapping, groups: Mapping | null, issues: RawIssue[]): void {
  const firstIndex = new Map<string, number>();
  list(file.resources).forEach((item, i) => {
    const resource = mapping(item);
    if (!resource) return;
    const at: PathSegment[] = ['resources', i];
    if (typeof resource.id === 'string') {
      const first = firstIndex.get(resource.id);
      if (first === undefined) firstIndex.set(resource.id, i);
      else {
        issues.push({
          path: [...at, 'id'],
          message: `duplicate resource id "${resource.id}" (already used by ${formatIssuePath(['resources', first])})`,
        });
      }
    }
    const max = durationOf(resource.max_duration);
    const byDefault = durationOf(resource.default_duration);
    if (max !== null && byDefault !== null && byDefault > max) {
      issues.push({
        path: [...at, 'default_duration'],
        message: `${formatDuration(byDefault)} is longer than max_duration (${formatDuration(max)})`,
      });
    }
    const autoMax = durationOf(mapping(resource.auto_approve)?.max_duration);
    if (max !== null && autoMax !== null && autoMax > max) {
      issues.push({
        path: [...at, 'auto_approve', 'max_duration'],
        message: `${formatDuration(autoMax)} is longer than the resource's max_duration (${formatDuration(max)})`,
      });
    }
    checkApproverCount(resource, at, groups, issues);
  });

  const breakGlass = mapping(file.break_glass);
  if (!breakGlass || !Array.isArray(file.resources)) return;
  list(breakGlass.resources).forEach((id, j) => {
    if (typeof id === 'string' && !firstIndex.has(id)) {
      issues.push({ path: ['break_glass', 'resources', j], message: `unknown resource "${id}"` });
    }
  });
}

/** Emails are compared lower-cased, so `Alice@` and `alice@` would silently merge into one person. */
function checkPeople(file: Mapping, issues: RawIssue[]): void {
  const seen = new Map<string, string>();
  for (const email of Object.keys(mapping(file.people) ?? {})) {
    const normal = email.trim().toLowerCase();
    const first = seen.get(normal);
    if (first === undefined) seen.set(normal, email);
    else issues.push({ path: ['people', email], message: `same person as ${formatIssuePath(['people', first])} (emails ignore case)` });
  }
}

export function checkReferences(data: unknown): RawIssue[] {
  const file = mapping(data);
  if (!file) return [];
  const groups = file.groups === undefined ? {} : mapping(file.groups);
  const issues: RawIssue[] = [];
  checkPrincipals(file, groups, issues);
  checkResources(file, groups, issues);
  checkPeople(file, issues);
  return issues;
}
