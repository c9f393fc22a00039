/** Writing notifications to the outbox. Channel posts are skipped when the policy names no channel. */
import { notifyKey } from '../effects.js';
import type { Notification, Recipient } from '../notifications.js';
import type { ChannelName, Policy } from '../policy.js';
import type { WriteTx } from '../ports.js';

export function notify(tx: WriteTx, recipient: Recipient, notification: Notification): void {
  tx.outbox.enqueue({ effect: { type: 'notify', recipient, notification }, orderingKey: notifyKey(recipient, notification) });
}

export function notifyPeople(tx: WriteTx, emails: Iterable<string>, notification: Notification): void {
  for (const email of new Set(emails)) notify(tx, { kind: 'person', email }, notification);
}

export function notifyChannel(tx: WriteTx, policy: Policy, channel: ChannelName, notification: Notification): void {
  if (policy.channels[channel]) notify(tx, { kind: 'channel', channel }, notification);
}
