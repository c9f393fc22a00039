/** Web API client settings shared by the Bolt app (request thread) and the delivery worker. */
import { WebClient } from '@slack/web-api';

export function normalizeApiUrl(url: string): string {
  return url.endsWith('/api/') ? url : `${url.replace(/\/+$/, '')}/api/`;
}

export function slackClientOptions(apiUrl: string | undefined) {
  return {
    ...(apiUrl ? { slackApiUrl: normalizeApiUrl(apiUrl) } : {}),
    // Short in-call retries: the outbox owns long retries, and an outbox lane must not sit for minutes.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 10_000,
  };
}

export function createSlackWebClient(botToken: string, apiUrl: string | undefined): WebClient {
  return new WebClient(botToken, slackClientOptions(apiUrl));
}
