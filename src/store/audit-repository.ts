/** Appending to, reading and verifying the hash-chained audit log. */
import type { AuditEventInput, AuditRecord } from '../core/audit.js';
import type { AuditLog, Clock } from '../core/ports.js';
import type { Platform } from '../core/types.js';
import { auditRowFromBody, bodyHash, GENESIS_HASH, recordText, type AuditRow, type ChainVerdict } from './audit-chain.js';
import { verifyAuditDatabase, verifyAuditDatabaseParallel, type ParallelVerifyOptions } from './audit-verify.js';
import { canonicalJson, wellFormed } from './canonical-json.js';
import type { Db } from './open-database.js';
import { rawInsert } from './prepared.js';
import { auditLog } from './schema.js';

/** An audit log on one connection; the store tells it where its write transactions begin and end. */
export interface StoreAuditLog extends AuditLog {
  /**
   * Forget the chain head read earlier. Until then, appends reuse the head the previous append left
   * (no query): only sound while nothing else can append, i.e. within one write transaction. The
   * store calls this when each of its write transactions begins and ends (commit or rollback).
   */
  forgetHead(): void;
}

/**
 * Appends must run inside the caller's write transaction: reading the head and inserting the next
 * record under the same write lock is what keeps the chain linear across processes.
 *
 * Text is made well-formed (a lone UTF-16 surrogate becomes U+FFFD) before it is hashed, because
 * SQLite stores UTF-8 and cannot keep a lone surrogate: what is hashed must be what is stored.
 *
 * With `reuseHead`, the head is read once and then carried from append to append until
 * `forgetHead()`; without it (the default) every append reads the head.
 */
export function createAuditLog(db: Db, clock: Clock, options: { reuseHead?: boolean } = {}): StoreAuditLog {
  const head = db.$client.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').raw();
  const insert = rawInsert(db.$client, auditLog);
  let known: { seq: number; hash: string } | null = null;
  return {
    forgetHead() {
      known = null;
    },
    append(event: AuditEventInput): AuditRecord {
      // Both statements run on the caller's connection, inside its IMMEDIATE transaction.
      let last = known;
      if (last === null) {
        const row = head.get() as [number, string] | undefined;
        last = row === undefined ? null : { seq: row[0], hash: row[1] };
      }
      const data = canonicalJson(event.data);
      const record = {
        seq: (last?.seq ?? 0) + 1,
        at: clock.now(),
        type: wellFormed(event.type),
        actorEmail: wellFormed(event.actor.email),
        actorPlatform: wellFormed(event.actor.platform),
        actorPlatformUserId: event.actor.platformUserId === null ? null : wellFormed(event.actor.platformUserId),
        subject: event.subject === null ? null : wellFormed(event.subject),
        data,
      };
      const prevHash = last?.hash ?? GENESIS_HASH;
      const body = recordText(record);
      const hash = bodyHash(prevHash, body);
      // Forgotten first: if the insert throws, the next append must read the head again.
      known = null;
      insert({ seq: record.seq, body, prevHash, hash });
      if (options.reuseHead) known = { seq: record.seq, hash };
      const stored =
        record.type === event.type &&
        record.actorEmail === event.actor.email &&
        record.actorPlatform === event.actor.platform &&
        record.actorPlatformUserId === event.actor.platformUserId &&
        record.subject === event.subject
          ? event
          : {
              ...event,
              type: record.type,
              actor: { ...event.actor, email: record.actorEmail, platform: record.actorPlatform as Platform, platformUserId: record.actorPlatformUserId },
              subject: record.subject,
            };
      return { ...stored, seq: record.seq, at: record.at, prevHash, hash };
    },
  };
}

/**
 * Streams rows in chain order with a raw statement: exporting millions of records must not build
 * them all in memory. Fields come from the body (one JSON.parse, `data` cut out as it is) rather
 * than from the generated columns, each of which would parse the body again in SQL.
 * Throws on a row whose body is not a record: only a tampered trail has one, and an export must
 * not invent its fields (`gatehouse audit verify` names it).
 */
export function* iterateAuditRows(db: Db, range: { since?: number; until?: number } = {}): Generator<AuditRow, void, undefined> {
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
  const sql = `SELECT seq, body, prev_hash, hash FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
  for (const [seq, body, prevHash, hash] of db.$client.prepare(sql).raw().iterate(...params) as IterableIterator<[number, unknown, string, string]>) {
    const row = auditRowFromBody(body, prevHash, hash);
    if (row === null) throw new Error(`audit record ${seq}: the stored body is not a record`);
    yield row;
  }
}

/**
 * Verifies the stored chain on this connection and thread, with `verifyStoredChain`'s rules and
 * verdicts (see audit-verify.ts).
 */
export function verifyAuditLog(db: Db): ChainVerdict {
  return verifyAuditDatabase(db.$client);
}

/**
 * `verifyAuditLog` for big trails: ranges of records are checked in parallel by worker threads that
 * open the same file read-only (a log under 50,000 records stays on this thread). What `gatehouse
 * audit verify` runs. Sees committed records only.
 */
export function verifyAuditLogParallel(db: Db, options?: ParallelVerifyOptions): Promise<ChainVerdict> {
  return verifyAuditDatabaseParallel(db.$client, options);
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
