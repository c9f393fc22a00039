/** An approver approves. The last required approval moves the request to approved and starts the grant. */
import type { EngineDeps } from '../ports.js';
import { expandPrincipals, normalizeEmail } from '../principals.js';
import { checkApprover } from '../separation-of-duties.js';
import type { AccessRequest, Actor } from '../types.js';
import { loadPendingRequest } from './decide-request.js';
import { startGrant } from './grant-steps.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';
import { Refusal, refuse, writeOrRefuse } from './write-or-refuse.js';

export interface ApproveRequestInput {
  actor: Actor;
  requestId: string;
}

export interface ApproveRequestResult {
  request: AccessRequest;
  approvedBy: string[];
  /** True when this approval completed the request. */
  approved: boolean;
  grantId: string | null;
}

export function approveRequest(deps: EngineDeps, input: ApproveRequestInput): ApproveRequestResult {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  return writeOrRefuse(deps, (tx) => {
    const loaded = loadPendingRequest(tx, deps, actor, input.requestId, 'access.approve');
    if (loaded instanceof Refusal) return loaded;
    const { request, resource } = loaded;
    const policy = deps.policy();
    const before = tx.approvals.list(request.id).map((a) => a.approverEmail);
    const check = checkApprover(policy, { requesterEmail: request.requesterEmail, approvers: resource.approvers, approvedBy: before }, actor.email);
    if (!check.ok) {
      return refuse(tx, deps, { actor, action: 'access.approve', code: check.code, reason: check.reason, subject: request.id });
    }
    const now = deps.clock.now();
    // The primary key (request, approver) backs the duplicate check above against a racing writer.
    tx.approvals.insert({ requestId: request.id, approverEmail: actor.email, platform: actor.platform, platformUserId: actor.platformUserId, at: now });
    const approvedBy = [...before, actor.email];
    tx.audit.append({
      type: 'access.approval_recorded',
      actor,
      subject: request.id,
      data: { approvalsSoFar: approvedBy, approvalsRequired: request.approvalsRequired, policyHash: policy.hash },
    });
    const summary = summarizeRequest(policy, request);
    const approvers = expandPrincipals(policy, resource.approvers, request.requesterEmail).filter((a) => a !== request.requesterEmail);

    if (approvedBy.length < request.approvalsRequired) {
      const update = { kind: 'access.approval_recorded' as const, request: summary, approverEmail: actor.email, approvalsSoFar: approvedBy, approvalsRequired: request.approvalsRequired };
      notifyPeople(tx, [request.requesterEmail, ...approvers], update);
      notifyChannel(tx, policy, 'approvals', update);
      return { request, approvedBy, approved: false, grantId: null };
    }

    const decided = { status: 'approved' as const, decidedAt: now, decidedByEmail: actor.email, decisionReason: null };
    if (!tx.requests.transition(request.id, 'pending', decided)) {
      return refuse(tx, deps, { actor, action: 'access.approve', code: 'ALREADY_DECIDED', reason: 'this request was already decided', subject: request.id });
    }
    tx.audit.append({ type: 'access.approved', actor, subject: request.id, data: { approvers: approvedBy, policyHash: policy.hash } });
    const grant = startGrant(tx, deps, { ...request, ...decided }, approvedBy);
    const outcome = { kind: 'access.approved' as const, request: summary, approvers: approvedBy, autoApproved: false };
    notifyPeople(tx, [request.requesterEmail, ...approvers], outcome);
    notifyChannel(tx, policy, 'approvals', outcome);
    return { request: { ...request, ...decided }, approvedBy, approved: true, grantId: grant.id };
  });
}
