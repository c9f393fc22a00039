/**
 * A session's reach into the device is a grant like any other (same provider interface, same
 * outbox, same confirmed revocation); these hooks connect it back to its session.
 */
import { accessKey } from '../../effects.js';
import type { Notification, RequestSummary } from '../../notifications.js';
import type { EngineDeps, WriteTx } from '../../ports.js';
import type { SupportSession } from '../../support-types.js';
import type { Grant, TaskAction } from '../../types.js';
import { newGrant } from '../grant-steps.js';
import { notifyChannel, notifyPeople } from '../notify.js';
import { summarizeClosure, summarizeSession } from './session-steps.js';

/** The resource id support grants carry; the provider resolver maps it to `support.provider`. */
export const SUPPORT_RESOURCE = 'support';

export function startSupportGrant(tx: WriteTx, deps: EngineDeps, session: SupportSession, maxDurationMs: number, approvers: string[]): Grant {
  const technician = session.technicianEmail;
  if (!technician) throw new Error(`session ${session.id} has no technician`);
  const grant = newGrant(deps, { kind: 'support', requestId: session.id, subjectEmail: technician, resourceId: SUPPORT_RESOURCE, durationMs: maxDurationMs, approvers });
  tx.grants.insert(grant);
  // Keyed per session: a technician's grant for one session never waits on another session's revoke.
  tx.outbox.enqueue({ effect: { type: 'provider', action: 'grant', grantId: grant.id }, orderingKey: accessKey(technician, `support:${session.id}`) });
  return grant;
}

export function supportGrantOrderingKey(grant: Grant): string {
  return accessKey(grant.subjectEmail, `support:${grant.requestId}`);
}

/** A session as the fulfilment and alert cards read a request. */
export function sessionAsRequest(session: SupportSession, grant: Grant): RequestSummary {
  return {
    requestId: session.id,
    requesterEmail: session.endUserEmail,
    resourceId: SUPPORT_RESOURCE,
    resourceName: `Remote support${session.scope?.device ? ` on ${session.scope.device}` : ''} for ${session.endUserEmail}`,
    durationMs: grant.durationMs,
    justification: session.description,
    breakGlass: false,
    createdAt: session.createdAt,
  };
}

export function sessionFailing(session: SupportSession, failures: number, lastError: string): Notification {
  return { kind: 'support.access_failing', session: summarizeSession(session), failures, lastError };
}

/**
 * The closure summary goes out once both are true: the provider confirmed the revocation and the
 * technician documented the session. Whichever happens second sends it.
 */
export function sendClosureIfComplete(tx: WriteTx, deps: EngineDeps, sessionId: string): boolean {
  const session = tx.sessions.get(sessionId);
  const grant = tx.grants.getByRequest(sessionId);
  if (!session || session.status !== 'ended' || session.documentedAt === null) return false;
  if (grant && grant.status !== 'revoked') return false;
  const closure = summarizeClosure(tx, session, grant?.provisionedAt ?? null, grant?.revokedAt ?? null);
  const people = [session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])];
  notifyPeople(tx, people, { kind: 'support.closed', closure });
  notifyChannel(tx, deps.policy(), 'support', { kind: 'support.closed', closure });
  tx.audit.append({ type: 'support.closed', actor: { email: 'system', platform: 'system', platformUserId: null }, subject: session.id, data: { durationMs: closure.durationMs, documented: true } });
  return true;
}

export function onSupportGrantSettled(tx: WriteTx, deps: EngineDeps, grant: Grant, action: TaskAction): boolean {
  if (action === 'revoke') sendClosureIfComplete(tx, deps, grant.requestId);
  return true;
}
