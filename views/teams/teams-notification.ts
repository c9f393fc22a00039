/** What the Teams notifier posts (or puts in place of an earlier copy) for one engine notification and one recipient. */
import type { Notification, Recipient } from '../../src/core/notifications.js';
import { cardForNotification } from '../cards/notification-card.js';
import type { TeamsFormDefaults } from './action-forms.js';
import { renderAdaptiveCard, type TeamsMessage } from './render-adaptive-card.js';

/** Form prefills the notification itself knows: the session's device and who it is for. */
function sessionDefaults(notification: Notification): TeamsFormDefaults {
  const session = 'session' in notification ? notification.session : notification.kind === 'support.closed' ? notification.closure : null;
  return session ? { device: session.device, documentationSummary: `${session.endUserEmail}: ${session.description}` } : {};
}

/**
 * `forms` adds what only the policy knows (default prohibited actions, technicians); the transport
 * passes it when it has it, and the forms still work without it.
 */
export function renderNotificationForTeams(notification: Notification, recipient: Recipient, forms: TeamsFormDefaults = {}): TeamsMessage {
  return renderAdaptiveCard(cardForNotification(notification, recipient), { forms: { ...sessionDefaults(notification), ...forms } });
}
