/** Words for remote-support states: how urgent, what a scope allows, why a session ended, how an escalation went. */
import type { EscalationKind, EscalationStatus, SessionEndReason, SessionScope, SupportUrgency } from '../../src/core/support-types.js';

const URGENCY: Record<SupportUrgency, string> = { low: 'Low', normal: 'Normal', high: 'High' };

/** `Low`, `Normal`, `High`; unknown values are shown as they are rather than hidden. */
export function describeUrgency(urgency: SupportUrgency): string {
  return URGENCY[urgency] ?? String(urgency);
}

/** `View only` / `Control`: the field value on cards and the radio label in the scope form. */
export function describeInteraction(interaction: SessionScope['interaction']): string {
  return interaction === 'control' ? 'Control' : 'View only';
}

/** The scope as what the technician gets: `view-only access`, `full control`, `full control and admin rights`. */
export function describeScope(scope: SessionScope): string {
  const how = scope.interaction === 'control' ? 'full control' : 'view-only access';
  return scope.adminRights ? `${how} and admin rights` : how;
}

/** Whose point of view a sentence about the session is told from. */
export type SessionPerspective = 'technician' | 'end_user' | 'neutral';

const END_REASON: Record<SessionPerspective, Record<SessionEndReason, string>> = {
  technician: {
    ended_by_technician: 'was ended by you',
    stopped_by_user: 'was stopped by the user',
    idle: 'ended after a period without activity (idle timeout)',
    max_duration: 'reached its maximum duration',
  },
  end_user: {
    ended_by_technician: 'was ended by the technician',
    stopped_by_user: 'was stopped by you',
    idle: 'ended after a period without activity (idle timeout)',
    max_duration: 'reached its maximum duration',
  },
  neutral: {
    ended_by_technician: 'ended by the technician',
    stopped_by_user: 'stopped by the end user',
    idle: 'ended after the idle timeout',
    max_duration: 'ended at the maximum duration',
  },
};

/**
 * Why a session ended. `technician` and `end_user` finish "The session …" ("was stopped by you");
 * `neutral` is a field value for the record that also reads in a sentence ("stopped by the end user").
 */
export function describeSessionEndReason(reason: SessionEndReason, perspective: SessionPerspective = 'neutral'): string {
  return END_REASON[perspective][reason] ?? String(reason).replace(/_/g, ' ');
}

/** `Admin rights for the session scope` / `Elevation`. */
export function describeEscalationKind(kind: EscalationKind): string {
  return kind === 'scope_admin' ? 'Admin rights for the session scope' : 'Elevation';
}

const ESCALATION_STATUS: Record<EscalationStatus, string> = { pending: 'waiting for a decision', approved: 'approved', denied: 'denied', expired: 'expired' };

/** `approved`, `denied`, `expired`, `waiting for a decision`. */
export function describeEscalationStatus(status: EscalationStatus): string {
  return ESCALATION_STATUS[status] ?? String(status);
}
