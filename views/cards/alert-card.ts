/** Alerts for the audit channel when a provider keeps failing: access may be missing, or worse, still live. */
import type { Notification } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { requestContext, requestFields, resourceLabel } from './card-parts.js';

export type AlertNotification = Extract<Notification, { kind: 'access.revoke_failing' | 'access.provision_failing' }>;

export function renderAlertCard(notification: AlertNotification): Card {
  const { request, failures } = notification;
  const resource = resourceLabel(request);
  const who = request.requesterEmail;
  const times = failures === 1 ? 'once' : `${failures} times`;
  const revoke = notification.kind === 'access.revoke_failing';
  const text = revoke
    ? `Removing ${who}'s access to ${resource} has failed ${times}. Gatehouse keeps retrying, but until it succeeds the access may still be live: check the provider.`
    : `Setting up ${who}'s access to ${resource} has failed ${times}. Gatehouse keeps retrying; the requester is waiting.`;
  return {
    title: `⚠️ ${revoke ? 'Revocation' : 'Provisioning'} failing: ${request.resourceName}`,
    summary: `${revoke ? 'Revoking' : 'Provisioning'} ${who}'s access to ${resource} failed ${times}.`,
    // A failing revoke leaves access in place: that is the more dangerous of the two.
    tone: revoke ? 'danger' : 'warning',
    sections: [
      { kind: 'text', text },
      requestFields(request, [{ label: 'Failures', value: String(failures) }]),
      // Provider error text is untrusted (it may echo anything), so it is quoted and escaped like user text.
      { kind: 'quote', label: 'Last error', text: notification.lastError === '' ? '(no error message)' : notification.lastError },
    ],
    context: [`Grant ${notification.grantId}`, requestContext(request)],
    actions: [],
  };
}
