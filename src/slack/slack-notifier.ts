/**
 * Delivers engine notifications to Slack. A decision on a request edits every approval card already
 * posted for it (each approver's DM and the approvals channel) instead of posting new ones; the
 * requester gets a new DM at every step. Deliveries are keyed by outbox effect id, so a retried
 * effect does not post twice.
 */
import type { WebClient } from '@slack/web-api';
import type { MessageRefStore } from '../chat/chat-ports.js';
import { notificationSubject, type Notification, type Recipient } from '../core/notifications.js';
import type { Clock, Logger, Notifier } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import { renderNotificationForSlack } from '../../views/slack/slack-notification.js';
import type { SlackIdentity } from './slack-identity.js';

const APPROVAL_CARD = 'approval_card';
/** Kinds that re-render the approval card for approvers and the approvals channel. */
const APPROVAL_CARD_UPDATES = new Set<Notification['kind']>([
  'access.approval_recorded',
  'access.approved',
  'access.denied',
  'access.cancelled',
  'access.request_expired',
]);

export function recipientKey(recipient: Recipient): string {
  return recipient.kind === 'person' ? `person:${recipient.email}` : `channel:${recipient.channel}`;
}

function requesterOf(notification: Notification): string {
  return 'summary' in notification ? notification.summary.requesterEmail : notification.request.requesterEmail;
}

export interface SlackNotifierDeps {
  client: WebClient;
  identity: SlackIdentity;
  messages: MessageRefStore;
  policy: () => Policy;
  clock: Clock;
  logger: Logger;
}

export function createSlackNotifier(deps: SlackNotifierDeps): Notifier {
  const dmChannels = new Map<string, string>();

  const conversationFor = async (recipient: Recipient): Promise<string | null> => {
    if (recipient.kind === 'channel') return deps.policy().channels[recipient.channel]?.slack ?? null;
    const userId = await deps.identity.userIdFor(recipient.email);
    if (!userId) return null;
    const known = dmChannels.get(userId);
    if (known) return known;
    const opened = await deps.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    dmChannels.set(userId, id);
    return id;
  };

  return {
    async deliver(recipient, notification, effectId) {
      const key = recipientKey(recipient);
      if (deps.messages.forEffect('slack', effectId, key)) return;
      const subject = notificationSubject(notification);
      const { text, blocks } = renderNotificationForSlack(notification, recipient);
      const toRequester = recipient.kind === 'person' && recipient.email === requesterOf(notification);
      const record = (kind: string, conversationId: string, messageId: string) =>
        deps.messages.record({ platform: 'slack', effectId, subject, recipient: key, kind, conversationId, messageId, createdAt: deps.clock.now() });

      if (!toRequester && APPROVAL_CARD_UPDATES.has(notification.kind)) {
        const copies = deps.messages.find('slack', subject, APPROVAL_CARD).filter((ref) => ref.recipient === key);
        for (const copy of copies) {
          await deps.client.chat.update({ channel: copy.conversationId, ts: copy.messageId, text, blocks });
        }
        if (copies.length > 0) {
          record('approval_card_update', copies[0]!.conversationId, copies[0]!.messageId);
          return;
        }
      }

      const channel = await conversationFor(recipient);
      if (!channel) {
        // Not on Slack (or no channel configured): nothing to retry. Logged so an operator can see it.
        deps.logger.warn('slack.unreachable', { recipient: key, kind: notification.kind, effectId });
        return;
      }
      const posted = await deps.client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false });
      if (!posted.ts || !posted.channel) throw new Error('chat.postMessage returned no ts');
      const kind = notification.kind === 'access.approval_needed' ? APPROVAL_CARD : 'message';
      record(kind, posted.channel, posted.ts);
    },
  };
}
