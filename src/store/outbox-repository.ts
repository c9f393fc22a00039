/** The outbox: effects written with the state change that caused them, delivered after commit. */
import { and, eq } from 'drizzle-orm';
import type { Effect, EffectInput, OutboxRow } from '../core/effects.js';
import type { Clock, OutboxQueue, OutboxWriter } from '../core/ports.js';
import type { Db } from './open-database.js';
import { outbox } from './schema.js';

interface ClaimRow {
  id: number;
  type: string;
  payload: string;
  orderingKey: string;
  attempts: number;
}

export function createOutbox(db: Db, clock: Clock): OutboxWriter & OutboxQueue {
  // An effect is due only when every earlier effect with its key is finished (done or dead):
  // per-key order is what stops a late revoke from undoing a newer grant.
  const due = db.$client.prepare(`
    SELECT o.id, o.type, o.payload, o.ordering_key AS orderingKey, o.attempts
    FROM outbox o
    WHERE o.status = 'pending' AND o.next_attempt_at <= ?
      AND NOT EXISTS (
        SELECT 1 FROM outbox p WHERE p.ordering_key = o.ordering_key AND p.status = 'pending' AND p.id < o.id
      )
    ORDER BY o.next_attempt_at, o.id
    LIMIT ?`);
  const claim = db.$client.prepare(
    `UPDATE outbox SET claim_token = ?, next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?`,
  );
  return {
    enqueue({ effect, orderingKey }: EffectInput) {
      const now = clock.now();
      db.insert(outbox)
        .values({ type: effect.type, payload: JSON.stringify(effect), orderingKey, status: 'pending', nextAttemptAt: now, createdAt: now })
        .run();
    },
    claimDue(now, limit, claimForMs, token) {
      // Claiming pushes next_attempt_at forward: if this worker dies mid-call, the effect becomes
      // due again once the claim runs out, and another worker (or the restarted one) retries it.
      // Runs inside the caller's write transaction, so selecting and claiming are one atomic step.
      const claimed: OutboxRow[] = [];
      for (const row of due.all(now, limit) as ClaimRow[]) {
        if (claim.run(token, now + claimForMs, row.id, now).changes === 1) {
          claimed.push({ id: row.id, effect: JSON.parse(row.payload) as Effect, orderingKey: row.orderingKey, attempts: row.attempts, claimToken: token });
        }
      }
      return claimed;
    },
    complete(id, token, now) {
      return (
        db
          .update(outbox)
          .set({ status: 'done', doneAt: now, lastError: null })
          .where(and(eq(outbox.id, id), eq(outbox.claimToken, token), eq(outbox.status, 'pending')))
          .run().changes === 1
      );
    },
    fail(id, token, error, retryAt, dead) {
      const row = db.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, id)).get();
      return (
        db
          .update(outbox)
          .set({
            attempts: (row?.attempts ?? 0) + 1,
            lastError: error.slice(0, 500),
            nextAttemptAt: retryAt,
            status: dead ? 'dead' : 'pending',
          })
          .where(and(eq(outbox.id, id), eq(outbox.claimToken, token), eq(outbox.status, 'pending')))
          .run().changes === 1
      );
    },
  };
}
