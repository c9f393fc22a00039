/**
 * What the end user hears about their support request before any session: it was received, who
 * took it, who has it now. Written to "you"; an observer gets the same facts in the third person and
 * no buttons, because only the end user may cancel their request.
 */
import type { Notification } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { cancelSupportAction, descriptionQuote, sessionContext, sessionFields, technicianOf } from './support-parts.js';

export type EndUserNotification = Extract<Notification, { kind: 'support.received' | 'support.claimed' | 'support.reassigned' }>;

export type EndUserViewer = 'end_user' | 'observer';

const CONSENT_FIRST = 'Nothing happens on your device until you allow it: you will see exactly what the technician may do first, and you can stop a session at any time.';

export function renderSupportEndUserUpdate(notification: EndUserNotification, viewer: EndUserViewer = 'end_user'): Card {
  const { session } = notification;
  const own = viewer === 'end_user';
  const your = own ? 'Your' : `${session.endUserEmail}'s`;
  const tech = technicianOf(session);
  const details = [sessionFields(session), descriptionQuote(session)];
  const context = [sessionContext(session)];

  switch (notification.kind) {
    case 'support.received':
      return {
        title: own ? 'Support request received' : `Support request received: ${session.endUserEmail}`,
        summary: `${your} support request was received; a technician will pick it up.`,
        tone: 'pending',
        sections: [
          {
            kind: 'text',
            text: own ? `We got your request. The support team has been told and a technician will contact you here. ${CONSENT_FIRST}` : `${your} request was received and the support team has been told.`,
          },
          ...details,
        ],
        context,
        actions: own ? [cancelSupportAction(session.sessionId)] : [],
      };
    case 'support.claimed':
      return {
        title: `${tech} will help ${own ? 'you' : session.endUserEmail}`,
        summary: `${your} support request was claimed by ${tech}.`,
        tone: 'info',
        sections: [
          {
            kind: 'text',
            text: own
              ? `${tech} will help you. They record what they need to do on your device, then ask for your consent here before anything starts.`
              : `${tech} claimed ${your} request.`,
          },
          ...details,
        ],
        context,
        actions: [],
      };
    case 'support.reassigned': {
      const from = notification.fromEmail ? ` (instead of ${notification.fromEmail})` : '';
      return {
        title: `New technician: ${tech}`,
        summary: `${your} support request is now with ${tech}.`,
        tone: 'info',
        sections: [
          {
            kind: 'text',
            text: own
              ? `Your request is now with ${tech}${from}. Anything you were asked to allow before no longer applies: ${tech} will ask for your consent again before anything starts.`
              : `${your} request is now with ${tech}${from}.`,
          },
          ...details,
        ],
        context,
        actions: [],
      };
    }
    default: {
      const unreachable: never = notification;
      return unreachable;
    }
  }
}
