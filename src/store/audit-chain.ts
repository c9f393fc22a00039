/**
 * The audit hash chain: hash = sha256(prevHash + "\n" + canonical JSON of the record). Appending and
 * verifying share `recordHash`, so the two can never disagree about what is hashed.
 *
 * `recordText` is the one definition of the canonical text. `RECORD_TEXT_SQL` builds the same bytes
 * inside SQLite so that verifying a large trail does not build a JS object per row; a unit test
 * proves the two equal on a varied trail, and `recordText` stays the reference.
 */
import { hash as oneShotHash } from 'node:crypto';
import type { Platform } from '../core/types.js';

export const GENESIS_HASH = '0'.repeat(64);

/** A stored audit row, exactly as the chain hashes it. `data` is canonical JSON text. */
export interface AuditRow {
  seq: number;
  at: number;
  type: string;
  actorEmail: string;
  actorPlatform: Platform | string;
  actorPlatformUserId: string | null;
  subject: string | null;
  data: string;
  prevHash: string;
  hash: string;
}

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * The canonical text of a record: keys in sorted order, built by concatenation because verifying a
 * million records is dominated by this function.
 */
export function recordText(r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return (
    `{"actor":{"email":${JSON.stringify(r.actorEmail)},"platform":${JSON.stringify(r.actorPlatform)},` +
    `"platformUserId":${str(r.actorPlatformUserId)}},"at":${r.at},"data":${r.data},"seq":${r.seq},` +
    `"subject":${str(r.subject)},"type":${JSON.stringify(r.type)}}`
  );
}

/**
 * `recordText` as the arguments of an SQLite `concat(...)` over an `audit_log` row. `json_quote`
 * escapes exactly as JSON.stringify does for well-formed text (and writes NULL as `null`); integers
 * print as JS prints safe integers. Only meaningful for rows that pass `RECORD_INVALID_SQL`.
 */
export const RECORD_TEXT_SQL_PARTS =
  `'{"actor":{"email":', json_quote(actor_email), ',"platform":', json_quote(actor_platform), ` +
  `',"platformUserId":', json_quote(actor_platform_user_id), '},"at":', at, ',"data":', data, ` +
  `',"seq":', seq, ',"subject":', json_quote(subject), ',"type":', json_quote(type), '}'`;

/** `recordText` of an `audit_log` row, as one SQL expression. */
export const RECORD_TEXT_SQL = `concat(${RECORD_TEXT_SQL_PARTS})`;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Why a row's values are not what the appender writes, or null. Checked before hashing: the text
 * splices `at`, `seq` and `data` in as they are, so a REAL or TEXT `at`, a non-string `data` or data
 * that is not one JSON value could otherwise print the same text as the original record.
 */
export function invalidReason(r: Omit<AuditRow, 'prevHash' | 'hash'>): string | null {
  if (!Number.isSafeInteger(r.at)) return 'at is not an integer';
  if (typeof r.type !== 'string') return 'type is not a string';
  if (typeof r.actorEmail !== 'string') return 'actor_email is not a string';
  if (typeof r.actorPlatform !== 'string') return 'actor_platform is not a string';
  if (r.actorPlatformUserId !== null && typeof r.actorPlatformUserId !== 'string') return 'actor_platform_user_id is not a string or null';
  if (r.subject !== null && typeof r.subject !== 'string') return 'subject is not a string or null';
  if (typeof r.data !== 'string') return 'data is not a string';
  try {
    JSON.parse(r.data);
  } catch {
    return 'data is not JSON';
  }
  return null;
}

/**
 * `invalidReason`'s checks for an `audit_log` row, in SQL (storage classes are visible here, not in
 * JS), in the same order and with the same reasons.
 */
const RECORD_CHECKS_SQL: readonly (readonly [condition: string, reason: string])[] = [
  [`typeof(at) = 'integer' AND at BETWEEN -${MAX_SAFE} AND ${MAX_SAFE}`, 'at is not an integer'],
  [`typeof(type) = 'text'`, 'type is not a string'],
  [`typeof(actor_email) = 'text'`, 'actor_email is not a string'],
  [`typeof(actor_platform) = 'text'`, 'actor_platform is not a string'],
  [`typeof(actor_platform_user_id) IN ('text', 'null')`, 'actor_platform_user_id is not a string or null'],
  [`typeof(subject) IN ('text', 'null')`, 'subject is not a string or null'],
  [`typeof(data) = 'text'`, 'data is not a string'],
  [`json_valid(data)`, 'data is not JSON'],
];

/** Why an `audit_log` row's values are invalid (`invalidReason` in SQL), or NULL. */
export const RECORD_INVALID_SQL = `CASE ${RECORD_CHECKS_SQL.map(([condition, reason]) => `WHEN NOT (${condition}) THEN '${reason}'`).join(' ')} END`;

/** True when `RECORD_INVALID_SQL` is NULL; cheaper to evaluate as a plain AND chain. */
export const RECORD_VALID_SQL = RECORD_CHECKS_SQL.map(([condition]) => `(${condition})`).join(' AND ');

export function recordHash(prevHash: string, r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return oneShotHash('sha256', `${prevHash}\n${recordText(r)}`, 'hex');
}

export type ChainProblem = 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'invalid_record';

export type ChainVerdict =
  | { ok: true; records: number; headSeq: number | null; headHash: string }
  | {
      ok: false;
      records: number;
      firstBadSeq: number;
      problem: ChainProblem;
      detail: string;
    };

/**
 * One record's checks, in the order every verifier applies them: its place in the sequence, its
 * link to the previous record, its values, then its hash. Returns the failure or null.
 */
export function checkRecord(
  row: { seq: unknown; prevHash: unknown; hash: unknown },
  expectedSeq: number,
  prevHash: string,
  invalid: () => string | null,
  digest: () => string,
): { firstBadSeq: number; problem: ChainProblem; detail: string } | null {
  if (typeof row.seq !== 'number' || !Number.isSafeInteger(row.seq)) {
    return { firstBadSeq: expectedSeq, problem: 'invalid_record', detail: `seq is not an integer (expected record ${expectedSeq})` };
  }
  if (row.seq !== expectedSeq) {
    return { firstBadSeq: row.seq, problem: 'sequence_gap', detail: `expected record ${expectedSeq}, found ${row.seq}` };
  }
  if (row.prevHash !== prevHash) {
    return {
      firstBadSeq: row.seq,
      problem: 'broken_link',
      detail: expectedSeq === 1 ? 'the first record does not link to the genesis hash' : 'prev_hash does not match the previous record',
    };
  }
  const reason = invalid();
  if (reason !== null) return { firstBadSeq: row.seq, problem: 'invalid_record', detail: reason };
  if (digest() !== row.hash) return { firstBadSeq: row.seq, problem: 'hash_mismatch', detail: 'record content does not match its hash' };
  return null;
}

/**
 * Walks the chain in sequence order from record 1. Edits break a record's hash, deletions leave a
 * gap in `seq` or a broken link, reordering breaks both. Cutting records off the end is only
 * visible against a head hash kept elsewhere, which is why the verdict reports the head.
 *
 * This is the pure reference (exports, tests); `verifyAuditLog` checks a database with the same
 * rules and the same verdicts without building a JS object per row.
 */
export function verifyChain(rows: Iterable<AuditRow>): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let headSeq: number | null = null;
  for (const row of rows) {
    const failure = checkRecord(
      row,
      expectedSeq,
      prevHash,
      () => invalidReason(row),
      () => recordHash(prevHash, row),
    );
    if (failure) return { ok: false, records: count, ...failure };
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
    headSeq = row.seq;
    count++;
  }
  return { ok: true, records: count, headSeq, headHash: prevHash };
}
