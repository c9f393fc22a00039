/**
 * What happens when a provider answers. A grant becomes active only when the provider confirmed it,
 * and revoked only when the provider confirmed the revocation; until then failures are counted,
 * retried and, past a threshold, alerted to the audit channel.
 */
import { grantStatusesAccepting } from '../access-lifecycle.js';
import type { RequestSummary } from '../notifications.js';
import type { EngineDeps, WriteTx } from '../ports.js';
import type { ProviderConfig } from '../policy.js';
import { expandPrincipals, findResource } from '../principals.js';
import { SYSTEM_ACTOR, type Actor, type FulfilmentTask, type Grant, type TaskAction } from '../types.js';
import { notifyChannel, notifyPeople } from './notify.js';
import { summarizeClosure, summarizeRequest } from './request-summary.js';
import { onSupportGrantSettled, sessionAsRequest, sessionFailing } from './support/support-grant-hooks.js';

/** After this many failed attempts in a row the audit channel is alerted (retries go on). */
export const ALERT_AFTER_FAILURES = 3;

export function recordProviderDone(tx: WriteTx, deps: EngineDeps, grantId: string, action: TaskAction, actor: Actor = SYSTEM_ACTOR): boolean {
  const grant = tx.grants.get(grantId);
  if (!grant) return false;
  const policy = deps.policy();
  const now = deps.clock.now();
  const prefix = grant.kind === 'support' ? 'support.access' : 'access';
  if (action === 'grant') {
    // The duration starts when access is provisioned, not when it was approved.
    const expiresAt = now + grant.durationMs;
    const patch = { status: 'active' as const, provisionedAt: now, expiresAt, failures: 0, lastError: null };
    if (!tx.grants.transition(grant.id, grantStatusesAccepting('provisioned'), patch)) return false;
    tx.audit.append({ type: `${prefix}.provisioned`, actor, subject: grant.id, data: { requestId: grant.requestId, expiresAt, policyHash: policy.hash } });
    if (grant.kind === 'support') return onSupportGrantSettled(tx, deps, { ...grant, ...patch }, action);
    const request = tx.requests.get(grant.requestId);
    if (request) notifyPeople(tx, [grant.subjectEmail], { kind: 'access.active', request: summarizeRequest(policy, request), grantId: grant.id, expiresAt });
    return true;
  }
  const patch = { status: 'revoked' as const, revokedAt: now, failures: 0, lastError: null };
  if (!tx.grants.transition(grant.id, grantStatusesAccepting('revoked'), patch)) return false;
  tx.audit.append({ type: `${prefix}.revoked`, actor, subject: grant.id, data: { requestId: grant.requestId, policyHash: policy.hash } });
  if (grant.kind === 'support') return onSupportGrantSettled(tx, deps, { ...grant, ...patch }, action);
  const request = tx.requests.get(grant.requestId);
  if (!request) return true;
  const summary = summarizeClosure(policy, request, { ...grant, ...patch }, now);
  notifyPeople(tx, [grant.subjectEmail], { kind: 'access.closed', summary });
  notifyChannel(tx, policy, 'audit', { kind: 'access.closed', summary });
  return true;
}

function providerOf(deps: EngineDeps, grant: Grant): ProviderConfig | null {
  const policy = deps.policy();
  return grant.kind === 'support' ? (policy.support?.provider ?? null) : (findResource(policy, grant.resourceId)?.provider ?? null);
}

/** The request a notification about this grant describes (a support session reads as one). */
function requestOf(tx: WriteTx, deps: EngineDeps, grant: Grant): RequestSummary | null {
  if (grant.kind === 'support') {
    const session = tx.sessions.get(grant.requestId);
    return session ? sessionAsRequest(session, grant) : null;
  }
  const request = tx.requests.get(grant.requestId);
  return request ? summarizeRequest(deps.policy(), request) : null;
}

/** Who is handed a grant's manual tasks. */
function fulfillersOf(deps: EngineDeps, grant: Grant, request: RequestSummary): string[] {
  const provider = providerOf(deps, grant);
  const principals = provider?.type === 'manual' ? provider.fulfillers : [];
  // Separation of duties: neither the requester nor an approver is asked to fulfil.
  return expandPrincipals(deps.policy(), principals, request.requesterEmail).filter(
    (f) => f !== request.requesterEmail && f !== grant.subjectEmail && !grant.approvers.includes(f),
  );
}

/**
 * Tells everyone who got the task's Mark done card that it is closed, so each copy shows the outcome.
 * They are the people stored on the task, not the policy's fulfillers now: after a reload those
 * could leave someone a live card, or edit a card for someone who never got one. Whoever marked it
 * done is added, since the policy may have made them a fulfiller after the task was opened.
 */
export function notifyTaskClosed(tx: WriteTx, deps: EngineDeps, grant: Grant, task: FulfilmentTask, doneByEmail: string | null, at: number): void {
  const request = requestOf(tx, deps, grant);
  if (!request) return;
  const recipients = [...task.fulfillers, ...(doneByEmail ? [doneByEmail] : [])];
  notifyPeople(tx, recipients, { kind: 'access.fulfilment_closed', request, grantId: grant.id, taskId: task.id, action: task.action, doneByEmail, closedAt: at });
}

/** A grant ended before its manual grant step was done: the step is no longer needed. */
export function retireGrantTask(tx: WriteTx, deps: EngineDeps, grant: Grant): void {
  const task = tx.tasks.openFor(grant.id, 'grant');
  if (!task) return;
  const now = deps.clock.now();
  if (!tx.tasks.retire(task.id, now)) return;
  notifyTaskClosed(tx, deps, grant, task, null, now);
}

/** The provider needs a person (manual fulfilment): open a task for the fulfillers, once. */
export function recordProviderPending(tx: WriteTx, deps: EngineDeps, grant: Grant, action: TaskAction): void {
  if (tx.tasks.openFor(grant.id, action)) return;
  const request = requestOf(tx, deps, grant);
  if (!request) return;
  const fulfillers = fulfillersOf(deps, grant, request);
  const taskId = deps.ids.next('tsk');
  tx.tasks.insert({ id: taskId, grantId: grant.id, action, status: 'open', createdAt: deps.clock.now(), doneAt: null, doneByEmail: null, fulfillers });
  tx.audit.append({ type: 'access.fulfilment_requested', actor: SYSTEM_ACTOR, subject: grant.id, data: { taskId, action, fulfillers } });
  notifyPeople(tx, fulfillers, { kind: 'access.fulfilment_needed', request, grantId: grant.id, taskId, action, fulfillers });
}

export function recordProviderFailure(tx: WriteTx, deps: EngineDeps, grant: Grant, action: TaskAction, error: string): void {
  const failures = grant.failures + 1;
  const status = action === 'grant' ? 'provision_failed' : 'revoke_failed';
  const from = grantStatusesAccepting(action === 'grant' ? 'provision_error' : 'revoke_error');
  if (!tx.grants.transition(grant.id, from, { status, failures, lastError: error.slice(0, 500) })) return;
  const policy = deps.policy();
  const prefix = grant.kind === 'support' ? 'support.access' : 'access';
  // Audit the first failure and the alert, not every retry: a revocation retried for days would
  // otherwise bury the trail. The grant row keeps the running count and the last error.
  if (failures === 1 || failures === ALERT_AFTER_FAILURES) {
    tx.audit.append({ type: `${prefix}.${action === 'grant' ? 'provision' : 'revoke'}_failed`, actor: SYSTEM_ACTOR, subject: grant.id, data: { failures, error: error.slice(0, 500) } });
  }
  if (failures !== ALERT_AFTER_FAILURES) return;
  if (grant.kind === 'support') {
    const session = tx.sessions.get(grant.requestId);
    if (session) notifyChannel(tx, policy, 'audit', sessionFailing(session, failures, error.slice(0, 200)));
    return;
  }
  const request = tx.requests.get(grant.requestId);
  if (!request) return;
  const kind = action === 'grant' ? 'access.provision_failing' : 'access.revoke_failing';
  notifyChannel(tx, policy, 'audit', { kind, request: summarizeRequest(policy, request), grantId: grant.id, failures, lastError: error.slice(0, 200) });
}
