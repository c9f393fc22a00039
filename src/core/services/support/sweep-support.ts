/**
 * The support side of a sweep: offer unclaimed requests, expire unanswered consent, warn and end idle
 * sessions, enforce the hard stop, lapse elevations, and remind technicians to document.
 */
import type { EngineDeps } from '../../ports.js';
import { expandPrincipals } from '../../principals.js';
import { SYSTEM_ACTOR } from '../../types.js';
import { notifyPeople } from '../notify.js';
import { summarizeSession } from './session-steps.js';
import { endActiveSession } from './end-session.js';

/** Undocumented sessions are reminded this often. */
export const DOC_REMINDER_EVERY_MS = 4 * 3_600_000;
const BATCH = 500;

/** After the idle warning the technician gets this long to show activity: a fifth of the timeout, at least a minute. */
export function idleGraceMs(idleTimeoutMs: number): number {
  return Math.max(60_000, Math.round(idleTimeoutMs / 5));
}

export interface SupportSweepResult {
  offered: number;
  consentExpired: number;
  idleWarned: number;
  ended: number;
  elevationsLapsed: number;
  reminded: number;
}

export function sweepSupport(deps: EngineDeps): SupportSweepResult {
  const result: SupportSweepResult = { offered: 0, consentExpired: 0, idleWarned: 0, ended: 0, elevationsLapsed: 0, reminded: 0 };
  const support = deps.policy().support;
  if (!support) return result;
  const policy = deps.policy();
  return deps.store.write((tx) => {
    const now = deps.clock.now();

    const technicians = expandPrincipals(policy, support.technicians, null);
    for (const session of tx.sessions.listUnofferedOpen(now - support.offerAfterMs, BATCH)) {
      const load = tx.sessions.loadOf(technicians.filter((t) => t !== session.endUserEmail));
      // Least loaded first; ties go alphabetically so the choice is predictable and auditable.
      const pick = [...load.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]?.[0];
      if (!pick || !tx.sessions.update(session.id, ['open'], { offeredToEmail: pick })) continue;
      tx.audit.append({ type: 'support.offered', actor: SYSTEM_ACTOR, subject: session.id, data: { technician: pick, load: load.get(pick) ?? 0 } });
      notifyPeople(tx, [pick], { kind: 'support.offered', session: summarizeSession(session), waitingMs: now - session.createdAt });
      result.offered++;
    }

    for (const session of tx.sessions.listByStatus('awaiting_consent', BATCH)) {
      if (session.consentExpiresAt === null || session.consentExpiresAt > now) continue;
      if (!tx.sessions.transition(session.id, ['awaiting_consent'], { status: 'consent_expired', endedAt: now })) continue;
      tx.audit.append({ type: 'support.consent_expired', actor: SYSTEM_ACTOR, subject: session.id, data: { consentExpiresAt: session.consentExpiresAt } });
      const note = { kind: 'support.consent_expired' as const, session: summarizeSession({ ...session, status: 'consent_expired' }) };
      notifyPeople(tx, [session.endUserEmail, ...(session.technicianEmail ? [session.technicianEmail] : [])], note);
      result.consentExpired++;
    }

    const grace = idleGraceMs(support.idleTimeoutMs);
    for (const session of tx.sessions.listByStatus('active', BATCH)) {
      if (session.startedAt !== null && now >= session.startedAt + support.maxDurationMs) {
        if (endActiveSession(tx, deps, session, 'max_duration', SYSTEM_ACTOR)) result.ended++;
        continue;
      }
      const idleSince = session.lastActivityAt ?? session.startedAt ?? now;
      if (now < idleSince + support.idleTimeoutMs) continue;
      if (session.idleWarnedAt === null) {
        if (!tx.sessions.update(session.id, ['active'], { idleWarnedAt: now })) continue;
        tx.audit.append({ type: 'support.idle_warning', actor: SYSTEM_ACTOR, subject: session.id, data: { idleSince } });
        notifyPeople(tx, session.technicianEmail ? [session.technicianEmail] : [], { kind: 'support.idle_warning', session: summarizeSession(session), endsAt: now + grace });
        result.idleWarned++;
      } else if (now >= session.idleWarnedAt + grace) {
        if (endActiveSession(tx, deps, session, 'idle', SYSTEM_ACTOR)) result.ended++;
      }
    }

    for (const escalation of tx.escalations.listApprovedLapsed(now, BATCH)) {
      if (!tx.escalations.transition(escalation.id, 'approved', { status: 'expired' })) continue;
      tx.audit.append({ type: 'support.elevation_lapsed', actor: SYSTEM_ACTOR, subject: escalation.sessionId, data: { escalationId: escalation.id } });
      result.elevationsLapsed++;
    }

    for (const session of tx.sessions.listUndocumentedDue(now - DOC_REMINDER_EVERY_MS, BATCH)) {
      const reminders = session.docReminders + 1;
      if (!tx.sessions.update(session.id, ['ended'], { docRemindedAt: now, docReminders: reminders })) continue;
      tx.audit.append({ type: 'support.undocumented', actor: SYSTEM_ACTOR, subject: session.id, data: { reminders, endedAt: session.endedAt } });
      notifyPeople(tx, session.technicianEmail ? [session.technicianEmail] : [], { kind: 'support.documentation_reminder', session: summarizeSession(session), reminders });
      result.reminded++;
    }
    return result;
  });
}
