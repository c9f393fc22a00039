/**
 * The notifier for a configuration: every configured chat platform (Slack, Teams), else the log.
 * Built the same way on the request thread (inline effects) and in the delivery worker; nothing here
 * loads the Teams SDK (Teams delivery is plain HTTP to the Bot Connector).
 */
import type { WebClient } from '@slack/web-api';
import type { Clock, Logger, Notifier } from './core/ports.js';
import type { Policy } from './core/policy.js';
import type { Config } from './config.js';
import { recipientKey } from './chat/card-families.js';
import type { MessageRefStore } from './chat/chat-ports.js';
import { createLogNotifier } from './runtime/log-notifier.js';
import { createSlackWebClient } from './slack/slack-client-options.js';
import { createSlackIdentity, type SlackIdentity } from './slack/slack-identity.js';
import { createSlackNotifier } from './slack/slack-notifier.js';
import { createConversationRefStore, createIdentityStore, createMessageRefStore } from './store/chat-repositories.js';
import type { Db } from './store/open-database.js';
import { createSqliteStore } from './store/sqlite-store.js';
import { createBotConnectorClient } from './teams/bot-connector-client.js';
import { createBotTokenClient } from './teams/bot-token-client.js';
import { createRoutingNotifier } from './teams/routing-notifier.js';
import { createTeamsNotifier, type PlatformDelivery } from './teams/teams-notifier.js';
import { teamsSettings } from './teams/teams-settings.js';
import { escapeMrkdwn } from '../views/slack/escape-mrkdwn.js';

export interface SlackParts {
  client: WebClient;
  identity: SlackIdentity;
  notifier: Notifier;
}

export interface NotifierDeps {
  db: Db;
  policy: () => Policy;
  clock: Clock;
  logger: Logger;
  /** The Slack surface's own client, identity and notifier, when the caller already built them. */
  slack?: SlackParts;
  /** Where delivered messages are recorded (default: straight to the database). */
  messages?: MessageRefStore;
}

function composeSlack(config: Config, deps: NotifierDeps): SlackParts | null {
  if (deps.slack) return deps.slack;
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return null;
  const client = createSlackWebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL);
  const identity = createSlackIdentity({ client, identities: createIdentityStore(deps.db), policy: deps.policy, clock: deps.clock, logger: deps.logger });
  return { client, identity, notifier: createSlackNotifier({ client, identity, messages: deps.messages ?? createMessageRefStore(deps.db), policy: deps.policy, clock: deps.clock, logger: deps.logger }) };
}

/** Slack as one platform among several: a person Slack does not know, or a channel with no Slack id, is unreachable there. */
function slackDelivery(slack: SlackParts, messages: MessageRefStore, deps: NotifierDeps): PlatformDelivery {
  return {
    platform: 'slack',
    async deliver(recipient, notification, effectId) {
      const reachable = recipient.kind === 'person' ? (await slack.identity.userIdFor(recipient.email)) !== null : Boolean(deps.policy().channels[recipient.channel]?.slack);
      if (!reachable) return 'unreachable';
      await slack.notifier.deliver(recipient, notification, effectId);
      return 'sent';
    },
    async reply(reply, effectId) {
      await slack.notifier.reply(reply, effectId);
      return 'sent';
    },
    async notice(email, text, effectId) {
      const key = recipientKey({ kind: 'person', email });
      if (messages.forEffect('slack', effectId, key)) return 'sent';
      const userId = await slack.identity.userIdFor(email);
      if (!userId) return 'unreachable';
      const opened = await slack.client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      const posted = await slack.client.chat.postMessage({ channel, text: escapeMrkdwn(text), unfurl_links: false, unfurl_media: false });
      messages.record({ platform: 'slack', effectId, subject: `effect:${effectId}`, recipient: key, kind: 'notice', conversationId: channel, messageId: posted.ts ?? '', createdAt: deps.clock.now() });
      return 'sent';
    },
  };
}

export function composeNotifier(config: Config, deps: NotifierDeps): Notifier {
  const slack = composeSlack(config, deps);
  const teams = teamsSettings(config);
  // Slack alone keeps Slack's own notifier exactly as it was.
  if (!teams) return slack?.notifier ?? createLogNotifier(deps.logger);
  const messages = deps.messages ?? createMessageRefStore(deps.db);
  const connector = createBotConnectorClient(createBotTokenClient(teams));
  const platforms: PlatformDelivery[] = [
    ...(slack ? [slackDelivery(slack, messages, deps)] : []),
    createTeamsNotifier({ connector, conversations: createConversationRefStore(deps.db), messages, policy: deps.policy, clock: deps.clock, logger: deps.logger }),
  ];
  return createRoutingNotifier({ platforms, store: createSqliteStore(deps.db, deps.clock), logger: deps.logger });
}
