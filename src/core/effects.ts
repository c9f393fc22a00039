/** Side effects the engine asks for. They are stored in the outbox inside the deciding transaction. */
import type { Notification, Recipient } from './notifications.js';
import { notificationSubject } from './notifications.js';

export type Effect =
  | { type: 'notify'; recipient: Recipient; notification: Notification }
  | { type: 'provider'; action: 'grant' | 'revoke'; grantId: string }
  | { type: 'reply'; reply: PrivateReply };

/**
 * A private answer to someone who just acted (why a click was refused, why they are unknown), on
 * the platform and in the conversation where they acted. It goes through the outbox like every
 * other message, so the request thread never waits on the chat API and an outage delays it
 * instead of losing it. `text` is plain text: each platform escapes it for its own markup.
 */
export interface PrivateReply {
  platform: 'slack' | 'teams';
  userId: string;
  /** Null when they are not known to the policy (the reason for the reply). */
  email: string | null;
  /** Where they clicked; null: their direct conversation with the bot (App Home, forms). */
  conversationId: string | null;
  text: string;
}

export interface EffectInput {
  effect: Effect;
  /**
   * Effects with the same key run in the order they were written: a revoke of one grant and the
   * grant of the next one for the same person and resource must never overtake each other.
   */
  orderingKey: string;
}

/** The ordering key of provider calls for one person's access to one resource. */
export function accessKey(subjectEmail: string, resourceId: string): string {
  return `access:${resourceId}:${subjectEmail}`;
}

/**
 * Messages about one request reach one recipient in order (submitted before approved), while
 * messages about different requests never wait on each other.
 *
 * The subject comes first because the key is indexed: ids grow with time, so one request's keys
 * sit together at the end of the index and a request's messages dirty one index page, not one
 * per recipient (a third of the pages a new request wrote to the WAL).
 */
export function notifyKey(recipient: Recipient, notification: Notification): string {
  const to = recipient.kind === 'person' ? `person:${recipient.email}` : `channel:${recipient.channel}`;
  return `notify:${notificationSubject(notification)}:${to}`;
}

/**
 * Each reply answers one click on its own, so none waits for another: a shared key per person made
 * a burst of double clicks deliver one reply at a time, and every claim skip past the rest.
 */
export function replyKey(reply: PrivateReply, replyId: string): string {
  return `reply:${reply.platform}:${reply.userId}:${replyId}`;
}

export interface OutboxRow {
  id: number;
  effect: Effect;
  orderingKey: string;
  attempts: number;
  claimToken: string;
}
