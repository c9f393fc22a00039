/**
 * Delivers engine notifications to Slack. Cards that live on (see chat/card-families) are edited in
 * place on every copy; everything else is a new message. Deliveries are keyed by outbox effect id,
 * so a retried effect does not post twice.
 */
import type { WebClient } from '@slack/web-api';
import { familiesUpdatedBy, familyOpenedBy, recipientKey, THREADED_UNDER } from '../chat/card-families.js';
import type { MessageRefStore } from '../chat/chat-ports.js';
import { notificationSubject, type Recipient } from '../core/notifications.js';
import type { Clock, Logger, Notifier } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import { replacedCopyCard } from '../../views/cards/replaced-copy-card.js';
import { renderSlackMessage } from '../../views/slack/render-block-kit.js';
import { renderNotificationForSlack } from '../../views/slack/slack-notification.js';
import { escapeMrkdwn } from '../../views/slack/escape-mrkdwn.js';
import type { SlackIdentity } from './slack-identity.js';

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
    return userId ? directConversation(userId) : null;
  };

  const directConversation = async (userId: string): Promise<string> => {
    const known = dmChannels.get(userId);
    if (known) return known;
    const opened = await deps.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    dmChannels.set(userId, id);
    return id;
  };

  return {
    async reply(reply, effectId) {
      const key = `user:${reply.userId}`;
      if (deps.messages.forEffect('slack', effectId, key)) return;
      const channel = reply.conversationId ?? (await directConversation(reply.userId));
      // Ephemeral: only the person who acted sees it, in the conversation where they acted.
      const posted = await deps.client.chat.postEphemeral({ channel, user: reply.userId, text: escapeMrkdwn(reply.text) });
      deps.messages.record({ platform: 'slack', effectId, subject: `effect:${effectId}`, recipient: key, kind: 'reply', conversationId: channel, messageId: posted.message_ts ?? '', createdAt: deps.clock.now() });
    },
    async deliver(recipient, notification, effectId) {
      const key = recipientKey(recipient);
      if (deps.messages.forEffect('slack', effectId, key)) return;
      const { text, blocks } = renderNotificationForSlack(notification, recipient);
      const record = (subject: string, kind: string, conversationId: string, messageId: string) =>
        deps.messages.record({ platform: 'slack', effectId, subject, recipient: key, kind, conversationId, messageId, createdAt: deps.clock.now() });

      const families = familiesUpdatedBy(notification, recipient);
      const copies = families.flatMap((family) =>
        deps.messages.find('slack', family.subject(notification), family.kind).filter((ref) => ref.recipient === key),
      );
      const alsoPostNew = families.some((family) => family.alsoPostNew);
      const replaced = alsoPostNew ? replacedCopyCard(notification) : null;
      const copyMessage = replaced ? renderSlackMessage(replaced) : { text, blocks };
      for (const copy of copies) {
        await deps.client.chat.update({ channel: copy.conversationId, ts: copy.messageId, text: copyMessage.text, blocks: copyMessage.blocks });
      }
      if (copies.length > 0 && !alsoPostNew) {
        record(copies[0]!.subject, 'card_update', copies[0]!.conversationId, copies[0]!.messageId);
        return;
      }

      const channel = await conversationFor(recipient);
      if (!channel) {
        // Not on Slack (or no channel configured): nothing to retry. Logged so an operator can see it.
        deps.logger.warn('slack.unreachable', { recipient: key, kind: notification.kind, effectId });
        return;
      }
      const threadFamily = THREADED_UNDER[notification.kind];
      const parent = threadFamily ? deps.messages.find('slack', notificationSubject(notification), threadFamily).find((ref) => ref.conversationId === channel) : undefined;
      const posted = await deps.client.chat.postMessage({
        channel,
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(parent ? { thread_ts: parent.messageId } : {}),
      });
      if (!posted.ts || !posted.channel) throw new Error('chat.postMessage returned no ts');
      const family = familyOpenedBy(notification, recipient);
      record(family ? family.subject(notification) : notificationSubject(notification), family?.kind ?? 'message', posted.channel, posted.ts);
    },
  };
}
