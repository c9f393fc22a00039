/** Whether Teams is on, and how it authenticates, from the parsed configuration. Fails closed. */
import type { Config } from '../config.js';

/** The public Bot Framework cloud; sovereign clouds and tests override these through the environment. */
export const BOT_FRAMEWORK_DEFAULTS = {
  loginUrl: 'https://login.microsoftonline.com/botframework.com',
  oauthScope: 'https://api.botframework.com',
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  tokenIssuer: 'https://api.botframework.com',
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  oauthUrl: 'https://api.botframework.com',
  callerId: 'urn:botframework:azure',
} as const;

export interface TeamsSettings {
  /** False only in the explicit local-test mode (no app id, `TEAMS_ALLOW_UNAUTHENTICATED=true`). */
  authenticated: boolean;
  appId: string;
  appPassword: string;
  tenantId: string | null;
  /** OAuth authority the bot's own token comes from (`.../oauth2/v2.0/token` is appended). */
  loginUrl: string;
  oauthScope: string;
  /** Where inbound tokens' signing keys are published, and who must have issued them. */
  openIdMetadataUrl: string;
  tokenIssuer: string;
}

export class TeamsConfigError extends Error {
  override readonly name = 'TeamsConfigError';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Null when Teams is off. Half a configuration is an error, never a quiet fallback to no authentication. */
export function teamsSettings(config: Config): TeamsSettings | null {
  const overrides = {
    openIdMetadataUrl: config.TEAMS_OPENID_METADATA_URL ?? BOT_FRAMEWORK_DEFAULTS.openIdMetadataUrl,
    tokenIssuer: config.TEAMS_TOKEN_ISSUER ?? BOT_FRAMEWORK_DEFAULTS.tokenIssuer,
    oauthScope: config.TEAMS_OAUTH_SCOPE ?? BOT_FRAMEWORK_DEFAULTS.oauthScope,
  };
  if (config.TEAMS_APP_ID) {
    if (!config.TEAMS_APP_PASSWORD) throw new TeamsConfigError('Teams needs both TEAMS_APP_ID and TEAMS_APP_PASSWORD');
    const tenantId = config.TEAMS_TENANT_ID ?? null;
    const loginUrl = config.TEAMS_LOGIN_URL ?? (tenantId ? `https://login.microsoftonline.com/${tenantId}` : BOT_FRAMEWORK_DEFAULTS.loginUrl);
    return { authenticated: true, appId: config.TEAMS_APP_ID, appPassword: config.TEAMS_APP_PASSWORD, tenantId, loginUrl: loginUrl.replace(/\/+$/, ''), ...overrides };
  }
  if (config.TEAMS_APP_PASSWORD || config.TEAMS_TENANT_ID) throw new TeamsConfigError('TEAMS_APP_PASSWORD or TEAMS_TENANT_ID is set without TEAMS_APP_ID');
  if (!config.TEAMS_ALLOW_UNAUTHENTICATED) return null;
  // With no token checks anyone who can reach the port acts as anyone; a loopback address keeps
  // that to this machine, so the switch cannot survive into a deployment by a forgotten variable.
  if (!LOOPBACK_HOSTS.has(config.HOST)) {
    throw new TeamsConfigError(`TEAMS_ALLOW_UNAUTHENTICATED=true is for local tests and needs a loopback HOST (127.0.0.1, ::1 or localhost), not ${config.HOST}`);
  }
  return { authenticated: false, appId: '', appPassword: '', tenantId: null, loginUrl: BOT_FRAMEWORK_DEFAULTS.loginUrl, ...overrides };
}
