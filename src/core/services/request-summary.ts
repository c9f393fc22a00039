/** Snapshots of requests and grants for notifications, so views never need the database. */
import type { ClosureSummary, RequestSummary } from '../notifications.js';
import type { Policy } from '../policy.js';
import { findResource } from '../principals.js';
import type { AccessRequest, Grant, GrantEndReason } from '../types.js';

export function summarizeRequest(policy: Policy, request: AccessRequest): RequestSummary {
  return {
    requestId: request.id,
    requesterEmail: request.requesterEmail,
    resourceId: request.resourceId,
    resourceName: findResource(policy, request.resourceId)?.name ?? request.resourceId,
    durationMs: request.durationMs,
    justification: request.justification,
    breakGlass: request.breakGlass,
    createdAt: request.createdAt,
  };
}

export function summarizeClosure(policy: Policy, request: AccessRequest, grant: Grant, now: number): ClosureSummary {
  const endedAt = grant.endedAt ?? now;
  return {
    ...summarizeRequest(policy, request),
    grantId: grant.id,
    approvers: grant.approvers,
    autoApproved: request.autoApproved,
    provisionedAt: grant.provisionedAt,
    endedAt,
    revokedAt: grant.revokedAt,
    endReason: (grant.endReason ?? 'expired') as GrantEndReason,
    usedMs: grant.provisionedAt === null ? 0 : Math.max(0, endedAt - grant.provisionedAt),
    coveredByGrantId: grant.coveredByGrantId,
  };
}
