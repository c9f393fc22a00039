/** Appending to, reading and verifying the hash-chained audit log. */
import { desc } from 'drizzle-orm';
import type { AuditEventInput, AuditRecord } from '../core/audit.js';
import type { AuditLog, Clock } from '../core/ports.js';
import type { Platform } from '../core/types.js';
import { GENESIS_HASH, recordHash, verifyChain, type AuditRow, type ChainVerdict } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';
import type { Db } from './open-database.js';
import { insertBinder } from './prepared.js';
import { auditLog } from './schema.js';

/**
 * Appends must run inside the caller's write transaction: reading the head and inserting the next
 * record under the same write lock is what keeps the chain linear across processes.
 */
export function createAuditLog(db: Db, clock: Clock): AuditLog {
  const row = insertBinder(auditLog);
  const head = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare();
  const insert = db.insert(auditLog).values(row.placeholders).prepare();
  return {
    append(event: AuditEventInput): AuditRecord {
      // Both statements run on the caller's connection, inside its IMMEDIATE transaction.
      const last = head.get();
      const record = {
        seq: (last?.seq ?? 0) + 1,
        at: clock.now(),
        type: event.type,
        actorEmail: event.actor.email,
        actorPlatform: event.actor.platform,
        actorPlatformUserId: event.actor.platformUserId,
        subject: event.subject,
        data: canonicalJson(event.data),
      };
      const prevHash = last?.hash ?? GENESIS_HASH;
      const hash = recordHash(prevHash, record);
      insert.run(row.bind({ ...record, prevHash, hash }));
      return { ...event, seq: record.seq, at: record.at, prevHash, hash };
    },
  };
}

const ROW_COLUMNS =
  'seq, at, type, actor_email AS actorEmail, actor_platform AS actorPlatform, actor_platform_user_id AS actorPlatformUserId, subject, data, prev_hash AS prevHash, hash';

/** Streams rows in chain order with a raw statement: verifying millions of records must not build them all in memory. */
export function iterateAuditRows(db: Db, range: { since?: number; until?: number } = {}): IterableIterator<AuditRow> {
  const where: string[] = [];
  const params: number[] = [];
  if (range.since !== undefined) {
    where.push('at >= ?');
    params.push(range.since);
  }
  if (range.until !== undefined) {
    where.push('at < ?');
    params.push(range.until);
  }
  const sql = `SELECT ${ROW_COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
  return db.$client.prepare(sql).iterate(...params) as IterableIterator<AuditRow>;
}

export function verifyAuditLog(db: Db): ChainVerdict {
  return verifyChain(iterateAuditRows(db));
}

/** A stored row in the shape auditors read: the actor as an object, data parsed. */
export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    type: row.type,
    actor: { email: row.actorEmail, platform: row.actorPlatform as Platform, platformUserId: row.actorPlatformUserId },
    subject: row.subject,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
