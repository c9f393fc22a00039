/**
 * The compiled policy the engine reads: durations in milliseconds, principals parsed.
 * `src/policy` turns the YAML file into this; the engine never sees the file's raw form.
 */

/** Who a rule names: everyone in a group, one person, or the requester's manager. */
export type Principal =
  | { kind: 'group'; name: string }
  | { kind: 'email'; email: string }
  | { kind: 'manager' };

export type ProviderConfig =
  | { type: 'manual'; fulfillers: Principal[] }
  | { type: 'webhook'; url: string; secretEnv: string; timeoutMs: number };

export interface ResourcePolicy {
  id: string;
  name: string;
  description: string;
  requesters: Principal[];
  approvers: Principal[];
  approvalsRequired: number;
  maxDurationMs: number;
  defaultDurationMs: number;
  autoApprove: { requesters: Principal[]; maxDurationMs: number } | null;
  justificationMinLength: number;
  pendingTtlMs: number;
  provider: ProviderConfig;
}

export interface BreakGlassPolicy {
  requesters: Principal[];
  /** Resource ids, or null for every resource. */
  resources: string[] | null;
  maxDurationMs: number;
  reviewers: Principal[];
  reviewWithinMs: number;
}

export interface SupportPolicy {
  technicians: Principal[];
  escalationApprovers: Principal[];
  consentTimeoutMs: number;
  idleTimeoutMs: number;
  maxDurationMs: number;
  /** An unclaimed request is offered to the least-loaded technician after this long. */
  offerAfterMs: number;
  prohibitedActions: string[];
  provider: ProviderConfig;
}

/** A channel on each platform; either may be missing. */
export interface ChannelRef {
  slack: string | null;
  teams: string | null;
}

export type ChannelName = 'approvals' | 'audit' | 'support';

export interface Policy {
  version: 1;
  /** sha256 of the policy file's text: recorded with every decision. */
  hash: string;
  groups: Record<string, string[]>;
  people: Record<string, { manager: string | null }>;
  resources: ResourcePolicy[];
  breakGlass: BreakGlassPolicy | null;
  support: SupportPolicy | null;
  channels: Record<ChannelName, ChannelRef | null>;
}
