/**
 * The record of one support session from request to documentation: sent to the end user, the
 * technician and the support channel's thread, the same card for all of them.
 */
import type { SupportClosure } from '../../src/core/notifications.js';
import type { Card, CardSection } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatOptionalTime, formatTime } from '../text/format-time.js';
import { describeScope, describeSessionEndReason, describeUrgency } from '../text/support-text.js';
import { descriptionQuote, escalationLine, prohibitedSections, sessionDevice, technicianOf } from './support-parts.js';

export function renderSupportClosureCard(closure: SupportClosure): Card {
  const who = closure.endUserEmail;
  const tech = technicianOf(closure);
  const device = sessionDevice(closure);
  const reason = describeSessionEndReason(closure.endReason, 'neutral');
  const duration = formatDurationText(closure.durationMs);
  const scope = closure.scope;
  const notes = `${closure.notes} ${closure.notes === 1 ? 'note' : 'notes'}`;

  const sections: CardSection[] = [
    { kind: 'text', text: `${tech}'s support session with ${who} on ${device} lasted ${duration} and was ${reason}.` },
    {
      kind: 'fields',
      fields: [
        { label: 'End user', value: who },
        { label: 'Technician', value: tech },
        { label: 'Device', value: device },
        // One field for the whole scope: separate Interaction and Admin rights fields repeated it.
        { label: 'Scope', value: scope ? describeScope(scope) : 'not recorded' },
        { label: 'Urgency', value: describeUrgency(closure.urgency) },
        { label: 'Ticket', value: closure.ticketRef ?? 'none' },
        { label: 'Notes', value: notes },
      ],
    },
    {
      kind: 'fields',
      fields: [
        { label: 'Requested', value: formatTime(closure.createdAt) },
        { label: 'Consent given', value: formatOptionalTime(closure.consentedAt, 'not recorded') },
        { label: 'Started', value: formatOptionalTime(closure.startedAt, 'never') },
        { label: 'Ended', value: formatTime(closure.endedAt) },
        { label: 'Duration', value: duration },
        { label: 'End reason', value: reason },
      ],
    },
  ];
  if (scope) sections.push(...prohibitedSections(scope));

  // Documentation before escalations: when a long record has to be cut, what was done matters most.
  const doc = closure.documentation;
  if (doc) {
    sections.push(
      { kind: 'quote', label: 'Actions taken', text: doc.actionsTaken },
      { kind: 'quote', label: 'Outcome', text: doc.outcome },
      { kind: 'quote', label: 'Follow-ups', text: doc.followUps.trim() === '' ? 'none' : doc.followUps },
    );
  } else {
    sections.push({ kind: 'text', text: 'The session was not documented.' });
  }

  // One block for all escalations, one line each, so a session with many cannot crowd out the rest.
  const escalations = closure.escalations;
  sections.push({
    kind: 'text',
    text: escalations.length === 0 ? 'Escalations: none.' : `Escalations (${escalations.length}):\n${escalations.map((e) => `• ${escalationLine(e)}`).join('\n')}`,
  });
  sections.push(descriptionQuote(closure, 'Original request'));

  return {
    title: `Support session closed: ${who}`,
    summary: `${tech} helped ${who} on ${device} for ${duration}; ${reason}.`,
    tone: 'neutral',
    sections,
    context: [`Session ${closure.sessionId} · requested ${formatTime(closure.createdAt)}`],
    actions: [],
  };
}
