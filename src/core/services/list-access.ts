/** What one person has and what waits on them: pending requests, live grants, approvals to give. */
import type { AccessOverview } from '../notifications.js';
import type { EngineDeps } from '../ports.js';
import { findResource, normalizeEmail } from '../principals.js';
import { checkApprover } from '../separation-of-duties.js';
import { summarizeRequest } from './request-summary.js';

/** Pending requests scanned for "awaiting me": enough for any real queue, bounded for safety. */
const PENDING_SCAN_LIMIT = 1_000;

export function listAccess(deps: EngineDeps, emailInput: string): AccessOverview {
  const email = normalizeEmail(emailInput);
  const policy = deps.policy();
  return deps.store.read((tx) => {
    const withApprovals = (requestId: string) => tx.approvals.list(requestId).map((a) => a.approverEmail);
    const pending = tx.requests.listPendingFor(email).map((request) => ({
      request: summarizeRequest(policy, request),
      approvalsSoFar: withApprovals(request.id),
      approvalsRequired: request.approvalsRequired,
    }));
    const grants = tx.grants.listLiveOf(email).flatMap((grant) => {
      const request = tx.requests.get(grant.requestId);
      return request ? [{ grantId: grant.id, request: summarizeRequest(policy, request), status: grant.status, expiresAt: grant.expiresAt }] : [];
    });
    const awaitingMe = tx.requests.listPending(PENDING_SCAN_LIMIT).flatMap((request) => {
      const resource = findResource(policy, request.resourceId);
      if (!resource) return [];
      const approvedBy = withApprovals(request.id);
      const check = checkApprover(policy, { requesterEmail: request.requesterEmail, approvers: resource.approvers, approvedBy }, email);
      return check.ok ? [{ request: summarizeRequest(policy, request), approvalsSoFar: approvedBy, approvalsRequired: request.approvalsRequired }] : [];
    });
    return { email, pending, grants, awaitingMe };
  });
}
