/**
 * What the technician hears before the session starts: they own it and must record the scope, it
 * moved to someone else, the end user answered. Define scope is offered only to the current owner.
 */
import type { Notification } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { describeScope } from '../text/support-text.js';
import { defineScopeAction, descriptionQuote, scopeSections, sessionContext, sessionDevice, sessionFields, technicianOf } from './support-parts.js';

export type TechnicianNotification = Extract<Notification, { kind: 'support.claimed' | 'support.reassigned' }>;
export type ConsentOutcomeNotification = Extract<Notification, { kind: 'support.consent_answered' | 'support.consent_expired' }>;

const SCOPE_FIRST =
  'Record the scope before anything starts: the device, view only or control, whether you need admin rights, and what is prohibited. The end user sees exactly that before they consent.';

/** To the technician who now owns the session: claimed by them, or handed to them. */
export function renderTechnicianAssignedCard(notification: TechnicianNotification): Card {
  const { session } = notification;
  const who = session.endUserEmail;
  const lead =
    notification.kind === 'support.claimed'
      ? `You claimed ${who}'s request.`
      : `${notification.byEmail} reassigned ${who}'s request to you${notification.fromEmail ? ` from ${notification.fromEmail}` : ''}. Any scope recorded before no longer applies.`;
  return {
    title: `${notification.kind === 'support.claimed' ? 'You claimed' : 'Reassigned to you'}: support for ${who}`,
    summary: `You are ${who}'s technician; record the scope before anything starts.`,
    tone: 'pending',
    sections: [{ kind: 'text', text: `${lead} ${SCOPE_FIRST}` }, sessionFields(session), descriptionQuote(session)],
    context: [sessionContext(session)],
    actions: [defineScopeAction(session.sessionId)],
  };
}

/** To the technician a lead took the session away from: nothing left for them to do. */
export function renderReassignedAwayCard(notification: Extract<Notification, { kind: 'support.reassigned' }>): Card {
  const { session } = notification;
  const who = session.endUserEmail;
  const tech = technicianOf(session);
  return {
    title: `Reassigned: support for ${who}`,
    summary: `${notification.byEmail} reassigned ${who}'s request to ${tech}.`,
    tone: 'neutral',
    sections: [
      { kind: 'text', text: `${notification.byEmail} reassigned ${who}'s request to ${tech}. It is no longer yours: nothing left for you to do, and its earlier buttons no longer work for you.` },
      sessionFields(session),
      descriptionQuote(session),
    ],
    context: [sessionContext(session)],
    actions: [],
  };
}

/** How the end user answered (or did not), told to the technician and anyone else who is not the end user. */
export function renderConsentOutcomeCard(notification: ConsentOutcomeNotification, viewer: 'technician' | 'observer' = 'technician'): Card {
  const { session } = notification;
  const who = session.endUserEmail;
  const device = sessionDevice(session);
  const own = viewer === 'technician';
  const scope = session.scope ? ` (${describeScope(session.scope)})` : '';
  const details = [...scopeSections(session.scope), sessionFields(session), descriptionQuote(session)];
  const context = [sessionContext(session)];

  if (notification.kind === 'support.consent_expired') {
    return {
      title: `Consent expired: ${who}`,
      summary: `${who} did not answer the consent request in time; the session will not start.`,
      tone: 'neutral',
      sections: [{ kind: 'text', text: `${who} did not answer in time, so the session on ${device} will not start and nothing was set up.${own ? ' Contact them if they still need help.' : ''}` }, ...details],
      context,
      actions: [],
    };
  }
  if (notification.allowed) {
    return {
      title: `Consent given: ${who}`,
      summary: `${who} allowed the session on ${device}.`,
      tone: 'success',
      sections: [
        {
          kind: 'text',
          text: `${who} allowed the session on ${device}${scope}. ${own ? 'Your' : `${technicianOf(session)}'s`} access is being set up; the session controls arrive in a separate message when it is live.`,
        },
        ...details,
      ],
      context,
      actions: [],
    };
  }
  return {
    title: `Consent declined: ${who}`,
    summary: `${who} declined the session on ${device}.`,
    tone: 'neutral',
    sections: [{ kind: 'text', text: `${who} declined the session on ${device}${scope}. Nothing was set up.${own ? ' Contact them if they still need help.' : ''}` }, ...details],
    context,
    actions: [],
  };
}
