/**
 * The audit hash chain: hash = sha256(prevHash + "\n" + canonical JSON of the record). Appending and
 * verifying share `recordHash`, so the two can never disagree about what is hashed.
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

export function recordHash(prevHash: string, r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
  return oneShotHash('sha256', `${prevHash}\n${recordText(r)}`, 'hex');
}

export type ChainVerdict =
  | { ok: true; records: number; headSeq: number | null; headHash: string }
  | {
      ok: false;
      records: number;
      firstBadSeq: number;
      problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap';
      detail: string;
    };

/**
 * Walks the chain in sequence order. Edits break a record's hash, deletions leave a gap in `seq` or
 * a broken link, reordering breaks both. Cutting records off the end is only visible against a
 * head hash kept elsewhere, which is why the verdict reports the head.
 */
export function verifyChain(rows: Iterable<AuditRow>): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq: number | null = null;
  let count = 0;
  let headSeq: number | null = null;
  for (const row of rows) {
    if (expectedSeq !== null && row.seq !== expectedSeq) {
      return { ok: false, records: count, firstBadSeq: row.seq, problem: 'sequence_gap', detail: `expected record ${expectedSeq}, found ${row.seq}` };
    }
    if (row.prevHash !== prevHash) {
      return { ok: false, records: count, firstBadSeq: row.seq, problem: 'broken_link', detail: 'prev_hash does not match the previous record' };
    }
    if (recordHash(prevHash, row) !== row.hash) {
      return { ok: false, records: count, firstBadSeq: row.seq, problem: 'hash_mismatch', detail: 'record content does not match its hash' };
    }
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
    headSeq = row.seq;
    count++;
  }
  return { ok: true, records: count, headSeq, headHash: prevHash };
}
