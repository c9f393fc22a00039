/**
 * The audit-channel alert when the support provider keeps failing for a session. Like the access
 * alerts: a failing removal leaves a technician's reach into someone's device in place, so it is
 * the louder of the two.
 */
import type { Notification } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { descriptionQuote, sessionContext, sessionDevice, sessionFields, technicianOf } from './support-parts.js';

export type SupportAlertNotification = Extract<Notification, { kind: 'support.access_failing' }>;

export function renderSupportAlertCard(notification: SupportAlertNotification): Card {
  const { session, failures } = notification;
  const who = session.endUserEmail;
  const tech = technicianOf(session);
  const device = sessionDevice(session);
  const times = failures === 1 ? 'once' : `${failures} times`;
  // The notification does not say which step fails; the session does: access is removed only once it has ended.
  const revoke = session.status === 'ended';
  const text = revoke
    ? `Removing ${tech}'s access to ${who}'s ${device} has failed ${times}. Gatehouse keeps retrying, but until it succeeds the access may still be live: check the support provider.`
    : `Setting up ${tech}'s access to ${who}'s ${device} has failed ${times}. Gatehouse keeps retrying; ${who} and ${tech} are waiting.`;
  return {
    title: `⚠️ Support ${revoke ? 'revocation' : 'access'} failing: ${who}`,
    summary: `${revoke ? 'Revoking' : 'Setting up'} ${tech}'s access to ${who}'s ${device} failed ${times}.`,
    tone: revoke ? 'danger' : 'warning',
    sections: [
      { kind: 'text', text },
      sessionFields(session, [{ label: 'Failures', value: String(failures) }]),
      // Provider error text is untrusted (it may echo anything), so it is quoted and escaped like user text.
      { kind: 'quote', label: 'Last error', text: notification.lastError === '' ? '(no error message)' : notification.lastError },
      descriptionQuote(session),
    ],
    context: [sessionContext(session)],
    actions: [],
  };
}
