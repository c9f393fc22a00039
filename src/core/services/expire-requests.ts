/** Requests nobody decided within the resource's `pending_ttl` expire. */
import type { EngineDeps } from '../ports.js';
import { expandPrincipals, findResource } from '../principals.js';
import { SYSTEM_ACTOR } from '../types.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeRequest } from './request-summary.js';

const BATCH = 500;

export function expireRequests(deps: EngineDeps): number {
  let expired = 0;
  for (;;) {
    const moved = deps.store.write((tx) => {
      const now = deps.clock.now();
      const policy = deps.policy();
      let count = 0;
      const due = tx.requests.listPendingDue(now, BATCH);
      for (const request of due) {
        const patch = { status: 'expired' as const, decidedAt: now, decidedByEmail: 'system', decisionReason: 'nobody decided in time' };
        if (!tx.requests.transition(request.id, 'pending', patch)) continue;
        count++;
        tx.audit.append({ type: 'access.request_expired', actor: SYSTEM_ACTOR, subject: request.id, data: { pendingUntil: request.pendingUntil } });
        const resource = findResource(policy, request.resourceId);
        const approvers = resource ? expandPrincipals(policy, resource.approvers, request.requesterEmail).filter((a) => a !== request.requesterEmail) : [];
        const update = { kind: 'access.request_expired' as const, request: summarizeRequest(policy, request) };
        notifyPeople(tx, [request.requesterEmail, ...approvers], update);
        notifyChannel(tx, policy, 'approvals', update);
      }
      return { count, more: due.length === BATCH };
    });
    expired += moved.count;
    if (!moved.more) return expired;
  }
}
