/** What the Slack notifier posts (or edits in place) for one engine notification and one recipient. */
import type { Notification, Recipient } from '../../src/core/notifications.js';
import { cardForNotification } from '../cards/notification-card.js';
import type { SlackMessage } from './block-kit-types.js';
import { renderSlackMessage } from './render-block-kit.js';

export function renderNotificationForSlack(notification: Notification, recipient: Recipient): SlackMessage {
  return renderSlackMessage(cardForNotification(notification, recipient));
}
