/**
 * Activities as the Teams channel sends them to Gatehouse's `POST /api/messages`, each with a Bot
 * Framework token signed by the fake identity service (or a forged/missing one, for refusals).
 */
import type { FakeBotConnector, FakeTeamsUser } from '../fixtures/fake-bot-connector.js';

export const BOT_ID = '28:gatehouse-bot';
export const TENANT_ID = 'tenant-e2e';

export interface TeamsResponse {
  status: number;
  body: unknown;
  text: string;
}

export interface TeamsClient {
  /** Sends a raw body (a string is sent as it is); `token: null` sends no Authorization header. */
  post(body: unknown, options?: { token?: string | null }): Promise<TeamsResponse>;
  activity(from: FakeTeamsUser, fields: Record<string, unknown>, options?: { token?: string | null; conversationId?: string; conversationType?: string }): Promise<TeamsResponse>;
  install(user: FakeTeamsUser): Promise<TeamsResponse>;
  say(user: FakeTeamsUser, text: string): Promise<TeamsResponse>;
  /** Presses an `Action.Execute` on the card `replyToId` in `conversationId` (the user's personal chat unless given). */
  execute(user: FakeTeamsUser, verb: string, data: Record<string, unknown>, options?: { replyToId?: string; conversationId?: string; conversationType?: string }): Promise<TeamsResponse>;
  personalChat(user: FakeTeamsUser): string;
}

export function createTeamsClient(options: { baseUrl: string; connector: FakeBotConnector }): TeamsClient {
  let counter = 0;
  const personalChat = (user: FakeTeamsUser) => `a:personal-${user.name}`;
  const post: TeamsClient['post'] = async (body, postOptions = {}) => {
    const token = postOptions.token === undefined ? options.connector.signChannelToken() : postOptions.token;
    const res = await fetch(`${options.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text };
  };
  const activity: TeamsClient['activity'] = (from, fields, activityOptions = {}) =>
    post(
      {
        id: `inbound-${++counter}`,
        channelId: 'msteams',
        serviceUrl: options.connector.url,
        timestamp: new Date().toISOString(),
        from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
        recipient: { id: BOT_ID, name: 'Gatehouse' },
        conversation: { id: activityOptions.conversationId ?? personalChat(from), conversationType: activityOptions.conversationType ?? 'personal', tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID } },
        ...fields,
      },
      { token: activityOptions.token },
    );
  return {
    post,
    activity,
    personalChat,
    install: (user) => activity(user, { type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] }),
    say: (user, text) => activity(user, { type: 'message', text, textFormat: 'plain' }),
    execute: (user, verb, data, executeOptions = {}) =>
      activity(
        user,
        { type: 'invoke', name: 'adaptiveCard/action', replyToId: executeOptions.replyToId, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } },
        { conversationId: executeOptions.conversationId, conversationType: executeOptions.conversationType },
      ),
  };
}
