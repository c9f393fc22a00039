/**
 * The card an earlier message becomes when a card family replaces its copies and posts the news as
 * a new message (`alsoPostNew`); null where the family shows the notification itself.
 */
import type { Notification } from '../../src/core/notifications.js';
import type { Card } from '../card-model.js';
import { renderDecidedRequestCopy } from './decided-request-copy.js';
import { renderEndedGrantCopy } from './ended-grant-copy.js';

export function replacedCopyCard(notification: Notification): Card | null {
  switch (notification.kind) {
    case 'access.closed':
      return renderEndedGrantCopy(notification.summary);
    case 'access.approved':
    case 'access.denied':
    case 'access.cancelled':
    case 'access.request_expired':
      return renderDecidedRequestCopy(notification);
    default:
      return null;
  }
}
