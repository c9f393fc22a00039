/** Pieces the support cards share: how a session and its scope are described, quoted, referenced and acted on. */
import type { EscalationSummary, SessionSummary } from '../../src/core/notifications.js';
import type { SessionScope } from '../../src/core/support-types.js';
import { ACTION } from '../action-ids.js';
import type { CardAction, CardField, CardSection } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { describeEscalationKind, describeInteraction, describeUrgency } from '../text/support-text.js';

/** The device the session is for: the scoped one once recorded, else the one the user named. */
export function sessionDevice(session: SessionSummary): string {
  const device = session.scope?.device ?? session.device;
  return device === null || device.trim() === '' ? 'device not named' : device;
}

/** `the technician` until someone has claimed the session. */
export function technicianOf(session: SessionSummary): string {
  return session.technicianEmail ?? 'the technician';
}

/** End user, device (the scoped one once recorded), urgency and ticket (and the technician once there is one): what every support card shows first. */
export function sessionFields(session: SessionSummary, extra: CardField[] = []): CardSection {
  const fields: CardField[] = [
    { label: 'End user', value: session.endUserEmail },
    // Once the technician records the scope, its device is the one the session is for; the device the
    // user named (or did not) beside it would contradict the scope on the same card.
    { label: 'Device', value: session.scope?.device ?? (session.device === null || session.device.trim() === '' ? 'not given' : session.device) },
    { label: 'Urgency', value: describeUrgency(session.urgency) },
    { label: 'Ticket', value: session.ticketRef ?? 'none' },
  ];
  if (session.technicianEmail !== null) fields.push({ label: 'Technician', value: session.technicianEmail });
  return { kind: 'fields', fields: [...fields, ...extra] };
}

/** The end user's own words, always quoted so they never read as Gatehouse speaking. */
export function descriptionQuote(session: SessionSummary, label = 'Description'): CardSection {
  return { kind: 'quote', label, text: session.description };
}

/** What the session may do: device, view only or control, admin rights. */
export function scopeFields(scope: SessionScope, extra: CardField[] = []): CardSection {
  return {
    kind: 'fields',
    fields: [
      { label: 'Device', value: scope.device },
      { label: 'Interaction', value: describeInteraction(scope.interaction) },
      { label: 'Admin rights', value: scope.adminRights ? 'Yes' : 'No' },
      ...extra,
    ],
  };
}

/** Room per section for the list, below Slack's 3,000 so escaping (`&` -> `&amp;`) cannot push it over. */
const PROHIBITED_CHUNK = 1_500;

/**
 * The prohibited actions, one per line, split over as many sections as they need: the end user
 * consents to the whole list, so none of it may be cut off. Plain text; the renderer escapes it.
 */
export function prohibitedSections(scope: SessionScope, lead = 'Prohibited in this session'): CardSection[] {
  const items = scope.prohibitedActions.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
  if (items.length === 0) return [{ kind: 'text', text: `${lead}: nothing listed beyond the scope above.` }];
  const sections: CardSection[] = [];
  let current = `${lead}:`;
  for (const item of items) {
    const line = `\n• ${item}`;
    if (current.length + line.length > PROHIBITED_CHUNK && current !== `${lead}:`) {
      sections.push({ kind: 'text', text: current });
      current = `${lead} (continued):`;
    }
    current += line;
  }
  sections.push({ kind: 'text', text: current });
  return sections;
}

/** Scope fields and the prohibited list, or a line saying the scope is not recorded yet. */
export function scopeSections(scope: SessionScope | null, extra: CardField[] = [], lead?: string): CardSection[] {
  if (scope === null) return [{ kind: 'text', text: 'The scope has not been recorded yet.' }];
  return [scopeFields(scope, extra), ...prohibitedSections(scope, lead)];
}

/** Small print that lets support find the session in the audit log. */
export function sessionContext(session: SessionSummary): string {
  return `Session ${session.sessionId} · requested ${formatTime(session.createdAt)}`;
}

/** One escalation in one line: `Elevation (15m): install the VPN driver — denied by dave@example.com: not during business hours`. */
export function escalationLine(escalation: EscalationSummary): string {
  const box = escalation.durationMs !== null ? ` (${formatDurationText(escalation.durationMs)})` : '';
  const what = escalation.description.replace(/\s+/g, ' ').trim() || 'no description';
  let outcome: string;
  switch (escalation.status) {
    case 'approved':
      outcome = `approved by ${escalation.decidedByEmail ?? 'an approver'}${escalation.expiresAt !== null ? ` until ${formatTime(escalation.expiresAt)}` : ''}`;
      break;
    case 'denied':
      outcome = `denied by ${escalation.decidedByEmail ?? 'an approver'}`;
      break;
    case 'expired':
      outcome = 'expired undecided';
      break;
    case 'pending':
      outcome = 'never decided';
      break;
    default: {
      const unknown: never = escalation.status;
      outcome = String(unknown);
    }
  }
  const reason = escalation.reason !== null && escalation.reason.trim() !== '' ? `: ${escalation.reason.replace(/\s+/g, ' ').trim()}` : '';
  return `${describeEscalationKind(escalation.kind)}${box}: ${what} — ${outcome}${reason} (asked by ${escalation.requestedByEmail})`;
}

// Buttons. Every value is the session id, except the escalation decisions, which carry the escalation id.

export function claimAction(sessionId: string): CardAction {
  return { id: ACTION.claimSession, label: 'Claim', value: sessionId, style: 'primary' };
}

/** Opens a form to pick the technician; only leads may use it, which the engine checks. */
export function reassignAction(sessionId: string): CardAction {
  return { id: ACTION.reassignSession, label: 'Reassign', value: sessionId };
}

/** Opens the scope form. */
export function defineScopeAction(sessionId: string): CardAction {
  return { id: ACTION.defineScope, label: 'Define scope', value: sessionId, style: 'primary' };
}

export function cancelSupportAction(sessionId: string): CardAction {
  return {
    id: ACTION.cancelSupport,
    label: 'Cancel request',
    value: sessionId,
    confirm: { title: 'Cancel your support request?', text: 'Your request will be withdrawn and the support team told. You can ask again later.', confirm: 'Cancel request', deny: 'Keep it' },
  };
}

export function approveEscalationAction(escalationId: string): CardAction {
  return { id: ACTION.approveEscalation, label: 'Approve', value: escalationId, style: 'primary' };
}

/** Deny opens a form for the reason, so it needs no confirm dialog of its own. */
export function denyEscalationAction(escalationId: string): CardAction {
  return { id: ACTION.denyEscalation, label: 'Deny', value: escalationId, style: 'danger' };
}

export function allowSessionAction(sessionId: string): CardAction {
  return { id: ACTION.allowSession, label: 'Allow', value: sessionId, style: 'primary' };
}

export function declineSessionAction(sessionId: string): CardAction {
  return { id: ACTION.declineSession, label: 'Decline', value: sessionId, style: 'danger' };
}

/** Opens the elevation form. */
export function requestElevationAction(sessionId: string): CardAction {
  return { id: ACTION.requestElevation, label: 'Request elevation', value: sessionId };
}

/** Opens the note form; a note counts as activity. */
export function addNoteAction(sessionId: string): CardAction {
  return { id: ACTION.addNote, label: 'Add note', value: sessionId };
}

/** Ending revokes the technician's access at once, so the button asks first. */
export function endSessionAction(session: SessionSummary): CardAction {
  return {
    id: ACTION.endSession,
    label: 'End session',
    value: session.sessionId,
    style: 'danger',
    confirm: {
      title: 'End the session now?',
      // Confirm dialogs are plain text: only our own words and emails here, never the typed device name.
      text: `Your access to ${session.endUserEmail}'s device is revoked now. You will then be asked to document the session.`,
      confirm: 'End session',
      deny: 'Keep going',
    },
  };
}

/** The end user's way out, at any time. */
export function stopSessionAction(sessionId: string): CardAction {
  return {
    id: ACTION.stopSession,
    label: 'Stop',
    value: sessionId,
    style: 'danger',
    confirm: { title: 'Stop the support session?', text: 'This ends the session and withdraws your consent.', confirm: 'Stop', deny: 'Keep going' },
  };
}

/** Opens the documentation form. */
export function documentSessionAction(sessionId: string): CardAction {
  return { id: ACTION.documentSession, label: 'Document session', value: sessionId, style: 'primary' };
}

/** The technician's controls while the session is live. */
export function sessionControls(session: SessionSummary): CardAction[] {
  return [requestElevationAction(session.sessionId), addNoteAction(session.sessionId), endSessionAction(session)];
}
