/** The engine's Store port on one SQLite connection. */
import type { Clock, Store, WriteTx } from '../core/ports.js';
import { createAuditLog } from './audit-repository.js';
import { createGrantRepository, createTaskRepository } from './grant-repository.js';
import type { Db } from './open-database.js';
import { createOutbox } from './outbox-repository.js';
import { createApprovalRepository, createRequestRepository } from './request-repository.js';
import { createReviewRepository } from './review-repository.js';
import { createWriteLockTaker } from './take-write-lock.js';
import { createEscalationRepository, createNoteRepository, createSessionRepository } from './support-repository.js';

export function createSqliteStore(db: Db, clock: Clock): Store {
  const audit = createAuditLog(db, clock, { reuseHead: true });
  const tx: WriteTx = {
    sessions: createSessionRepository(db),
    escalations: createEscalationRepository(db),
    notes: createNoteRepository(db),
    requests: createRequestRepository(db),
    approvals: createApprovalRepository(db),
    grants: createGrantRepository(db),
    tasks: createTaskRepository(db),
    reviews: createReviewRepository(db),
    audit,
    outbox: createOutbox(db, clock),
  };
  // One transaction wrapper per connection, built once: better-sqlite3 builds four wrappers per
  // `transaction()` call, which every write and read used to pay.
  const inTransaction = db.$client.transaction((work: (t: WriteTx) => unknown) => {
    const result = work(tx);
    if (result instanceof Promise) throw new Error('store.write work must be synchronous');
    return result;
  });
  const readOnly = db.$client.transaction((work: (t: WriteTx) => unknown) => work(tx));
  const client = db.$client;
  const takeWriteLock = createWriteLockTaker(client);
  const commit = client.prepare('COMMIT');
  const rollback = client.prepare('ROLLBACK');
  return {
    write<T>(work: (t: WriteTx) => T): T {
      // IMMEDIATE takes the write lock up front: a deferred transaction that upgrades later fails
      // with SQLITE_BUSY instead of waiting for the busy timeout.
      // The audit head is carried between appends only within one write (a nested write is a
      // savepoint that may roll back alone): forgotten when each write begins and ends.
      audit.forgetHead();
      try {
        // A nested write is a savepoint of the one already open.
        if (client.inTransaction) return inTransaction(work) as T;
        takeWriteLock();
        try {
          const result = work(tx);
          if (result instanceof Promise) throw new Error('store.write work must be synchronous');
          commit.run();
          return result;
        } catch (error) {
          // A failed statement may already have ended the transaction (SQLite rolls back on some errors).
          if (client.inTransaction) rollback.run();
          throw error;
        }
      } finally {
        audit.forgetHead();
      }
    },
    read<T>(work: (t: WriteTx) => T): T {
      return readOnly.deferred(work) as T;
    },
  };
}
