/**
 * The audit hash chain: hash = sha256(prevHash + "\n" + canonical JSON of the record). Appending and
 * verifying share `bodyHash`, so the two can never disagree about what is hashed.
 *
 * `recordText` is the one definition of the canonical text, and the database stores that text as
 * the record's `body`: verifying a stored record hashes its body as it is (`bodyHash`), and readers
 * take the record's fields from the body (`auditRowFromBody`).
 */
import { hash as oneShotHash } from 'node:crypto';
import type { Platform } from '../core/types.js';

export const GENESIS_HASH = '0'.repeat(64);

/** An audit record as fields, as readers, exports and `recordText` see it. `data` is canonical JSON text. */
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

export function recordHash(prevHash: string, r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return bodyHash(prevHash, recordText(r));
}

/** A stored audit row: the record's canonical text (`recordText`) and its place in the chain. */
export interface StoredAuditRow {
  seq: number;
  body: string;
  prevHash: string;
  hash: string;
}

export function bodyHash(prevHash: string, body: string): string {
  return oneShotHash('sha256', `${prevHash}\n${body}`, 'hex');
}

/**
 * Where the body's top-level `"seq"` value starts, or -1. It is the last `,"seq":` of the text:
 * only `subject` and `type` follow it, and as JSON strings they cannot hold an unescaped quote.
 */
function seqValueAt(body: string): number {
  const key = body.lastIndexOf(',"seq":');
  return key === -1 ? -1 : key + 7;
}

/**
 * Why a stored body cannot be the record at `seq`, or null. The hash covers the body only, so a
 * body copied from another record (with its hash) would otherwise verify at any place whose link
 * it matches; the body's own seq pins it to its row.
 */
export function bodyProblem(seq: number, body: unknown): string | null {
  if (typeof body !== 'string') return 'body is not a string';
  const at = seqValueAt(body);
  const digits = String(seq);
  const after = body.charCodeAt(at + digits.length);
  if (at === -1 || !body.startsWith(digits, at) || (after !== 44 && after !== 125)) return 'the seq in the body is not the record\'s seq';
  return null;
}

/**
 * A record from its stored body and hashes, or null when the body is not a record. `data` is cut
 * out of the body as it is (still canonical, and not parsed only to be printed again); the rest is
 * one JSON.parse. What the hash says about the body is `verifyAuditLog`'s business, not this one's.
 */
export function auditRowFromBody(body: unknown, prevHash: string, hash: string): AuditRow | null {
  if (typeof body !== 'string') return null;
  const dataKey = body.indexOf(',"data":');
  const seqAt = seqValueAt(body);
  if (dataKey === -1 || seqAt === -1 || seqAt < dataKey) return null;
  let r: { actor?: { email?: unknown; platform?: unknown; platformUserId?: unknown }; at?: unknown; seq?: unknown; subject?: unknown; type?: unknown };
  try {
    r = JSON.parse(body.slice(0, dataKey) + body.slice(seqAt - 7)) as typeof r;
  } catch {
    return null;
  }
  const actor = r.actor;
  if (
    typeof actor !== 'object' ||
    actor === null ||
    !Number.isSafeInteger(r.seq) ||
    !Number.isSafeInteger(r.at) ||
    typeof r.type !== 'string' ||
    typeof actor.email !== 'string' ||
    typeof actor.platform !== 'string' ||
    (actor.platformUserId !== null && typeof actor.platformUserId !== 'string') ||
    (r.subject !== null && typeof r.subject !== 'string')
  ) {
    return null;
  }
  return {
    seq: r.seq as number,
    at: r.at as number,
    type: r.type,
    actorEmail: actor.email,
    actorPlatform: actor.platform,
    actorPlatformUserId: actor.platformUserId,
    subject: r.subject,
    data: body.slice(dataKey + 8, seqAt - 7),
    prevHash,
    hash,
  };
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
 * This is the reference for records as fields (an export); `verifyStoredChain` is the one for
 * stored bodies, which `verifyAuditLog` follows.
 */
export function verifyChain(rows: Iterable<AuditRow>): ChainVerdict {
  return walkChain(rows, invalidReason, recordHash);
}

/**
 * `verifyChain` over stored rows: the same checks in the same order, with the body in place of the
 * values (the body is hashed as it is, and must carry its row's seq). The reference for
 * `verifyAuditLog`, which gives the same verdicts without building a JS object per row.
 */
export function verifyStoredChain(rows: Iterable<StoredAuditRow>): ChainVerdict {
  return walkChain(rows, (row) => bodyProblem(row.seq, row.body), (prevHash, row) => bodyHash(prevHash, row.body));
}

/** The walk both references share; they differ only in what makes a record invalid and what is hashed. */
function walkChain<R extends { seq: number; prevHash: string; hash: string }>(
  rows: Iterable<R>,
  invalid: (row: R) => string | null,
  digest: (prevHash: string, row: R) => string,
): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let headSeq: number | null = null;
  for (const row of rows) {
    const failure = checkRecord(
      row,
      expectedSeq,
      prevHash,
      () => invalid(row),
      () => digest(prevHash, row),
    );
    if (failure) return { ok: false, records: count, ...failure };
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
    headSeq = row.seq;
    count++;
  }
  return { ok: true, records: count, headSeq, headHash: prevHash };
}
