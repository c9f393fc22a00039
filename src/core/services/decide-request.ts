/** Loading a request for a decision, with the audited refusals every decision shares. */
import { isRequestDecided } from '../access-lifecycle.js';
import type { EngineDeps, WriteTx } from '../ports.js';
import { findResource } from '../principals.js';
import type { ResourcePolicy } from '../policy.js';
import type { AccessRequest, Actor } from '../types.js';
import { refuse, type Refusal } from './write-or-refuse.js';

export interface Decidable {
  request: AccessRequest;
  resource: ResourcePolicy;
}

/** The request if it exists, is still pending and its resource is still in the policy; otherwise an audited refusal. */
export function loadPendingRequest(tx: WriteTx, deps: EngineDeps, actor: Actor, requestId: string, action: string): Decidable | Refusal {
  const request = tx.requests.get(requestId);
  if (!request) return refuse(tx, deps, { actor, action, code: 'NOT_FOUND', reason: `there is no request ${requestId}`, subject: requestId });
  if (isRequestDecided(request.status)) {
    const by = request.decidedByEmail ? ` by ${request.decidedByEmail}` : '';
    return refuse(tx, deps, {
      actor,
      action,
      code: 'ALREADY_DECIDED',
      reason: `this request was already ${request.status}${by}`,
      subject: requestId,
      data: { status: request.status, decidedBy: request.decidedByEmail },
    });
  }
  const resource = findResource(deps.policy(), request.resourceId);
  if (!resource) {
    return refuse(tx, deps, { actor, action, code: 'UNKNOWN_RESOURCE', reason: `resource ${request.resourceId} is no longer in the policy`, subject: requestId });
  }
  return { request, resource };
}
