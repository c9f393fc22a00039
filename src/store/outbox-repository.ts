/** The outbox: effects written with the state change that caused them, delivered after commit. */
import { and, eq, sql } from 'drizzle-orm';
import type { Effect, EffectInput, OutboxRow } from '../core/effects.js';
import type { Clock, OutboxQueue, OutboxWriter } from '../core/ports.js';
import type { Db } from './open-database.js';
import { bound, ph } from './prepared.js';
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
  const enqueue = db.$client.prepare(
    `INSERT INTO outbox (type, payload, ordering_key, status, next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)`,
  );
  const complete = db.$client.prepare(
    `UPDATE outbox SET status = 'done', done_at = ?, last_error = NULL WHERE id = ? AND claim_token = ? AND status = 'pending'`,
  );
  // Counting the attempt in the UPDATE itself replaces a separate read of `attempts` (same result:
  // the row is only written while the claim holds).
  const claimed = and(eq(outbox.id, ph('id')), eq(outbox.claimToken, ph('token')), eq(outbox.status, 'pending'));
  const fail = db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: bound('error'),
      nextAttemptAt: bound('retryAt'),
      status: bound('status'),
    })
    .where(claimed)
    .prepare();
  return {
    enqueue({ effect, orderingKey }: EffectInput) {
      const now = clock.now();
      enqueue.run(effect.type, JSON.stringify(effect), orderingKey, now, now);
    },
    claimDue(now, limit, claimForMs, token) {
      // Claiming pushes next_attempt_at forward: if this worker dies mid-call, the effect becomes
      // due again once the claim runs out, and another worker (or the restarted one) retries it.
      // Runs inside the caller's write transaction, so selecting and claiming are one atomic step.
      const rows: OutboxRow[] = [];
      for (const row of due.all(now, limit) as ClaimRow[]) {
        if (claim.run(token, now + claimForMs, row.id, now).changes === 1) {
          rows.push({ id: row.id, effect: JSON.parse(row.payload) as Effect, orderingKey: row.orderingKey, attempts: row.attempts, claimToken: token });
        }
      }
      return rows;
    },
    complete(id, token, now) {
      return complete.run(now, id, token).changes === 1;
    },
    fail(id, token, error, retryAt, dead) {
      return fail.run({ id, token, error: error.slice(0, 500), retryAt, status: dead ? 'dead' : 'pending' }).changes === 1;
    },
  };
}
