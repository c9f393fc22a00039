/** A person asks for remote support: the request is tied to them, audited, and posted for technicians. */
import type { EngineDeps } from '../../ports.js';
import { isKnownPerson, normalizeEmail } from '../../principals.js';
import type { SupportSession, SupportUrgency } from '../../support-types.js';
import type { Actor } from '../../types.js';
import { notifyChannel, notifyPeople } from '../notify.js';
import { Refusal, refuse, writeOrRefuse } from '../write-or-refuse.js';
import { summarizeSession, supportPolicy } from './session-steps.js';

export interface SupportRequestInput {
  actor: Actor;
  description: string;
  device?: string | null;
  urgency?: SupportUrgency;
  ticketRef?: string | null;
}

export function openSupportRequest(deps: EngineDeps, input: SupportRequestInput): SupportSession {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const action = 'support.request';
  return writeOrRefuse(deps, (tx) => {
    const support = supportPolicy(tx, deps, actor, action);
    if (support instanceof Refusal) return support;
    const policy = deps.policy();
    if (!isKnownPerson(policy, actor.email)) {
      return refuse(tx, deps, { actor, action, code: 'UNKNOWN_PERSON', reason: `${actor.email} is not a person this policy knows`, subject: null });
    }
    const description = input.description.trim();
    if (description.length === 0) return refuse(tx, deps, { actor, action, code: 'INVALID_INPUT', reason: 'describe what is wrong', subject: null });
    const session: SupportSession = {
      id: deps.ids.next('sup'),
      endUserEmail: actor.email,
      endUserPlatform: actor.platform,
      endUserPlatformUserId: actor.platformUserId,
      description,
      device: input.device?.trim() || null,
      urgency: input.urgency ?? 'normal',
      ticketRef: input.ticketRef?.trim() || null,
      status: 'open',
      technicianEmail: null,
      offeredToEmail: null,
      scope: null,
      createdAt: deps.clock.now(),
      claimedAt: null,
      scopedAt: null,
      consentRequestedAt: null,
      consentExpiresAt: null,
      consentedAt: null,
      startedAt: null,
      lastActivityAt: null,
      idleWarnedAt: null,
      endedAt: null,
      endReason: null,
      documentation: null,
      documentedAt: null,
      docRemindedAt: null,
      docReminders: 0,
      policyHash: policy.hash,
    };
    tx.sessions.insert(session);
    tx.audit.append({
      type: 'support.requested',
      actor,
      subject: session.id,
      data: { description, device: session.device, urgency: session.urgency, ticketRef: session.ticketRef, policyHash: policy.hash },
    });
    const summary = summarizeSession(session);
    notifyChannel(tx, policy, 'support', { kind: 'support.requested', session: summary });
    notifyPeople(tx, [actor.email], { kind: 'support.received', session: summary });
    return session;
  });
}
