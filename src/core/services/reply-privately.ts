/** Queues a private reply (see PrivateReply) in a write of its own: nothing else changes with it. */
import { replyKey, type PrivateReply } from '../effects.js';
import type { EngineDeps } from '../ports.js';

export function replyPrivately(deps: Pick<EngineDeps, 'store' | 'ids'>, reply: PrivateReply): void {
  const orderingKey = replyKey(reply, deps.ids.next('reply'));
  deps.store.write((tx) => tx.outbox.enqueue({ effect: { type: 'reply', reply }, orderingKey }));
}
