/**
 * Verifying the audit chain stored in SQLite, fast: each row stores the exact text its hash covers
 * (`body`), so verifying only reads and hashes. Rows come back 256 at a time as one string, and
 * ranges of `seq` can be checked by several threads at once. The verdicts are exactly
 * `verifyStoredChain`'s: the same checks in the same order, the same first bad record.
 *
 * Two passes over a range of `seq`:
 * - the fast pass only decides "everything in this range is fine". Per record it checks the link
 *   (the stored prev_hash equals the previous record's hash), that the body carries the row's seq,
 *   and the hash, and per range that `seq` has no gap; rows whose body or hashes are not text come
 *   back as a marker. Anything unexpected makes it give up on the range;
 * - the precise pass then walks that range row by row with `checkRecord`, like `verifyStoredChain`,
 *   and names the first bad record and its problem.
 * A range does not know the record before it, so the link into its first record and the `seq`
 * continuity across ranges are checked when the ranges are merged, in order.
 *
 * Only `seq`, `body`, `prev_hash` and `hash` are read, so a plain copy of the table (no generated
 * columns, no rowid alias) verifies too.
 *
 * This module imports no ORM and no configuration: worker threads load it on their own.
 */
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { bodyProblem, checkRecord, GENESIS_HASH, type ChainProblem, type ChainVerdict } from './audit-chain.js';

/** Records fetched per statement execution by the fast pass. */
export const GROUP_SIZE = 256;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const RECORD_SEPARATOR_BYTE = 0x1e;
const SEQ_KEY_LENGTH = 7; // ,"seq":
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_RANGE_SPAN = 2 ** 48;

/**
 * One run of UTF-8 bytes per group of rows, records separated by 0x1E: `hash || prev_hash || "\n" || body`,
 * or 0x1F for a row whose body or hashes are not text (the precise pass will say why). The
 * appender never writes U+001E: hashes are hex, and the body is JSON, whose strings escape control
 * characters. A forged body holding one splits into pieces that cannot all match their hashes, and
 * the precise pass takes over.
 * Both hashes must be TEXT (a BLOB with the same bytes is not what the reference compares equal)
 * of 64 bytes, which keeps every record's fields at fixed byte offsets.
 * The rows are concatenated in the order the rowid range scan visits them, which is seq order; were
 * it ever not, the links and seqs would not match and the precise pass would take over (a subquery
 * with ORDER BY costs a copy of every record).
 */
const FAST_GROUP_SQL = `SELECT count(*), CAST(group_concat(
    CASE WHEN typeof(hash) = 'text' AND octet_length(hash) = 64 AND typeof(prev_hash) = 'text' AND octet_length(prev_hash) = 64 AND typeof(body) = 'text'
      THEN hash || prev_hash || char(10) || body ELSE char(31) END,
    char(30)) AS BLOB)
  FROM audit_log WHERE seq >= ? AND seq < ?`;

/**
 * A group holding as many records as its range has integers is complete (seq is the rowid: unique
 * integers), and its first and last seq are its bounds. Only a group that is not (the end of the
 * log, or a gap) asks for them, which spares two aggregates per record on every full group.
 */
const GROUP_BOUNDS_SQL = 'SELECT min(seq), max(seq) FROM audit_log WHERE seq >= ? AND seq < ?';

/** Row by row: seq (null unless a safe integer), body, prev_hash, hash. */
const PRECISE_SELECT = `SELECT CASE WHEN typeof(seq) = 'integer' AND seq BETWEEN -${MAX_SAFE} AND ${MAX_SAFE} THEN seq END, body, prev_hash, hash FROM audit_log`;
const PRECISE_RANGE_SQL = `${PRECISE_SELECT} WHERE seq >= ? AND seq < ? ORDER BY seq`;
const PRECISE_ALL_SQL = `${PRECISE_SELECT} ORDER BY seq`;

type PreciseRow = [seq: number | null, body: unknown, prevHash: unknown, hash: unknown];

export interface ChunkFailure {
  firstBadSeq: number;
  problem: ChainProblem;
  detail: string;
}

/** What a range of `seq` says about itself; the merge checks how it joins the range before it. */
export interface ChunkResult {
  index: number;
  /** null when the range holds no record. */
  firstSeq: number | null;
  /** The stored prev_hash of the first record, unchecked. */
  firstPrevHash: unknown;
  lastSeq: number | null;
  lastHash: string;
  /** Records that verified, before the failure if there is one. */
  count: number;
  /** The first failure inside the range, not counting the first record's seq and link. */
  failure: ChunkFailure | null;
}

type RangeResult = Omit<ChunkResult, 'index'>;

export type AuditVerifyPlan =
  | { kind: 'empty' }
  /** `seq` is not the table's INTEGER PRIMARY KEY (or out of range): one precise pass in seq order. */
  | { kind: 'whole' }
  | { kind: 'ranges'; min: number; max: number };

/**
 * Ranges of `seq` are only sound when `seq` is the rowid: unique integers, so a range holding
 * max - min + 1 records has no gap, and range scans visit every record.
 */
function seqIsRowid(client: Database.Database): boolean {
  const columns = client.prepare(`SELECT name, type, pk FROM pragma_table_info('audit_log')`).all() as { name: string; type: string; pk: number }[];
  if (columns.length === 0) throw new Error('no such table: audit_log');
  const keys = columns.filter((c) => c.pk > 0);
  if (keys.length !== 1 || keys[0]!.name !== 'seq' || keys[0]!.type.toUpperCase() !== 'INTEGER') return false;
  // An INTEGER PRIMARY KEY that is not a rowid alias (DESC, WITHOUT ROWID) is backed by an index.
  return client.prepare(`SELECT 1 FROM pragma_index_list('audit_log') WHERE origin = 'pk'`).get() === undefined;
}

export function planAuditVerify(client: Database.Database): AuditVerifyPlan {
  if (!seqIsRowid(client)) return { kind: 'whole' };
  // Two queries: SQLite looks a lone min() or max() up in the b-tree, but scans the table for both.
  const min = client.prepare('SELECT min(seq) FROM audit_log').pluck().get() as number | null;
  const max = client.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null;
  if (min === null || max === null) return { kind: 'empty' };
  // Beyond 2^48 (only a forged seq gets there) range arithmetic could lose exactness; one pass instead.
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max - min > MAX_RANGE_SPAN) return { kind: 'whole' };
  return { kind: 'ranges', min, max };
}

/** The precise pass over rows in seq order. `start` null: the rows begin a range (see ChunkResult). */
function preciseRows(rows: Iterable<PreciseRow>, start: { prevHash: string; expectedSeq: number } | null, fallbackSeq: number): RangeResult {
  let expectedSeq = start?.expectedSeq ?? null;
  let prevHash: unknown = start?.prevHash ?? null;
  const result: RangeResult = { firstSeq: null, firstPrevHash: null, lastSeq: null, lastHash: GENESIS_HASH, count: 0, failure: null };
  for (const [seq, body, storedPrev, storedHash] of rows) {
    if (result.firstSeq === null) {
      result.firstSeq = seq ?? expectedSeq ?? fallbackSeq;
      result.firstPrevHash = storedPrev;
      // The merge checks the first record's place and link against the range before it.
      if (expectedSeq === null) {
        expectedSeq = result.firstSeq;
        prevHash = storedPrev;
      }
    }
    const failure = checkRecord(
      { seq, prevHash: storedPrev, hash: storedHash },
      expectedSeq!,
      prevHash as string,
      // Only called once seq is known to be a safe integer and the link to match.
      () => bodyProblem(seq!, body),
      () => hash('sha256', `${storedPrev as string}\n${body as string}`, 'hex'),
    );
    if (failure) {
      result.failure = failure;
      return result;
    }
    prevHash = storedHash;
    expectedSeq = seq! + 1;
    result.lastSeq = seq;
    result.lastHash = storedHash as string;
    result.count++;
  }
  return result;
}

/** Verifies ranges of `seq` on one connection. */
export class RangeVerifier {
  private readonly group: Database.Statement<[number, number]>;
  private readonly bounds: Database.Statement<[number, number]>;
  private readonly next: Database.Statement<[number, number]>;
  private readonly precise: Database.Statement<[number, number]>;

  constructor(private readonly client: Database.Database) {
    this.group = client.prepare<[number, number]>(FAST_GROUP_SQL).raw();
    this.bounds = client.prepare<[number, number]>(GROUP_BOUNDS_SQL).raw();
    this.next = client.prepare<[number, number]>('SELECT min(seq) FROM audit_log WHERE seq >= ? AND seq < ?').pluck();
    this.precise = client.prepare<[number, number]>(PRECISE_RANGE_SQL).raw();
  }

  /** Records with lo <= seq < hi. */
  verify(lo: number, hi: number): RangeResult {
    return this.fast(lo, hi) ?? this.preciseRange(lo, hi);
  }

  preciseRange(lo: number, hi: number): RangeResult {
    return preciseRows(this.precise.iterate(lo, hi) as IterableIterator<PreciseRow>, null, lo);
  }

  /** The whole table in seq order, from record 1: for tables whose seq is not the rowid. */
  preciseAll(): ChainVerdict {
    const rows = this.client.prepare(PRECISE_ALL_SQL).raw().iterate() as IterableIterator<PreciseRow>;
    return merge([{ index: 0, ...preciseRows(rows, { prevHash: GENESIS_HASH, expectedSeq: 1 }, 1) }]);
  }

  /** The fast pass: the range's result when every record in it is fine, otherwise null. */
  private fast(lo: number, hi: number): RangeResult | null {
    let firstSeq: number | null = null;
    let firstPrevHash = '';
    let lastSeq: number | null = null;
    let prev = '';
    let count = 0;
    for (let from = lo; from < hi; ) {
      const to = Math.min(from + GROUP_SIZE, hi);
      const [n, bytes] = this.group.get(from, to) as [number, Buffer | null];
      if (n === 0) {
        // Nothing here: the range is done, or its next record lies further on. That is a gap if a
        // record came before it; if none did, carry on from there (a sparse range costs no more
        // than its records).
        const next = this.next.get(to, hi) as number | null;
        if (next === null) break;
        if (lastSeq !== null) return null;
        from = next;
        continue;
      }
      let min = from;
      let max = to - 1;
      if (n !== to - from) [min, max] = this.bounds.get(from, to) as [number, number];
      from = to;
      if (bytes === null || max - min + 1 !== n) return null;
      if (lastSeq !== null && min !== lastSeq + 1) return null;
      // The group comes back as its UTF-8 bytes: hashing them as they are saves decoding them
      // into a string and encoding each record again. Hashing bytes equals hashing the text only
      // for valid UTF-8, which the reference reads; anything else is the precise pass's to judge.
      if (!isUtf8(bytes)) return null;
      let pos = 0;
      let records = 0;
      let prevHashAt = -1;
      for (;;) {
        let end = bytes.indexOf(RECORD_SEPARATOR_BYTE, pos);
        if (end === -1) end = bytes.length;
        // hash (64) + prev_hash (64) + "\n" + body: anything shorter is the invalid marker.
        if (end - pos < 130 || bytes[pos + 128] !== 10) return null;
        // The body must carry this row's seq (see bodyProblem): rows are consecutive from min.
        const seqKey = lastSeqKey(bytes, pos + 129, end);
        if (seqKey === -1 || !holdsSeq(bytes, seqKey + SEQ_KEY_LENGTH, min + records, end)) return null;
        if (firstSeq === null) {
          firstSeq = min;
          firstPrevHash = bytes.toString('latin1', pos + 64, pos + 128);
          if (!HEX64.test(firstPrevHash)) return null;
        } else if (prevHashAt === -1 ? bytes.toString('latin1', pos + 64, pos + 128) !== prev : !sameHash(bytes, prevHashAt, pos + 64)) {
          return null;
        }
        const digest = hash('sha256', bytes.subarray(pos + 64, end), 'hex');
        if (bytes.toString('latin1', pos, pos + 64) !== digest) return null;
        prev = digest;
        // The next record's prev_hash is compared with this stored hash, now known to equal the digest.
        prevHashAt = pos;
        records++;
        if (end === bytes.length) break;
        pos = end + 1;
      }
      if (records !== n) return null;
      count += n;
      lastSeq = max;
    }
    return { firstSeq, firstPrevHash, lastSeq, lastHash: firstSeq === null ? GENESIS_HASH : prev, count, failure: null };
  }
}

/**
 * Where the last `,"seq":` in bytes[from, end) starts, or -1 (see seqValueAt). A loop here, not
 * Buffer.lastIndexOf: the key sits a few dozen bytes from the end, and the native call's fixed cost
 * was most of the search.
 */
function lastSeqKey(bytes: Buffer, from: number, end: number): number {
  // , " s e q " :
  for (let i = end - 1; i >= from + 6; i--) {
    if (bytes[i] === 58 && bytes[i - 1] === 34 && bytes[i - 2] === 113 && bytes[i - 3] === 101 && bytes[i - 4] === 115 && bytes[i - 5] === 34 && bytes[i - 6] === 44) {
      return i - 6;
    }
  }
  return -1;
}

/** Whether the 64 bytes at `a` equal those at `b`; a loop costs less than Buffer.compare's argument checks. */
function sameHash(bytes: Buffer, a: number, b: number): boolean {
  for (let k = 0; k < 64; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

/**
 * Whether `bytes` holds the decimal digits of `seq` at `at`, followed by ',' or '}' before `end`:
 * the body's own seq, compared without making a string of either. A negative seq (only a forged
 * rowid has one) is left to the precise pass.
 */
function holdsSeq(bytes: Buffer, at: number, seq: number, end: number): boolean {
  if (seq < 0) return false;
  let digits = 1;
  for (let v = seq; v >= 10; v = Math.floor(v / 10)) digits++;
  const stop = at + digits;
  if (stop >= end || (bytes[stop] !== 44 && bytes[stop] !== 125)) return false;
  let v = seq;
  for (let i = stop - 1; i >= at; i--) {
    if (bytes[i] !== 48 + (v % 10)) return false;
    v = Math.floor(v / 10);
  }
  return true;
}

/**
 * Joins range results, in order, into the verdict `verifyChain` would give for the whole chain:
 * each range's first record must carry on the sequence and link to the last record before it.
 */
export function merge(results: readonly ChunkResult[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let records = 0;
  let headSeq: number | null = null;
  for (const r of results) {
    if (r.firstSeq === null) continue;
    if (r.firstSeq !== expectedSeq) {
      return { ok: false, records, firstBadSeq: r.firstSeq, problem: 'sequence_gap', detail: `expected record ${expectedSeq}, found ${r.firstSeq}` };
    }
    if (r.firstPrevHash !== prevHash) {
      const detail = expectedSeq === 1 ? 'the first record does not link to the genesis hash' : 'prev_hash does not match the previous record';
      return { ok: false, records, firstBadSeq: r.firstSeq, problem: 'broken_link', detail };
    }
    if (r.failure) return { ok: false, records: records + r.count, ...r.failure };
    records += r.count;
    prevHash = r.lastHash;
    expectedSeq = r.lastSeq! + 1;
    headSeq = r.lastSeq;
  }
  return { ok: true, records, headSeq, headHash: prevHash };
}

/** How the seq range [min, max] is cut into `chunks` ranges of `size`. */
export interface ChunkLayout {
  min: number;
  size: number;
  chunks: number;
}

export function chunkLayout(min: number, max: number, chunks: number): ChunkLayout {
  const span = max - min + 1;
  const size = Math.max(GROUP_SIZE, Math.ceil(span / chunks / GROUP_SIZE) * GROUP_SIZE);
  return { min, size, chunks: Math.ceil(span / size) };
}

/** Slots of the shared control array: the next chunk to claim, and the lowest chunk known to fail. */
export const NEXT_CHUNK = 0;
export const FIRST_FAILED = 1;

/**
 * Claims chunks from the shared counter until none is left, or until every remaining chunk lies
 * after one known to fail (the verdict cannot depend on it). `owners[i]` records who claimed chunk
 * i, so the main thread can redo the chunks of a worker that died.
 */
export function claimChunks(
  verifier: RangeVerifier,
  layout: ChunkLayout,
  control: Int32Array,
  owners: Int32Array,
  owner: number,
  report: (result: ChunkResult) => void,
): void {
  for (;;) {
    const index = Atomics.add(control, NEXT_CHUNK, 1);
    if (index >= layout.chunks || index > Atomics.load(control, FIRST_FAILED)) return;
    Atomics.store(owners, index, owner);
    const result = verifyChunk(verifier, layout, index);
    if (result.failure) lowerFirstFailed(control, index);
    report(result);
  }
}

export function verifyChunk(verifier: RangeVerifier, layout: ChunkLayout, index: number): ChunkResult {
  // Both ends computed the same way as the neighbours' (spans stay below 2^48, so this is exact).
  return { index, ...verifier.verify(layout.min + index * layout.size, layout.min + (index + 1) * layout.size) };
}

function lowerFirstFailed(control: Int32Array, index: number): void {
  for (;;) {
    const current = Atomics.load(control, FIRST_FAILED);
    if (index >= current || Atomics.compareExchange(control, FIRST_FAILED, current, index) === current) return;
  }
}

/** Chunk size for a single thread: big enough that per-range overhead does not show. */
const SINGLE_THREAD_CHUNK = 65_536;
/** However sparse the seq range (a forged far-off seq), no more ranges than this on one thread. */
const MAX_SINGLE_THREAD_CHUNKS = 1_024;

/** Verifies the audit log on this connection, on this thread. */
export function verifyAuditDatabase(client: Database.Database): ChainVerdict {
  const plan = planAuditVerify(client);
  if (plan.kind === 'empty') return { ok: true, records: 0, headSeq: null, headHash: GENESIS_HASH };
  const verifier = new RangeVerifier(client);
  if (plan.kind === 'whole') return verifier.preciseAll();
  const layout = chunkLayout(plan.min, plan.max, Math.min(Math.ceil((plan.max - plan.min + 1) / SINGLE_THREAD_CHUNK), MAX_SINGLE_THREAD_CHUNKS));
  const results: ChunkResult[] = [];
  for (let index = 0; index < layout.chunks; index++) {
    const result = verifyChunk(verifier, layout, index);
    results.push(result);
    if (result.failure) break;
  }
  return merge(results);
}

export interface ParallelVerifyOptions {
  /** Threads in all, this one included (default: the machine's available parallelism, at most 8). */
  threads?: number;
  /** Logs spanning fewer records than this are verified on this thread alone (default 50,000). */
  minRecordsForThreads?: number;
  /** Whether this thread claims chunks too (default true); false leaves them to the workers (tests). */
  workOnMainThread?: boolean;
  /** Called once with how the work was shared out. */
  onStats?: (stats: ParallelVerifyStats) => void;
}

export interface ParallelVerifyStats {
  threads: number;
  chunks: number;
  /** Chunks verified by this thread, then by each worker. */
  chunksByThread: number[];
  /** Milliseconds from spawning each worker to its first chunk verified (null: it verified none). */
  workerFirstResultMs: (number | null)[];
  workerErrors: string[];
}

const CHUNKS_PER_THREAD = 32;
const MAIN_THREAD = 1;

/**
 * `verifyAuditDatabase`, with ranges of `seq` shared between this thread and worker threads that
 * open the same file read-only. Workers start in the background (loading the TypeScript sources
 * takes a few hundred milliseconds) while this thread is already verifying; chunks are claimed
 * from a shared counter, so whoever is free takes the next one. A worker that fails leaves its
 * chunks to this thread. Workers see committed data only, so call this outside a write transaction.
 */
export async function verifyAuditDatabaseParallel(client: Database.Database, options: ParallelVerifyOptions = {}): Promise<ChainVerdict> {
  const threads = Math.max(1, Math.min(Math.floor(options.threads ?? availableParallelism()), 8));
  const plan = planAuditVerify(client);
  const span = plan.kind === 'ranges' ? plan.max - plan.min + 1 : 0;
  if (plan.kind !== 'ranges' || threads === 1 || span < (options.minRecordsForThreads ?? 50_000) || client.memory || client.name === '') {
    options.onStats?.({ threads: 1, chunks: 1, chunksByThread: [1], workerFirstResultMs: [], workerErrors: [] });
    return verifyAuditDatabase(client);
  }

  const layout = chunkLayout(plan.min, plan.max, threads * CHUNKS_PER_THREAD);
  const control = new Int32Array(new SharedArrayBuffer(8));
  control[FIRST_FAILED] = layout.chunks;
  const owners = new Int32Array(new SharedArrayBuffer(4 * layout.chunks));
  const results: (ChunkResult | undefined)[] = new Array<ChunkResult | undefined>(layout.chunks);
  const chunksByThread = new Array<number>(threads).fill(0);
  const workerFirstResultMs = new Array<number | null>(threads - 1).fill(null);
  const workerErrors: string[] = [];
  const alive = new Set<number>();
  let wake: (() => void) | null = null;
  const record = (result: ChunkResult, thread: number) => {
    if (results[result.index]) return;
    results[result.index] = result;
    chunksByThread[thread]!++;
    if (result.failure) lowerFirstFailed(control, result.index);
  };

  const workerUrl = new URL('../../bin/audit-verify-worker.js', import.meta.url);
  const workers = Array.from({ length: threads - 1 }, (_, k) => {
    const owner = MAIN_THREAD + 1 + k;
    const started = performance.timeOrigin + performance.now();
    // No inherited execArgv: under `node --import tsx` every worker would first start tsx's ESM
    // loader (a thread of its own, ~100 ms) that it does not use; the worker registers what it needs.
    const worker = new Worker(workerUrl, { execArgv: [], workerData: { path: client.name, layout, control, owners, owner } satisfies AuditVerifyWorkerData });
    alive.add(owner);
    worker.on('message', ({ result, at }: WorkerMessage) => {
      workerFirstResultMs[k] ??= at - started;
      record(result, k + 1);
      wake?.();
    });
    worker.on('error', (error) => workerErrors.push(error instanceof Error ? error.message : String(error)));
    worker.on('exit', () => {
      alive.delete(owner);
      wake?.();
    });
    return worker;
  });

  try {
    const verifier = new RangeVerifier(client);
    if (options.workOnMainThread !== false) claimChunks(verifier, layout, control, owners, MAIN_THREAD, (result) => record(result, 0));
    for (;;) {
      const last = Math.min(Atomics.load(control, FIRST_FAILED), layout.chunks - 1);
      let missing = -1;
      let orphan = -1;
      for (let i = 0; i <= last && orphan === -1; i++) {
        if (results[i]) continue;
        if (missing === -1) missing = i;
        const owner = Atomics.load(owners, i);
        if (owner === MAIN_THREAD || (owner === 0 ? alive.size === 0 : !alive.has(owner))) orphan = i;
      }
      if (missing === -1) break;
      if (orphan !== -1) {
        record(verifyChunk(verifier, layout, orphan), 0);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  options.onStats?.({ threads, chunks: layout.chunks, chunksByThread, workerFirstResultMs, workerErrors });
  const last = Math.min(Atomics.load(control, FIRST_FAILED), layout.chunks - 1);
  return merge(results.slice(0, last + 1) as ChunkResult[]);
}

/** What a worker posts per chunk; `at` is performance.timeOrigin + performance.now() in the worker. */
export interface WorkerMessage {
  result: ChunkResult;
  at: number;
}

/** What a worker thread is given (see audit-verify-worker.ts). */
export interface AuditVerifyWorkerData {
  path: string;
  layout: ChunkLayout;
  control: Int32Array;
  owners: Int32Array;
  owner: number;
}
