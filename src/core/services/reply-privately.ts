/** Queues a private reply (see PrivateReply) in a write of its own: nothing else changes with it. */
import { replyKey, type PrivateReply } from '../effects.js';
import type { EngineDeps } from '../ports.js';

export function replyPrivately(deps: Pick<EngineDeps, 'store'>, reply: PrivateReply): void {
  deps.store.write((tx) => tx.outbox.enqueue({ effect: { type: 'reply', reply }, orderingKey: replyKey(reply) }));
}
