/**
 * The Slack surface: a Bolt app on our verifying receiver (HTTP) or on Socket Mode, its listeners,
 * and the notifier that delivers engine notifications through the Web API.
 */
import { App, LogLevel } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { IdentityStore, InboundDedup, MessageRefStore } from '../chat/chat-ports.js';
import type { Engine } from '../core/create-engine.js';
import type { Clock, Logger, Notifier } from '../core/ports.js';
import type { EffectsPump } from '../runtime/effects-pump.js';
import { registerAccessActions } from './listeners/access-actions.js';
import { registerAppHome } from './listeners/app-home.js';
import { registerModalSubmissions } from './listeners/modal-submissions.js';
import { registerNeedSupportCommand } from './listeners/need-support-command.js';
import { registerRequestAccessCommand } from './listeners/request-access-command.js';
import { registerSupportActions } from './listeners/support-actions.js';
import { registerSupportModals } from './listeners/support-modals.js';
import type { SlackContext } from './slack-context.js';
import { createSlackIdentity, type SlackIdentity } from './slack-identity.js';
import { createSlackNotifier } from './slack-notifier.js';
import { slackClientOptions } from './slack-client-options.js';
import { SlackHttpReceiver } from './slack-receiver.js';
import { createListenerRouter } from './listener-router.js';
import { systemClock } from '../runtime/system-clock.js';

export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  /** Set: Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base URL override (proxies, tests, the sandbox); must end with `/api/`. */
  apiUrl?: string;
}

export interface SlackSurface {
  app: App;
  client: WebClient;
  identity: SlackIdentity;
  notifier: Notifier;
  /** The handler for POST /slack/events (HTTP mode only). */
  receiver: SlackHttpReceiver | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackDeps {
  settings: SlackSettings;
  engine: () => Engine;
  pump: EffectsPump;
  identities: IdentityStore;
  messages: MessageRefStore;
  dedup: InboundDedup;
  /** The engine's clock, for remembered identities and message records; signatures use real time. */
  clock: Clock;
  logger: Logger;
}

/** Bolt's logger, forwarded to our JSON log without the chatter of debug output. */
function boltLogger(logger: Logger) {
  return {
    debug: () => {},
    info: (...msg: unknown[]) => logger.info('bolt', { message: msg.map(String).join(' ') }),
    warn: (...msg: unknown[]) => logger.warn('bolt', { message: msg.map(String).join(' ') }),
    error: (...msg: unknown[]) => logger.error('bolt', { message: msg.map(String).join(' ') }),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

export function createSlackSurface(deps: SlackDeps): SlackSurface {
  const { settings, logger } = deps;
  const receiver = settings.appToken ? null : new SlackHttpReceiver({ signingSecret: settings.signingSecret, clock: systemClock, logger, dedup: deps.dedup });
  const clientOptions = slackClientOptions(settings.apiUrl);
  const app = new App({
    token: settings.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: settings.appToken, signingSecret: settings.signingSecret }),
    clientOptions,
    logger: boltLogger(logger),
    // Bolt's conversation store is unused here; its default in-memory store looks every request's
    // channel up and, finding nothing, builds and throws away an Error each time.
    convoStore: false,
  });
  const client = app.client;
  const policy = () => deps.engine().deps.policy();
  const identity = createSlackIdentity({ client, identities: deps.identities, policy, clock: deps.clock, logger });
  const notifier = createSlackNotifier({ client, identity, messages: deps.messages, policy, clock: deps.clock, logger });
  const ctx: SlackContext = {
    get engine() {
      return deps.engine();
    },
    identity,
    pump: deps.pump,
    logger,
  };
  const listeners = createListenerRouter(app);
  registerRequestAccessCommand(listeners, ctx);
  registerAppHome(listeners, ctx);
  registerAccessActions(listeners, ctx);
  registerModalSubmissions(listeners, ctx);
  registerNeedSupportCommand(listeners, ctx);
  registerSupportActions(listeners, ctx);
  registerSupportModals(listeners, ctx);
  app.error(async (error) => {
    logger.error('slack.error', { code: (error as { code?: string }).code, error: error.message });
  });
  return {
    app,
    client,
    identity,
    notifier,
    receiver,
    start: async () => {
      if (!receiver) await app.start();
    },
    stop: async () => {
      if (!receiver) await app.stop();
    },
  };
}
