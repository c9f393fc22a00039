/** Side effects the engine asks for. They are stored in the outbox inside the deciding transaction. */
import type { Notification, Recipient } from './notifications.js';
import { notificationSubject } from './notifications.js';

export type Effect =
  | { type: 'notify'; recipient: Recipient; notification: Notification }
  | { type: 'provider'; action: 'grant' | 'revoke'; grantId: string };

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
 */
export function notifyKey(recipient: Recipient, notification: Notification): string {
  const to = recipient.kind === 'person' ? `person:${recipient.email}` : `channel:${recipient.channel}`;
  return `notify:${to}:${notificationSubject(notification)}`;
}

export interface OutboxRow {
  id: number;
  effect: Effect;
  orderingKey: string;
  attempts: number;
  claimToken: string;
}
