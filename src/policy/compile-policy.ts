/** The validated file in the form the engine reads: milliseconds, parsed principals, lower-cased emails. */
import { parseDuration } from '../core/duration.js';
import type {
  BreakGlassPolicy,
  ChannelName,
  ChannelRef,
  Policy,
  Principal,
  ProviderConfig,
  ResourcePolicy,
  SupportPolicy,
} from '../core/policy.js';
import { normalizeEmail } from '../core/principals.js';
import type { PolicyFile, ProviderFile } from './policy-file-schema.js';

const ONE_HOUR_MS = 3_600_000;

/** Only called on strings the schema already accepted, so a failure here is a bug, not bad input. */
function ms(duration: string): number {
  const value = parseDuration(duration);
  if (value === null) throw new Error(`internal: unvalidated duration ${JSON.stringify(duration)}`);
  return value;
}

export function compilePrincipal(text: string): Principal {
  if (text === 'manager') return { kind: 'manager' };
  if (text.startsWith('group:')) return { kind: 'group', name: text.slice('group:'.length) };
  return { kind: 'email', email: normalizeEmail(text) };
}

function principals(texts: string[]): Principal[] {
  return texts.map(compilePrincipal);
}

function compileProvider(provider: ProviderFile): ProviderConfig {
  if (provider.type === 'manual') return { type: 'manual', fulfillers: principals(provider.fulfillers) };
  return { type: 'webhook', url: provider.url, secretEnv: provider.secret_env, timeoutMs: ms(provider.timeout) };
}

function compileResource(r: PolicyFile['resources'][number]): ResourcePolicy {
  const maxDurationMs = ms(r.max_duration);
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    requesters: principals(r.requesters),
    approvers: principals(r.approvers),
    approvalsRequired: r.approvals_required,
    maxDurationMs,
    defaultDurationMs: r.default_duration === undefined ? Math.min(ONE_HOUR_MS, maxDurationMs) : ms(r.default_duration),
    autoApprove: r.auto_approve
      ? { requesters: principals(r.auto_approve.requesters), maxDurationMs: ms(r.auto_approve.max_duration) }
      : null,
    justificationMinLength: r.justification.min_length,
    pendingTtlMs: ms(r.pending_ttl),
    provider: compileProvider(r.provider),
  };
}

function compileBreakGlass(bg: NonNullable<PolicyFile['break_glass']>): BreakGlassPolicy {
  return {
    requesters: principals(bg.requesters),
    resources: bg.resources ?? null,
    maxDurationMs: ms(bg.max_duration),
    reviewers: principals(bg.reviewers),
    reviewWithinMs: ms(bg.review_within),
  };
}

function compileSupport(s: NonNullable<PolicyFile['support']>): SupportPolicy {
  return {
    technicians: principals(s.technicians),
    escalationApprovers: principals(s.escalation_approvers),
    consentTimeoutMs: ms(s.consent_timeout),
    idleTimeoutMs: ms(s.idle_timeout),
    maxDurationMs: ms(s.max_duration),
    offerAfterMs: ms(s.offer_after),
    prohibitedActions: s.prohibited_actions,
    provider: compileProvider(s.provider),
  };
}

function compileChannel(ref: { slack?: string; teams?: string } | undefined): ChannelRef | null {
  if (!ref || (ref.slack === undefined && ref.teams === undefined)) return null;
  return { slack: ref.slack ?? null, teams: ref.teams ?? null };
}

export function compilePolicy(file: PolicyFile, hash: string): Policy {
  const groups: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(file.groups)) {
    groups[name] = [...new Set(members.map(normalizeEmail))];
  }
  const people: Record<string, { manager: string | null }> = {};
  for (const [email, person] of Object.entries(file.people)) {
    people[normalizeEmail(email)] = { manager: person.manager === undefined ? null : normalizeEmail(person.manager) };
  }
  const channels: Record<ChannelName, ChannelRef | null> = {
    approvals: compileChannel(file.channels?.approvals),
    audit: compileChannel(file.channels?.audit),
    support: compileChannel(file.channels?.support),
  };
  return {
    version: 1,
    hash,
    groups,
    people,
    resources: file.resources.map(compileResource),
    breakGlass: file.break_glass ? compileBreakGlass(file.break_glass) : null,
    support: file.support ? compileSupport(file.support) : null,
    channels,
  };
}
