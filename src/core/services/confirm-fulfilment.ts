/** A fulfiller confirms they granted or revoked access by hand (the manual provider). */
import type { EngineDeps } from '../ports.js';
import { findResource, normalizeEmail } from '../principals.js';
import { checkFulfiller } from '../separation-of-duties.js';
import type { Actor } from '../types.js';
import { notifyTaskClosed, recordProviderDone } from './record-provider-outcome.js';
import { refuse, writeOrRefuse } from './write-or-refuse.js';

export function confirmFulfilment(deps: EngineDeps, input: { actor: Actor; taskId: string }): { grantId: string } {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'access.fulfil';
  return writeOrRefuse(deps, (tx) => {
    const policy = deps.policy();
    const task = tx.tasks.get(input.taskId);
    const grant = task && tx.grants.get(task.grantId);
    // A support grant belongs to a session: its "requester" is the person being supported.
    const requesterEmail = grant && (grant.kind === 'support' ? tx.sessions.get(grant.requestId)?.endUserEmail : tx.requests.get(grant.requestId)?.requesterEmail);
    if (!task || !grant || !requesterEmail) return refuse(tx, deps, { actor, action, code: 'NOT_FOUND', reason: `there is no task ${input.taskId}`, subject: input.taskId });
    if (task.status !== 'open') {
      const reason = task.doneByEmail ? `this task was already done by ${task.doneByEmail}` : 'this task is no longer needed: the access ended';
      return refuse(tx, deps, { actor, action, code: 'TASK_CLOSED', reason, subject: task.id });
    }
    const provider = grant.kind === 'support' ? policy.support?.provider : findResource(policy, grant.resourceId)?.provider;
    const fulfillers = provider?.type === 'manual' ? provider.fulfillers : [];
    const check = checkFulfiller(policy, { requesterEmail, approvedBy: [...grant.approvers, grant.subjectEmail], fulfillers }, actor.email);
    if (!check.ok) return refuse(tx, deps, { actor, action, code: check.code, reason: check.reason, subject: task.id });
    const now = deps.clock.now();
    if (!tx.tasks.close(task.id, actor.email, now)) {
      return refuse(tx, deps, { actor, action, code: 'TASK_CLOSED', reason: 'this task was already done', subject: task.id });
    }
    notifyTaskClosed(tx, deps, grant, task, actor.email, now);
    tx.audit.append({ type: 'access.fulfilled', actor, subject: grant.id, data: { taskId: task.id, action: task.action } });
    recordProviderDone(tx, deps, grant.id, task.action, actor);
    return { grantId: grant.id };
  });
}
