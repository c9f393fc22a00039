/**
 * The bot's own access token for the Bot Connector (OAuth client credentials), fetched with plain
 * HTTP so the delivery worker never loads botbuilder. Cached until shortly before it expires; one
 * request in flight at a time. The secret and the token are never logged.
 */
import { z } from 'zod';
import type { TeamsSettings } from './teams-settings.js';

/** Renew this long before expiry, so a token never expires between fetching it and using it. */
const RENEW_BEFORE_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });

export interface BotTokenClient {
  /** Null when Teams runs unauthenticated (local tests): requests go out without a token. */
  token(): Promise<string | null>;
}

export function createBotTokenClient(settings: TeamsSettings): BotTokenClient {
  let cached: { token: string; until: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const fetchToken = async (): Promise<string> => {
    const scope = settings.oauthScope.endsWith('/.default') ? settings.oauthScope : `${settings.oauthScope}/.default`;
    const res = await fetch(`${settings.loginUrl}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: settings.appId, client_secret: settings.appPassword, scope }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`Bot Framework token request failed: HTTP ${res.status}`);
    const parsed = tokenResponse.safeParse(await res.json());
    if (!parsed.success) throw new Error('Bot Framework token response had no access token');
    cached = { token: parsed.data.access_token, until: Date.now() + parsed.data.expires_in * 1000 - RENEW_BEFORE_MS };
    return parsed.data.access_token;
  };

  return {
    async token() {
      if (!settings.authenticated) return null;
      if (cached && cached.until > Date.now()) return cached.token;
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}
