/**
 * In-transaction steps shared by the services that start and end grants, so approval, auto-approval
 * and break-glass provision the same way, and expiry and early ends revoke the same way.
 */
import { grantStatusesAccepting } from '../access-lifecycle.js';
import { accessKey } from '../effects.js';
import type { EngineDeps, WriteTx } from '../ports.js';
import type { AccessRequest, Actor, Grant, GrantEndReason } from '../types.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { retireGrantTask } from './record-provider-outcome.js';
import { summarizeClosure } from './request-summary.js';

/** A grant not yet provisioned: the shape both access and support grants start from. */
export function newGrant(deps: EngineDeps, fields: Pick<Grant, 'kind' | 'requestId' | 'subjectEmail' | 'resourceId' | 'durationMs' | 'approvers'>): Grant {
  return {
    id: deps.ids.next('grt'),
    ...fields,
    status: 'provisioning',
    createdAt: deps.clock.now(),
    provisionedAt: null,
    expiresAt: null,
    endedAt: null,
    endReason: null,
    revokedAt: null,
    coveredByGrantId: null,
    failures: 0,
    lastError: null,
    warnedAt: null,
  };
}

/** Creates the grant for an approved request and queues the provider call. */
export function startGrant(tx: WriteTx, deps: EngineDeps, request: AccessRequest, approvers: string[]): Grant {
  const grant = newGrant(deps, {
    kind: 'access',
    requestId: request.id,
    subjectEmail: request.requesterEmail,
    resourceId: request.resourceId,
    durationMs: request.durationMs,
    approvers,
  });
  tx.grants.insert(grant);
  tx.outbox.enqueue({
    effect: { type: 'provider', action: 'grant', grantId: grant.id },
    orderingKey: accessKey(grant.subjectEmail, grant.resourceId),
  });
  return grant;
}

/**
 * Ends a live grant. When another live grant for the same person and resource still covers the
 * access, this one is closed as `covered` and nothing is revoked at the provider (overlapping
 * grants must never revoke each other early). Returns false when the grant was no longer live.
 */
export function endGrant(tx: WriteTx, deps: EngineDeps, grant: Grant, reason: GrantEndReason, actor: Actor): boolean {
  const now = deps.clock.now();
  const policy = deps.policy();
  // Only access grants overlap; a support grant belongs to exactly one session.
  // Only access the provider has confirmed counts as cover: a grant still being provisioned may
  // never be, and its expiry clock has not started, so it must not keep this access alive.
  const cover = (grant.kind === 'access' ? tx.grants.listLiveFor(grant.subjectEmail, grant.resourceId) : [])
    .filter((g) => g.id !== grant.id && g.status === 'active')
    .sort((a, b) => (b.expiresAt ?? Number.MAX_SAFE_INTEGER) - (a.expiresAt ?? Number.MAX_SAFE_INTEGER))[0];
  if (cover) {
    const request = tx.requests.get(grant.requestId);
    if (!request) throw new Error(`grant ${grant.id} has no request`);
    const patch = { status: 'covered' as const, endedAt: now, endReason: reason, coveredByGrantId: cover.id };
    if (!tx.grants.transition(grant.id, grantStatusesAccepting('end_covered'), patch)) return false;
    retireGrantTask(tx, deps, grant);
    tx.audit.append({
      type: 'access.ended',
      actor,
      subject: grant.id,
      data: { requestId: grant.requestId, reason, revokeAtProvider: false, coveredByGrantId: cover.id, policyHash: policy.hash },
    });
    const summary = summarizeClosure(policy, request, { ...grant, ...patch }, now);
    notifyPeople(tx, [grant.subjectEmail], { kind: 'access.closed', summary });
    notifyChannel(tx, policy, 'audit', { kind: 'access.closed', summary });
    return true;
  }

  // Revocation starts its own failure count: provisioning trouble must not use up (or skip) its alert.
  if (!tx.grants.transition(grant.id, grantStatusesAccepting('end'), { status: 'revoking', endedAt: now, endReason: reason, failures: 0, lastError: null })) return false;
  retireGrantTask(tx, deps, grant);
  tx.audit.append({
    type: grant.kind === 'support' ? 'support.access.ended' : 'access.ended',
    actor,
    subject: grant.id,
    data: { requestId: grant.requestId, reason, revokeAtProvider: true, policyHash: policy.hash },
  });
  tx.outbox.enqueue({
    effect: { type: 'provider', action: 'revoke', grantId: grant.id },
    orderingKey: grant.kind === 'support' ? accessKey(grant.subjectEmail, `support:${grant.requestId}`) : accessKey(grant.subjectEmail, grant.resourceId),
  });
  return true;
}
