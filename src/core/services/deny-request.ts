/** An approver denies, with a reason the requester will read. */
import type { EngineDeps } from '../ports.js';
import { expandPrincipals, normalizeEmail } from '../principals.js';
import { checkDenier } from '../separation-of-duties.js';
import type { AccessRequest, Actor } from '../types.js';
import { loadPendingRequest } from './decide-request.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';
import { Refusal, refuse, writeOrRefuse } from './write-or-refuse.js';

export interface DenyRequestInput {
  actor: Actor;
  requestId: string;
  reason: string;
}

export function denyRequest(deps: EngineDeps, input: DenyRequestInput): AccessRequest {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const reason = input.reason.trim();
  return writeOrRefuse(deps, (tx) => {
    const loaded = loadPendingRequest(tx, deps, actor, input.requestId, 'access.deny');
    if (loaded instanceof Refusal) return loaded;
    const { request, resource } = loaded;
    const policy = deps.policy();
    const check = checkDenier(policy, { requesterEmail: request.requesterEmail, approvers: resource.approvers, approvedBy: [] }, actor.email);
    if (!check.ok) return refuse(tx, deps, { actor, action: 'access.deny', code: check.code, reason: check.reason, subject: request.id });
    if (reason.length === 0) {
      return refuse(tx, deps, { actor, action: 'access.deny', code: 'INVALID_INPUT', reason: 'a denial needs a reason', subject: request.id });
    }
    const decided = { status: 'denied' as const, decidedAt: deps.clock.now(), decidedByEmail: actor.email, decisionReason: reason };
    if (!tx.requests.transition(request.id, 'pending', decided)) {
      return refuse(tx, deps, { actor, action: 'access.deny', code: 'ALREADY_DECIDED', reason: 'this request was already decided', subject: request.id });
    }
    tx.audit.append({ type: 'access.denied', actor, subject: request.id, data: { reason, policyHash: policy.hash } });
    const approvers = expandPrincipals(policy, resource.approvers, request.requesterEmail).filter((a) => a !== request.requesterEmail);
    const outcome = { kind: 'access.denied' as const, request: summarizeRequest(policy, request), deniedBy: actor.email, reason };
    notifyPeople(tx, [request.requesterEmail, ...approvers], outcome);
    notifyChannel(tx, policy, 'approvals', outcome);
    return { ...request, ...decided };
  });
}
