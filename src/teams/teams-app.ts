/**
 * The Teams surface: a teams-ai `Application` on a botbuilder adapter whose inbound token checks and
 * outbound credentials follow our settings. Loaded with `import()` only when Teams is on, so a
 * Slack-only process never pays for botbuilder. Transport only: verify, remember where people can be
 * reached, parse, and hand over to `commands/`.
 */
import type { TurnState } from '@microsoft/teams-ai';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { ConversationRefStore, IdentityStore } from '../chat/chat-ports.js';
import type { Engine } from '../core/create-engine.js';
import type { Clock, Logger } from '../core/ports.js';
import type { EffectsPump } from '../runtime/effects-pump.js';
import { GatehouseCredentialsFactory } from './bot-credentials.js';
import type { BotConnectorClient, TeamsAddress } from './bot-connector-client.js';
import type { BotTokenClient } from './bot-token-client.js';
import { refuseInput } from '../../commands/command-result.js';
import type { Actor } from '../core/types.js';
import { executeDataSchema, type InboundActivity } from './teams-activity.js';
import { MODAL } from '../../views/action-ids.js';
import { OPEN_REQUEST_FORM_VERBS, TEAMS_ACTIONS } from './teams-actions.js';
import { runChatCommand } from './teams-chat-commands.js';
import { textReply, type TeamsChatViews } from './teams-chat-views.js';
import { createTeamsIdentity, describeUnknownTeamsPerson, type TeamsPerson } from './teams-identity.js';
import { BOT_FRAMEWORK_DEFAULTS, type TeamsSettings } from './teams-settings.js';

export interface TeamsAppDeps {
  settings: TeamsSettings;
  tokens: BotTokenClient;
  connector: BotConnectorClient;
  engine: () => Engine;
  pump: EffectsPump;
  identities: IdentityStore;
  conversations: ConversationRefStore;
  views: TeamsChatViews;
  clock: Clock;
  logger: Logger;
}

export type TeamsTurnResult = { status: 'unauthorized' } | { status: 'wrong_tenant' } | { status: 'ok'; invoke: { status: number; body?: unknown } | null };

export interface TeamsApp {
  /** Verifies the Bot Framework token (unless running unauthenticated) and runs the turn. */
  process(authorization: string, activity: InboundActivity): Promise<TeamsTurnResult>;
}

/** The adapter, with the token check split from the turn so a refusal is answered by us, not reported as a crash. */
class GatehouseAdapter extends TeamsAdapter {
  authenticate(activity: Activity, authorization: string) {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  run(auth: Awaited<ReturnType<GatehouseAdapter['authenticate']>>, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

const conversationTypeOf = (activity: Activity): 'personal' | 'channel' | 'groupChat' => {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
};

/** A channel reply's conversation id carries `;messageid=...`: the channel itself is the part before. */
const baseConversationId = (id: string) => id.split(';')[0]!;

/** Forms whose success sends the sender a card of its own (access: Request sent; support: received), by the form's title. */
const FORMS_ANSWERED_BY_THEIR_CARD = new Map<string, string>([
  [MODAL.request, 'Request access'],
  [MODAL.needSupport, 'Get support'],
]);

export function createTeamsApp(deps: TeamsAppDeps): TeamsApp {
  const { settings, logger } = deps;
  const adapter = new GatehouseAdapter(
    {
      MicrosoftAppId: settings.appId,
      MicrosoftAppPassword: settings.appPassword,
      MicrosoftAppType: settings.tenantId ? 'SingleTenant' : 'MultiTenant',
      ...(settings.tenantId ? { MicrosoftAppTenantId: settings.tenantId } : {}),
      // botbuilder takes all of these or none: one override means every endpoint must be given.
      ValidateAuthority: true,
      ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: settings.tokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: BOT_FRAMEWORK_DEFAULTS.emulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: settings.loginUrl,
      ToChannelFromBotOAuthScope: settings.oauthScope,
      OAuthUrl: BOT_FRAMEWORK_DEFAULTS.oauthUrl,
      CallerId: BOT_FRAMEWORK_DEFAULTS.callerId,
    },
    new GatehouseCredentialsFactory(settings, deps.tokens),
  );
  const app = new Application<TurnState>({
    adapter,
    botAppId: settings.appId,
    removeRecipientMention: true,
    // Typing indicators and long-running proactive replies would be extra Bot Connector calls for nothing.
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const identity = createTeamsIdentity({
    connector: deps.connector,
    identities: deps.identities,
    policy: () => deps.engine().deps.policy(),
    clock: deps.clock,
    logger,
    trustEmailAttribute: settings.tenantId !== null,
  });
  const onUnexpected = (where: string) => (error: unknown) =>
    logger.error('teams.unexpected', { where, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });

  const addressOf = (activity: Activity): TeamsAddress => ({ serviceUrl: activity.serviceUrl, conversationId: activity.conversation.id });

  /** Remembers where this conversation is, so later notifications can reach it unprompted. */
  const rememberConversation = (activity: Activity, email: string | null) => {
    deps.conversations.remember({
      platform: 'teams',
      conversationId: baseConversationId(activity.conversation.id),
      conversationType: conversationTypeOf(activity),
      serviceUrl: activity.serviceUrl,
      tenantId: activity.conversation.tenantId ?? null,
      email: conversationTypeOf(activity) === 'personal' ? email : null,
      platformUserId: conversationTypeOf(activity) === 'personal' ? activity.from.id : null,
      botId: activity.recipient.id,
      updatedAt: deps.clock.now(),
    });
  };

  /** The tenant the activity's conversation belongs to (Teams puts it in two places). */
  const tenantOf = (activity: Activity): string | null =>
    activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? null;

  /** Who sent this activity; their personal chat is remembered under their email. */
  const resolveSender = async (activity: Activity): Promise<TeamsPerson> => {
    // A multi-tenant bot serves whichever tenant the conversation is in, but only that tenant's own members.
    const person = await identity.resolve(activity.from.id, addressOf(activity), settings.tenantId ?? tenantOf(activity));
    const email = person.ok ? person.actor.email : (person.email ?? null);
    if (email && conversationTypeOf(activity) === 'personal') rememberConversation(activity, email);
    return person;
  };

  // Installing the app (or adding the bot) is the first chance to learn where a person or channel is.
  const onInstalled = async (context: TurnContext) => {
    if (conversationTypeOf(context.activity) === 'personal') await resolveSender(context.activity);
  };
  app.activity(ActivityTypes.InstallationUpdate, onInstalled);
  app.conversationUpdate('membersAdded', onInstalled);

  app.activity(ActivityTypes.Message, async (context) => {
    const activity = context.activity;
    if (conversationTypeOf(activity) !== 'personal') {
      await context.sendActivity(textReply('Talk to me in a personal chat: open a chat with Gatehouse and type help.'));
      return;
    }
    const person = await resolveSender(activity);
    if (!person.ok) {
      await context.sendActivity(textReply(describeUnknownTeamsPerson(person)));
      return;
    }
    const reply = runChatCommand(activity.text ?? '', {
      engine: deps.engine(),
      actor: person.actor,
      views: deps.views,
      onUnexpected: onUnexpected('teams.message'),
      changed: () => deps.pump.kick(),
    });
    if (reply) await context.sendActivity(reply as Partial<Activity>);
  });

  /** A card action refused before any command could run: audited, since the sender is known. */
  const refuseCard = (actor: Actor, action: 'card.unreadable' | 'card.unknown', value: unknown, message: string, where: string): string =>
    refuseInput(deps.engine(), { actor, action, value, message }, onUnexpected(where)).message;

  for (const [verb, run] of Object.entries(TEAMS_ACTIONS)) {
    app.adaptiveCards.actionExecute(verb, async (context, _state, raw) => {
      const person = await resolveSender(context.activity);
      if (!person.ok) return describeUnknownTeamsPerson(person);
      const data = executeDataSchema.safeParse(raw);
      if (!data.success) return refuseCard(person.actor, 'card.unreadable', { verb, data: raw }, 'That card sent something Gatehouse does not understand. Nothing was changed.', verb);
      const result = run(deps.engine(), person.actor, data.data, onUnexpected(verb));
      // Refusals are audited by the engine; the clicker reads the same sentence Slack would show.
      deps.pump.kick();
      // A request filed from a form brings its own card to the sender's personal chat, where the form
      // is; a sentence would repeat that card. Teams wants an answer all the same, so the form is
      // replaced by its sent state. Anywhere else the sentence says what happened.
      const sentTitle = FORMS_ANSWERED_BY_THEIR_CARD.get(verb);
      if (sentTitle && result.ok && conversationTypeOf(context.activity) === 'personal') return deps.views.formSent(sentTitle);
      return result.message;
    });
  }
  app.adaptiveCards.actionExecute([...OPEN_REQUEST_FORM_VERBS], async (context, _state, raw) => {
    const person = await resolveSender(context.activity);
    if (!person.ok) return describeUnknownTeamsPerson(person);
    const data = executeDataSchema.safeParse(raw);
    const resourceId = data.success && typeof data.data.value === 'string' ? data.data.value : undefined;
    await context.sendActivity(deps.views.requestForm(deps.engine().deps.policy(), person.actor.email, { resourceId }) as Partial<Activity>);
    return 'The request form is in your chat with Gatehouse.';
  });

  // Registered last, so it only catches verbs nothing above knows (a card from another version, a forgery).
  app.adaptiveCards.actionExecute(/[\s\S]*/, async (context, _state, raw) => {
    const person = await resolveSender(context.activity);
    if (!person.ok) return describeUnknownTeamsPerson(person);
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    return refuseCard(person.actor, 'card.unknown', { verb, data: raw }, 'That button is not one Gatehouse knows. Nothing was changed.', 'teams.unknown_verb');
  });

  app.error(async (_context, error) => {
    logger.error('teams.turn_error', { error: error.stack ?? error.message });
  });

  return {
    async process(authorization, inbound) {
      const activity = inbound as unknown as Activity;
      let auth;
      try {
        auth = await adapter.authenticate(activity, authorization);
      } catch (error) {
        // Fail closed: a bad signature, an unknown key, metadata we could not fetch all mean "not verified".
        logger.warn('teams.unauthorized', { reason: error instanceof AuthenticationError ? error.message : error instanceof Error ? error.name : 'unknown' });
        return { status: 'unauthorized' };
      }
      // A single-tenant bot serves its own organisation only: a valid token from another tenant's Teams is still refused.
      const tenant = tenantOf(activity);
      if (settings.tenantId && tenant !== settings.tenantId) {
        logger.warn('teams.wrong_tenant', { tenant: tenant ?? null });
        return { status: 'wrong_tenant' };
      }
      const invoke = await adapter.run(auth, activity, async (context) => {
        rememberConversation(context.activity, null);
        await app.run(context);
      });
      return { status: 'ok', invoke: invoke ? { status: invoke.status, body: invoke.body } : null };
    },
  };
}
