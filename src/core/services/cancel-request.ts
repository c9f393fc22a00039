/** The requester withdraws a request that nobody has decided yet. */
import type { EngineDeps } from '../ports.js';
import { expandPrincipals, normalizeEmail } from '../principals.js';
import type { AccessRequest, Actor } from '../types.js';
import { loadPendingRequest } from './decide-request.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';
import { Refusal, refuse, writeOrRefuse } from './write-or-refuse.js';

export function cancelRequest(deps: EngineDeps, input: { actor: Actor; requestId: string }): AccessRequest {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  return writeOrRefuse(deps, (tx) => {
    const loaded = loadPendingRequest(tx, deps, actor, input.requestId, 'access.cancel');
    if (loaded instanceof Refusal) return loaded;
    const { request, resource } = loaded;
    if (request.requesterEmail !== actor.email) {
      return refuse(tx, deps, { actor, action: 'access.cancel', code: 'NOT_THE_REQUESTER', reason: 'only the requester may cancel a request', subject: request.id });
    }
    const decided = { status: 'cancelled' as const, decidedAt: deps.clock.now(), decidedByEmail: actor.email, decisionReason: 'cancelled by the requester' };
    if (!tx.requests.transition(request.id, 'pending', decided)) {
      return refuse(tx, deps, { actor, action: 'access.cancel', code: 'ALREADY_DECIDED', reason: 'this request was already decided', subject: request.id });
    }
    const policy = deps.policy();
    tx.audit.append({ type: 'access.cancelled', actor, subject: request.id, data: { policyHash: policy.hash } });
    const approvers = expandPrincipals(policy, resource.approvers, request.requesterEmail).filter((a) => a !== request.requesterEmail);
    const update = { kind: 'access.cancelled' as const, request: summarizeRequest(policy, request) };
    notifyPeople(tx, [request.requesterEmail, ...approvers], update);
    notifyChannel(tx, policy, 'approvals', update);
    return { ...request, ...decided };
  });
}
