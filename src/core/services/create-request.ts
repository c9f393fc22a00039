/** A person asks for access to a resource: refused, auto-approved, or sent to its approvers. */
import { evaluateRequest } from '../evaluate-request.js';
import type { EngineDeps } from '../ports.js';
import { normalizeEmail } from '../principals.js';
import type { AccessRequest, Actor } from '../types.js';
import { startGrant } from './grant-steps.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';
import { refuse, writeOrRefuse } from './write-or-refuse.js';

export interface CreateRequestInput {
  actor: Actor;
  resourceId: string;
  /** Omitted: the resource's default duration. */
  durationMs?: number;
  justification: string;
}

export interface CreateRequestResult {
  request: AccessRequest;
  /** Everyone who may approve (empty when auto-approved). */
  approvers: string[];
  grantId: string | null;
}

export function createRequest(deps: EngineDeps, input: CreateRequestInput): CreateRequestResult {
  const policy = deps.policy();
  const email = normalizeEmail(input.actor.email);
  const actor = { ...input.actor, email };
  const justification = input.justification.trim();
  return writeOrRefuse(deps, (tx) => {
    const verdict = evaluateRequest(policy, { email, resourceId: input.resourceId, durationMs: input.durationMs, justification });
    if (verdict.outcome === 'refused') {
      return refuse(tx, deps, {
        actor,
        action: 'access.request',
        code: verdict.code,
        reason: verdict.reason,
        subject: null,
        data: { resourceId: input.resourceId, durationMs: input.durationMs ?? null },
      });
    }
    const now = deps.clock.now();
    const auto = verdict.outcome === 'auto_approved';
    const request: AccessRequest = {
      id: deps.ids.next('req'),
      requesterEmail: email,
      requesterPlatform: actor.platform,
      requesterPlatformUserId: actor.platformUserId,
      resourceId: verdict.resource.id,
      durationMs: verdict.durationMs,
      justification,
      status: auto ? 'approved' : 'pending',
      approvalsRequired: auto ? 0 : verdict.approvalsRequired,
      breakGlass: false,
      autoApproved: auto,
      createdAt: now,
      pendingUntil: now + verdict.resource.pendingTtlMs,
      decidedAt: auto ? now : null,
      decidedByEmail: auto ? 'system' : null,
      decisionReason: auto ? 'auto-approved by policy' : null,
      policyHash: policy.hash,
    };
    tx.requests.insert(request);
    const approvers = auto ? [] : verdict.approvers;
    tx.audit.append({
      type: 'access.requested',
      actor,
      subject: request.id,
      data: {
        resourceId: request.resourceId,
        durationMs: request.durationMs,
        justification,
        approvers,
        approvalsRequired: request.approvalsRequired,
        policyHash: policy.hash,
      },
    });
    const summary = summarizeRequest(policy, request);
    if (auto) {
      tx.audit.append({ type: 'access.auto_approved', actor: { email: 'system', platform: 'system', platformUserId: null }, subject: request.id, data: { policyHash: policy.hash } });
      const grant = startGrant(tx, deps, request, []);
      notifyPeople(tx, [email], { kind: 'access.approved', request: summary, approvers: [], autoApproved: true });
      return { request, approvers, grantId: grant.id };
    }
    notifyPeople(tx, [email], { kind: 'access.submitted', request: summary, approvers, approvalsRequired: request.approvalsRequired });
    const card = {
      kind: 'access.approval_needed' as const,
      request: summary,
      approvalsRequired: request.approvalsRequired,
      approvalsSoFar: [],
      maxDurationMs: verdict.resource.maxDurationMs,
    };
    notifyPeople(tx, approvers, card);
    notifyChannel(tx, policy, 'approvals', card);
    return { request, approvers, grantId: null };
  });
}
