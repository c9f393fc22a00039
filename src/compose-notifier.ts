/**
 * The notifier for a configuration: Slack when it is configured, the log otherwise. Built the same
 * way on the request thread (inline effects) and in the delivery worker.
 */
import type { Clock, Logger, Notifier } from './core/ports.js';
import type { Policy } from './core/policy.js';
import type { Config } from './config.js';
import { createLogNotifier } from './runtime/log-notifier.js';
import { createSlackWebClient } from './slack/slack-client-options.js';
import { createSlackIdentity } from './slack/slack-identity.js';
import { createSlackNotifier } from './slack/slack-notifier.js';
import { createIdentityStore, createMessageRefStore } from './store/chat-repositories.js';
import type { Db } from './store/open-database.js';

export function composeNotifier(config: Config, deps: { db: Db; policy: () => Policy; clock: Clock; logger: Logger }): Notifier {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return createLogNotifier(deps.logger);
  const client = createSlackWebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL);
  const identity = createSlackIdentity({ client, identities: createIdentityStore(deps.db), policy: deps.policy, clock: deps.clock, logger: deps.logger });
  return createSlackNotifier({ client, identity, messages: createMessageRefStore(deps.db), policy: deps.policy, clock: deps.clock, logger: deps.logger });
}
