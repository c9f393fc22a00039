/** What the request form offers one person: the resources they may request and whether break-glass is open to them. */
import { formatDuration } from '../src/core/duration.js';
import type { Policy } from '../src/core/policy.js';
import { mayUseBreakGlass, requestableResources } from '../src/core/requestable-resources.js';

export interface RequestFormOptions {
  resources: Array<{ id: string; name: string; maxDurationMs: number; defaultDurationMs: number }>;
  breakGlassAllowed: boolean;
  initial?: { resourceId?: string; duration?: string; justification?: string; breakGlass?: boolean };
}

export function requestFormOptions(policy: Policy, email: string, initial: { resourceId?: string; breakGlass?: boolean } = {}): RequestFormOptions {
  const resources = requestableResources(policy, email).map((r) => ({ id: r.id, name: r.name, maxDurationMs: r.maxDurationMs, defaultDurationMs: r.defaultDurationMs }));
  const chosen = resources.find((r) => r.id === initial.resourceId);
  return {
    resources,
    breakGlassAllowed: mayUseBreakGlass(policy, email),
    initial: { resourceId: chosen?.id, duration: chosen ? formatDuration(chosen.defaultDurationMs) : undefined, breakGlass: initial.breakGlass },
  };
}
