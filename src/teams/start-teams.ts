/**
 * Teams, when configured: `POST /api/messages` on the one HTTP server. The Teams SDK is imported
 * here with `import()` and only when Teams is on, so a Slack-only deployment never loads it.
 */
import type { Config } from '../config.js';
import type { Engine } from '../core/create-engine.js';
import type { Clock, Logger } from '../core/ports.js';
import { json, type HttpRequest, type HttpResponse } from '../http/http-server.js';
import type { EffectsPump } from '../runtime/effects-pump.js';
import { createConversationRefStore, createIdentityStore } from '../store/chat-repositories.js';
import type { Db } from '../store/open-database.js';
import { createBotConnectorClient } from './bot-connector-client.js';
import { createBotTokenClient } from './bot-token-client.js';
import { parseActivity } from './teams-activity.js';
import { teamsSettings, type TeamsSettings } from './teams-settings.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsSurface {
  settings: TeamsSettings;
  /** The route handler for `POST /api/messages`. */
  handle(request: HttpRequest): Promise<HttpResponse>;
}

export interface TeamsDeps {
  engine: () => Engine;
  pump: EffectsPump;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export async function startTeams(config: Config, deps: TeamsDeps): Promise<TeamsSurface | null> {
  const settings = teamsSettings(config);
  if (!settings) return null;
  if (!settings.authenticated) {
    deps.logger.warn('teams.unauthenticated', {
      warning: 'TEAMS_ALLOW_UNAUTHENTICATED=true: Teams accepts ANY request to /api/messages without a Bot Framework token. Local tests only; never expose this process.',
    });
  }
  const [{ createTeamsApp }, { createTeamsChatViews }] = await Promise.all([import('./teams-app.js'), import('./teams-chat-views.js')]);
  const tokens = createBotTokenClient(settings);
  const app = createTeamsApp({
    settings,
    tokens,
    connector: createBotConnectorClient(tokens),
    engine: deps.engine,
    pump: deps.pump,
    identities: createIdentityStore(deps.db),
    conversations: createConversationRefStore(deps.db),
    views: createTeamsChatViews(),
    clock: deps.clock,
    logger: deps.logger,
  });

  return {
    settings,
    async handle(request) {
      const parsed = parseActivity(request.body);
      // Checked before authentication on purpose: a body we cannot read cannot be authenticated against.
      if (!parsed.ok) return json(400, { error: parsed.error });
      const header = request.headers.authorization;
      const result = await app.process(typeof header === 'string' ? header : '', parsed.activity);
      if (result.status === 'unauthorized') return json(401, { error: 'unauthorized' });
      if (result.status === 'wrong_tenant') return json(403, { error: 'this bot serves another tenant' });
      if (!result.invoke) return { status: 200 };
      return result.invoke.body === undefined ? { status: result.invoke.status } : json(result.invoke.status, result.invoke.body);
    },
  };
}
