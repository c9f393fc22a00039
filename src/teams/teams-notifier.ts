/**
 * Delivers engine notifications to Teams through stored conversation references. Cards that live on
 * (chat/card-families) are replaced on every copy with PUT; everything else is a new activity.
 * Deliveries are keyed by outbox effect id, so a retried effect does not post twice. Plain HTTP
 * (no botbuilder), so it runs in the delivery worker.
 */
import { familiesUpdatedBy, familyOpenedBy, recipientKey, THREADED_UNDER } from '../chat/card-families.js';
import type { ConversationRefStore, MessageRefStore } from '../chat/chat-ports.js';
import { notificationSubject, type Notification, type Recipient } from '../core/notifications.js';
import type { PrivateReply } from '../core/effects.js';
import type { Clock, Logger } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import { expandPrincipals } from '../core/principals.js';
import { renderNotificationForTeams } from '../../views/teams/teams-notification.js';
import { escapeCardMarkdown, unescapeCardMarkdown } from '../../views/teams/escape-markdown.js';
import { replacedCopyCard } from '../../views/cards/replaced-copy-card.js';
import { renderAdaptiveCard, type TeamsFormDefaults, type TeamsMessage } from '../../views/teams/render-adaptive-card.js';
import type { BotConnectorClient, TeamsAddress } from './bot-connector-client.js';

export type DeliveryOutcome = 'sent' | 'unreachable';

/** One chat platform as the routing notifier sees it. */
export interface PlatformDelivery {
  platform: 'slack' | 'teams';
  deliver(recipient: Recipient, notification: Notification, effectId: number): Promise<DeliveryOutcome>;
  /** A plain sentence to one person, at most once per effect. */
  notice(email: string, text: string, effectId: number): Promise<DeliveryOutcome>;
  /** A private reply to someone who acted on this platform (see PrivateReply). */
  reply(reply: PrivateReply, effectId: number): Promise<DeliveryOutcome>;
}

export interface TeamsNotifierDeps {
  connector: BotConnectorClient;
  conversations: ConversationRefStore;
  messages: MessageRefStore;
  policy: () => Policy;
  clock: Clock;
  logger: Logger;
}

/** An Adaptive Card as a Bot Framework message activity. */
export function cardActivity(message: TeamsMessage): Record<string, unknown> {
  return {
    type: 'message',
    summary: unescapeCardMarkdown(message.text),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: message.card }],
  };
}

/** Facts only the policy knows that inline forms prefill (default prohibited actions, technicians). */
function formDefaults(policy: Policy, notification: Notification): TeamsFormDefaults {
  const support = policy.support;
  if (!support || !('session' in notification)) return {};
  const session = notification.session;
  return {
    defaultProhibited: support.prohibitedActions,
    technicians: expandPrincipals(policy, support.technicians, null).filter((t) => t !== session.endUserEmail && t !== session.technicianEmail),
  };
}

export function createTeamsNotifier(deps: TeamsNotifierDeps): PlatformDelivery {
  const addressOf = (conversationId: string): TeamsAddress | null => {
    const ref = deps.conversations.byId('teams', conversationId) ?? deps.conversations.latest('teams');
    return ref ? { serviceUrl: ref.serviceUrl, conversationId } : null;
  };

  /** Where a new message to this recipient goes: their personal chat, or the policy's Teams channel. */
  const destination = (recipient: Recipient): TeamsAddress | null => {
    if (recipient.kind === 'person') {
      const ref = deps.conversations.personal('teams', recipient.email);
      return ref ? { serviceUrl: ref.serviceUrl, conversationId: ref.conversationId } : null;
    }
    const channel = deps.policy().channels[recipient.channel]?.teams;
    // A channel the bot has not heard from yet is reached through the service URL of its tenant.
    return channel ? addressOf(channel) : null;
  };

  const record = (effectId: number, key: string, subject: string, kind: string, conversationId: string, messageId: string) =>
    deps.messages.record({ platform: 'teams', effectId, subject, recipient: key, kind, conversationId, messageId, createdAt: deps.clock.now() });

  const notice = async (email: string, text: string, effectId: number): Promise<DeliveryOutcome> => {
    const key = recipientKey({ kind: 'person', email });
    if (deps.messages.forEffect('teams', effectId, key)) return 'sent';
    const to = destination({ kind: 'person', email });
    if (!to) return 'unreachable';
    const posted = await deps.connector.send(to, { type: 'message', textFormat: 'markdown', text: escapeCardMarkdown(text) });
    record(effectId, key, `effect:${effectId}`, 'notice', to.conversationId, posted.id);
    return 'sent';
  };

  return {
    platform: 'teams',
    async deliver(recipient, notification, effectId) {
      const key = recipientKey(recipient);
      if (deps.messages.forEffect('teams', effectId, key)) return 'sent';
      const activity = cardActivity(renderNotificationForTeams(notification, recipient, formDefaults(deps.policy(), notification)));

      const families = familiesUpdatedBy(notification, recipient);
      const copies = families.flatMap((family) =>
        deps.messages.find('teams', family.subject(notification), family.kind).filter((ref) => ref.recipient === key),
      );
      const alsoPostNew = families.some((family) => family.alsoPostNew);
      const replaced = alsoPostNew ? replacedCopyCard(notification) : null;
      const copyActivity = replaced ? cardActivity(renderAdaptiveCard(replaced)) : activity;
      let updated = 0;
      for (const copy of copies) {
        const address = addressOf(copy.conversationId);
        if (!address) continue;
        await deps.connector.update(address, copy.messageId, copyActivity);
        updated++;
      }
      if (updated > 0 && !alsoPostNew) {
        record(effectId, key, copies[0]!.subject, 'card_update', copies[0]!.conversationId, copies[0]!.messageId);
        return 'sent';
      }

      const to = destination(recipient);
      if (!to) return 'unreachable';
      const threadFamily = THREADED_UNDER[notification.kind];
      const parent = threadFamily ? deps.messages.find('teams', notificationSubject(notification), threadFamily).find((ref) => ref.conversationId === to.conversationId) : undefined;
      // A reply in a Teams channel thread is a message to the conversation id with the thread's root appended.
      const target = parent ? { ...to, conversationId: `${to.conversationId};messageid=${parent.messageId}` } : to;
      const posted = await deps.connector.send(target, activity);
      const family = familyOpenedBy(notification, recipient);
      record(effectId, key, family ? family.subject(notification) : notificationSubject(notification), family?.kind ?? 'message', to.conversationId, posted.id);
      return 'sent';
    },
    // Teams answers refusals inside the invoke response; a queued reply goes to their personal chat.
    async reply(reply, effectId) {
      return reply.email === null ? 'unreachable' : notice(reply.email, reply.text, effectId);
    },
    notice,
  };
}
