/**
 * Escalations: admin rights for a session's scope, or a time-boxed privileged action during it, each
 * approved by someone other than the technician and the end user. The approvers' card is posted
 * once and re-rendered in place with the decision, so Approve and Deny exist only while it is open.
 * The technician hears the outcome in a card of their own.
 */
import type { EscalationSummary, Notification, SessionSummary } from '../../src/core/notifications.js';
import type { Card, CardField, CardSection } from '../card-model.js';
import { formatDurationText } from '../text/format-duration.js';
import { formatTime } from '../text/format-time.js';
import { describeScope } from '../text/support-text.js';
import {
  approveEscalationAction,
  defineScopeAction,
  denyEscalationAction,
  descriptionQuote,
  scopeFields,
  scopeSections,
  sessionContext,
  sessionDevice,
} from './support-parts.js';

export type EscalationNotification = Extract<Notification, { kind: 'support.escalation_needed' | 'support.escalation_decided' }>;
export type EscalationDecidedNotification = Extract<Notification, { kind: 'support.escalation_decided' }>;

/** What is asked, in a phrase: `admin rights for the session scope (control with admin rights on LAPTOP-42)`. */
function askedText(session: SessionSummary, escalation: EscalationSummary): string {
  if (escalation.kind === 'scope_admin') {
    return `admin rights for the session scope${session.scope ? ` (${describeScope(session.scope)} on ${session.scope.device})` : ` on ${sessionDevice(session)}`}`;
  }
  const box = escalation.durationMs !== null ? ` for ${formatDurationText(escalation.durationMs)}` : '';
  return `an elevation${box} in the session on ${sessionDevice(session)}`;
}

function escalationFields(session: SessionSummary, escalation: EscalationSummary, extra: CardField[] = []): CardSection {
  const fields: CardField[] = [
    { label: 'Technician', value: escalation.requestedByEmail },
    { label: 'End user', value: session.endUserEmail },
  ];
  // With a scope on the card its fields name the device; without one (a refused admin scope is cleared) it goes here.
  if (session.scope === null) fields.push({ label: 'Device', value: sessionDevice(session) });
  if (escalation.kind === 'elevation') fields.push({ label: 'Time box', value: escalation.durationMs !== null ? formatDurationText(escalation.durationMs) : 'not set' });
  return { kind: 'fields', fields: [...fields, ...extra] };
}

/** The technician's own words about what they want to do (or the engine's summary of the scope request). */
function requestQuote(escalation: EscalationSummary): CardSection {
  return { kind: 'quote', label: escalation.kind === 'elevation' ? 'Privileged action' : 'Request', text: escalation.description };
}

function reasonSections(escalation: EscalationSummary): CardSection[] {
  return escalation.reason !== null && escalation.reason.trim() !== '' ? [{ kind: 'quote', label: 'Reason', text: escalation.reason }] : [];
}

function decidedBy(escalation: EscalationSummary): string {
  return escalation.decidedByEmail ?? 'an approver';
}

/**
 * The approvers' card. `canAct` is false for the technician and the end user, who may never decide
 * on their own session's escalation.
 */
export function renderEscalationCard(notification: EscalationNotification, canAct = true): Card {
  const { session, escalation } = notification;
  const who = session.endUserEmail;
  const tech = escalation.requestedByEmail;
  const what = escalation.kind === 'scope_admin' ? 'admin rights' : 'elevation';
  const asked = askedText(session, escalation);
  const pending = notification.kind === 'support.escalation_needed';
  const extra: CardField[] = [];
  let card: Pick<Card, 'title' | 'summary' | 'tone'> & { text: string };

  if (pending) {
    card = {
      title: `Approval needed: ${what} for ${who}'s session`,
      summary: `${tech} asks for ${asked}.`,
      tone: 'pending',
      text:
        escalation.kind === 'scope_admin'
          ? `${tech} asks for ${asked}. The session cannot start with admin rights without an approval; ${who} is asked to consent only after that.`
          : `${tech} asks for ${asked}. If approved, it lapses automatically when the time box ends.`,
    };
  } else {
    switch (escalation.status) {
      case 'approved': {
        const until = escalation.expiresAt !== null ? ` until ${formatTime(escalation.expiresAt)}` : '';
        extra.push({ label: 'Decision', value: `Approved by ${decidedBy(escalation)}${until}` });
        card = { title: `Approved: ${what} for ${who}'s session`, summary: `${decidedBy(escalation)} approved ${asked}.`, tone: 'success', text: `Approved by ${decidedBy(escalation)}${until}. ${tech} asked for ${asked}.` };
        break;
      }
      case 'denied':
        extra.push({ label: 'Decision', value: `Denied by ${decidedBy(escalation)}` });
        card = { title: `Denied: ${what} for ${who}'s session`, summary: `${decidedBy(escalation)} denied ${asked}.`, tone: 'danger', text: `Denied by ${decidedBy(escalation)}. ${tech} asked for ${asked}.` };
        break;
      case 'expired':
      case 'pending':
        card = { title: `No longer needed: ${what} for ${who}'s session`, summary: `${tech}'s request for ${asked} no longer applies.`, tone: 'neutral', text: `This request for ${asked} no longer applies. Nothing to decide.` };
        break;
      default: {
        const unreachable: never = escalation.status;
        return unreachable;
      }
    }
  }

  return {
    title: card.title,
    summary: card.summary,
    tone: card.tone,
    sections: [
      { kind: 'text', text: card.text },
      escalationFields(session, escalation, extra),
      requestQuote(escalation),
      ...(pending ? [] : reasonSections(escalation)),
      // A refused admin scope is cleared by the engine; there is then no scope left to show.
      ...(session.scope ? scopeSections(session.scope) : []),
      descriptionQuote(session, 'Support request'),
    ],
    context: [`Escalation ${escalation.escalationId}`, sessionContext(session)],
    actions: pending && canAct ? [approveEscalationAction(escalation.escalationId), denyEscalationAction(escalation.escalationId)] : [],
  };
}

/** The decision, told to the technician who asked. A refused admin scope sends them back to define the scope again. */
export function renderEscalationOutcomeForTechnician(notification: EscalationDecidedNotification): Card {
  const { session, escalation } = notification;
  const who = session.endUserEmail;
  const by = decidedBy(escalation);
  const admin = escalation.kind === 'scope_admin';
  const name = admin ? 'Admin rights' : 'Elevation';
  const details: CardSection[] = [escalationFields(session, escalation), ...(session.scope ? [scopeFields(session.scope)] : []), requestQuote(escalation), ...reasonSections(escalation)];
  const context = [`Escalation ${escalation.escalationId}`, sessionContext(session)];

  switch (escalation.status) {
    case 'approved': {
      const until = escalation.expiresAt !== null ? formatTime(escalation.expiresAt) : null;
      return {
        title: `${name} approved: ${who}`,
        summary: admin ? `${by} approved admin rights for ${who}'s session.` : `${by} approved your elevation${until ? ` until ${until}` : ''}.`,
        tone: 'success',
        sections: [
          {
            kind: 'text',
            text: admin
              ? `${by} approved admin rights for the session on ${sessionDevice(session)}. ${who} is now asked for consent; you will hear when they answer.`
              : `${by} approved your elevation${until ? ` until ${until}` : ''}. It lapses automatically${until ? ' then' : ''}; stay within what you described.`,
          },
          ...details,
        ],
        context,
        actions: [],
      };
    }
    case 'denied':
      return {
        title: `${name} denied: ${who}`,
        summary: `${by} denied your ${admin ? 'request for admin rights' : 'elevation'}.`,
        tone: 'danger',
        sections: [
          {
            kind: 'text',
            text: admin
              ? `${by} denied admin rights for this session. Define the scope again without admin rights, or talk to ${by} first.`
              : `${by} denied your elevation. Carry on within the session scope.`,
          },
          ...details,
        ],
        context,
        actions: admin ? [defineScopeAction(session.sessionId)] : [],
      };
    case 'expired':
    case 'pending':
      return {
        title: `${name} request lapsed: ${who}`,
        summary: `Your ${admin ? 'request for admin rights' : 'elevation request'} no longer applies.`,
        tone: 'neutral',
        sections: [{ kind: 'text', text: `Your ${admin ? 'request for admin rights' : 'elevation request'} was not decided and no longer applies.` }, ...details],
        context,
        actions: [],
      };
    default: {
      const unreachable: never = escalation.status;
      return unreachable;
    }
  }
}
