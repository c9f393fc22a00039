/**
 * The few Bot Connector REST calls Gatehouse makes outside a turn: send to a conversation, update a
 * sent activity, look up a member's email. Plain HTTP with the bot's token, so the delivery worker can
 * use it without loading botbuilder.
 */
import { z } from 'zod';
import type { BotTokenClient } from './bot-token-client.js';

const TIMEOUT_MS = 10_000;

export interface TeamsAddress {
  serviceUrl: string;
  conversationId: string;
}

export const teamsMemberSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  email: z.string().optional(),
  userPrincipalName: z.string().optional(),
  /** The member's own tenant, which differs from the conversation's for an external member of a shared channel. */
  tenantId: z.string().optional(),
});
export type TeamsMember = z.infer<typeof teamsMemberSchema>;

export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface BotConnectorClient {
  send(to: TeamsAddress, activity: Record<string, unknown>): Promise<{ id: string }>;
  update(to: TeamsAddress, activityId: string, activity: Record<string, unknown>): Promise<void>;
  /** Null when the conversation has no such member (404). */
  member(to: TeamsAddress, userId: string): Promise<TeamsMember | null>;
}

const conversationUrl = (to: TeamsAddress) => `${to.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(to.conversationId)}`;

export function createBotConnectorClient(tokens: BotTokenClient): BotConnectorClient {
  const call = async (method: string, url: string, body?: unknown): Promise<Response> => {
    const token = await tokens.token();
    const res = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return res;
  };
  const failed = (what: string, res: Response) => new ConnectorError(`Bot Connector ${what} failed: HTTP ${res.status}`, res.status);

  return {
    async send(to, activity) {
      const res = await call('POST', `${conversationUrl(to)}/activities`, activity);
      if (!res.ok) throw failed('send', res);
      const parsed = z.object({ id: z.string().min(1) }).safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new ConnectorError('Bot Connector send returned no activity id', res.status);
      return parsed.data;
    },
    async update(to, activityId, activity) {
      const res = await call('PUT', `${conversationUrl(to)}/activities/${encodeURIComponent(activityId)}`, { ...activity, id: activityId });
      if (!res.ok) throw failed('update', res);
    },
    async member(to, userId) {
      const res = await call('GET', `${conversationUrl(to)}/members/${encodeURIComponent(userId)}`);
      if (res.status === 404) return null;
      if (!res.ok) throw failed('member lookup', res);
      const parsed = teamsMemberSchema.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new ConnectorError('Bot Connector member lookup returned no member', res.status);
      return parsed.data;
    },
  };
}
