/**
 * How fast the audit chain verifies and exports at 1,000,000 records.
 *
 *   node --import tsx bench/audit-verify.bench.ts        (or: node bench/run.js audit)
 *   BENCH_RECORDS=200000 node --import tsx bench/audit-verify.bench.ts
 *   BENCH_KEEP_DB=1 ...   keeps the database file (for profiling verify on it afterwards)
 *   BENCH_DB=/tmp/.../audit.db ...   verifies and exports a kept file instead of generating one
 *
 * The first records go through the real append path (createAuditLog); the rest are bulk-inserted
 * with a raw prepared statement (body = recordText, hash over it), after checking that the bulk
 * generator produces exactly the rows the append path stored. Goal: verify >= 500k records/s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { runCli } from '../src/cli/main.js';
import type { AuditEventInput } from '../src/core/audit.js';
import type { Actor } from '../src/core/types.js';
import { bodyHash, GENESIS_HASH, recordText, type AuditRow, type ChainVerdict, type StoredAuditRow } from '../src/store/audit-chain.js';
import { createAuditLog, iterateAuditRows, verifyAuditLog, verifyAuditLogParallel } from '../src/store/audit-repository.js';
import type { ParallelVerifyStats } from '../src/store/audit-verify.js';
import { canonicalJson } from '../src/store/canonical-json.js';
import { openDatabase, openDatabaseReadOnly, type Db } from '../src/store/open-database.js';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const VIA_APPEND = Math.min(5_000, TOTAL);
const BULK_TRANSACTION = 100_000;
const GOAL_PER_SECOND = 500_000;
const VERIFY_RUNS = 3;
const SINGLE_RUNS = 2;

const START_AT = Date.UTC(2026, 0, 5, 9, 0, 0);
const POLICY_HASH = '396130b528c82d8f792e332e3741fd80b54001f3dc6c3479466169297a6e13f7';
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'].map((n) => `${n}@example.com`);
const RESOURCES = ['prod-db', 'prod-db-write', 'aws-admin', 'vpn-contractors', 'staging'];
const SYSTEM: Actor = { email: 'system', platform: 'system', platformUserId: null };

const person = (i: number): Actor => {
  const email = PEOPLE[i % PEOPLE.length]!;
  return { email, platform: i % 7 === 0 ? 'teams' : 'slack', platformUserId: `U${email.split('@')[0]!.toUpperCase()}${i % 97}` };
};
const reqId = (n: number) => `req_01JD${n.toString(36).toUpperCase().padStart(8, '0')}K3Q9ZB`;
const grtId = (n: number) => `grt_01JD${n.toString(36).toUpperCase().padStart(8, '0')}M7X2CA`;

/** Record i of a realistic trail: each request produces six events, with a refusal now and then. */
function event(i: number): { at: number; event: AuditEventInput } {
  const n = Math.floor(i / 6);
  const step = i % 6;
  const at = START_AT + i * 1_500 + (i % 13) * 37;
  const requester = person(n);
  const approver = person(n + 3);
  const approvers = [approver.email, person(n + 4).email];
  const resourceId = RESOURCES[n % RESOURCES.length]!;
  let e: AuditEventInput;
  switch (step) {
    case 0:
      e = {
        type: 'access.requested',
        actor: requester,
        subject: reqId(n),
        data: { requestId: reqId(n), resourceId, durationMs: 3_600_000, justification: `investigating INC-${4000 + (n % 5000)}: slow queries`, approvers, approvalsRequired: 1, policyHash: POLICY_HASH },
      };
      break;
    case 1:
      e = n % 11 === 0
        ? { type: 'refused', actor: requester, subject: reqId(n), data: { requestId: reqId(n), action: 'access.approve', code: 'SELF_APPROVAL', reason: 'you cannot approve your own request', policyHash: POLICY_HASH } }
        : { type: 'access.approval_recorded', actor: approver, subject: reqId(n), data: { requestId: reqId(n), approvalsSoFar: [approver.email], approvalsRequired: 1, policyHash: POLICY_HASH } };
      break;
    case 2:
      e = { type: 'access.approved', actor: approver, subject: reqId(n), data: { requestId: reqId(n), approvers: [approver.email], policyHash: POLICY_HASH } };
      break;
    case 3:
      e = { type: 'access.provisioned', actor: SYSTEM, subject: grtId(n), data: { requestId: reqId(n), expiresAt: at + 3_600_000, policyHash: POLICY_HASH } };
      break;
    case 4:
      e = { type: 'access.ended', actor: SYSTEM, subject: grtId(n), data: { requestId: reqId(n), reason: 'expired', revokeAtProvider: true, policyHash: POLICY_HASH } };
      break;
    default:
      e = { type: 'access.revoked', actor: SYSTEM, subject: grtId(n), data: { requestId: reqId(n), approvers, policyHash: POLICY_HASH } };
  }
  return { at, event: e };
}

/** Record i as the chain hashes it (what createAuditLog would store, minus the hashes). */
function fields(i: number): Omit<AuditRow, 'prevHash' | 'hash'> {
  const { at, event: e } = event(i);
  return {
    seq: i + 1,
    at,
    type: e.type,
    actorEmail: e.actor.email,
    actorPlatform: e.actor.platform,
    actorPlatformUserId: e.actor.platformUserId,
    subject: e.subject,
    data: canonicalJson(e.data),
  };
}

/** Runs `verify` `runs` times on fresh read-only connections; wall and process CPU seconds per run. */
async function measureVerify(
  path: string,
  expectedHead: string,
  runs: number,
  verify: (db: Db) => Promise<{ verdict: ChainVerdict; stats: ParallelVerifyStats | undefined }>,
): Promise<{ wall: number[]; cpu: number[]; stats: ParallelVerifyStats | undefined }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let stats: ParallelVerifyStats | undefined;
  for (let run = 0; run < runs; run++) {
    const db = openDatabaseReadOnly(path);
    const before = process.cpuUsage();
    const started = performance.now();
    const result = await verify(db);
    wall.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1e6);
    db.$client.close();
    if (!result.verdict.ok || result.verdict.records !== TOTAL || result.verdict.headHash !== expectedHead) {
      throw new Error(`verify did not pass the generated chain: ${JSON.stringify(result.verdict)}`);
    }
    stats = result.stats ?? stats;
  }
  return { wall, cpu, stats };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);

/** Writes the trail into a new database at `path`; returns the head hash. */
function generate(path: string): string {
  const db = openDatabase(path);
  const raw = db.$client;

  // 1. The real append path, inside write transactions as the engine runs it.
  let t = performance.now();
  let clockNow = START_AT;
  const log = createAuditLog(db, { now: () => clockNow });
  for (let start = 0; start < VIA_APPEND; start += 1_000) {
    raw.transaction(() => {
      for (let i = start; i < Math.min(start + 1_000, VIA_APPEND); i++) {
        const { at, event: e } = event(i);
        clockNow = at;
        log.append(e);
      }
    }).immediate();
  }
  const appendSeconds = (performance.now() - t) / 1000;

  // 2. The bulk generator must reproduce the append path's chain exactly: the stored rows, and the
  // records the readers build from them.
  let prev = GENESIS_HASH;
  let checked = 0;
  const stored = raw.prepare('SELECT seq, body, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<StoredAuditRow>;
  for (const row of iterateAuditRows(db)) {
    const f = fields(checked);
    const body = recordText(f);
    const hash = bodyHash(prev, body);
    const expected: AuditRow = { ...f, prevHash: prev, hash };
    const expectedStored: StoredAuditRow = { seq: f.seq, body, prevHash: prev, hash };
    const storedRow = stored.next().value;
    if (JSON.stringify(row) !== JSON.stringify(expected) || JSON.stringify(storedRow) !== JSON.stringify(expectedStored)) {
      throw new Error(`bulk generator differs from the append path at record ${row.seq}:\n${JSON.stringify(storedRow)}\n${JSON.stringify(expectedStored)}`);
    }
    prev = hash;
    checked++;
  }
  stored.return?.();
  if (checked !== VIA_APPEND) throw new Error(`expected ${VIA_APPEND} appended records, found ${checked}`);
  line('append path', `${fmt(VIA_APPEND)} records in ${appendSeconds.toFixed(2)} s (${fmt(VIA_APPEND / appendSeconds)}/s), bulk generator matches all of them`);

  // 3. Bulk insert the rest with a raw prepared statement, big transactions.
  t = performance.now();
  const insert = raw.prepare('INSERT INTO audit_log (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)');
  for (let start = VIA_APPEND; start < TOTAL; start += BULK_TRANSACTION) {
    raw.transaction(() => {
      for (let i = start; i < Math.min(start + BULK_TRANSACTION, TOTAL); i++) {
        const body = recordText(fields(i));
        const hash = bodyHash(prev, body);
        insert.run(i + 1, body, prev, hash);
        prev = hash;
      }
    }).immediate();
  }
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const bulkSeconds = (performance.now() - t) / 1000;
  line('bulk insert', `${fmt(TOTAL - VIA_APPEND)} records in ${bulkSeconds.toFixed(1)} s (${fmt((TOTAL - VIA_APPEND) / bulkSeconds)}/s)`);
  line('database file', mb(statSync(path).size));
  db.$client.close();
  return prev;
}

async function main(): Promise<void> {
  const given = process.env.BENCH_DB;
  const dir = given ? null : mkdtempSync(join(tmpdir(), 'gatehouse-bench-audit-'));
  const path = given ?? join(dir!, 'audit.db');
  try {
    console.log(`audit chain: ${fmt(TOTAL)} records in ${path}`);
    let expectedHead: string;
    if (given) {
      // A trail kept from an earlier run (BENCH_KEEP_DB): verified as it is, not regenerated.
      const db = openDatabaseReadOnly(given);
      const count = db.$client.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
      expectedHead = db.$client.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').pluck().get() as string;
      db.$client.close();
      if (count !== TOTAL) throw new Error(`${given} holds ${count} records; set BENCH_RECORDS=${count}`);
    } else {
      expectedHead = generate(path);
    }

    // 4. Verification, each run on a fresh read-only connection, as `gatehouse audit verify` opens it.
    // CPU time (all threads of the process) is reported beside wall time: on a shared machine it is
    // the steadier figure, and CPU-normalised = records / (CPU seconds / threads) is the rate the
    // same work would reach with one idle core per thread.
    console.log('audit verify (verifyAuditLogParallel: stored body, worker threads)');
    const p = await measureVerify(path, expectedHead, VERIFY_RUNS, async (db) => {
      let stats: ParallelVerifyStats | undefined;
      const verdict = await verifyAuditLogParallel(db, { onStats: (st) => (stats = st) });
      return { verdict, stats };
    });
    const threads = p.stats?.threads ?? 1;
    line('threads (this one + workers)', `${threads} of ${availableParallelism()} CPUs; chunks per thread ${p.stats?.chunksByThread.join(' / ') ?? '-'}`);
    line('worker start to first chunk (ms)', p.stats?.workerFirstResultMs.map((ms) => (ms === null ? 'none' : ms.toFixed(0))).join(', ') || '-');
    line('runs, wall (s)', p.wall.map((s) => s.toFixed(3)).join(', '));
    line('runs, CPU (s)', p.cpu.map((s) => s.toFixed(3)).join(', '));
    const rate = TOTAL / Math.min(...p.wall);
    const perCpu = TOTAL / Math.min(...p.cpu);
    const normalised = perCpu * threads;
    line('records/s (best wall)', fmt(rate));
    line('records per CPU-second (best)', fmt(perCpu));
    line('CPU-normalised records/s', `${fmt(normalised)} (${threads} threads x ${fmt(perCpu)})`);
    line('goal, wall', `>= ${fmt(GOAL_PER_SECOND)} records/s: ${rate >= GOAL_PER_SECOND ? 'PASS' : 'MISS'}`);
    line('goal, CPU-normalised', `>= ${fmt(GOAL_PER_SECOND)} records/s: ${normalised >= GOAL_PER_SECOND ? 'PASS' : 'MISS'}`);
    const s = await measureVerify(path, expectedHead, SINGLE_RUNS, async (db) => ({ verdict: verifyAuditLog(db), stats: undefined }));
    console.log('verifyAuditLog (the same checks on one thread, no workers)');
    line('runs, wall / CPU (s)', s.wall.map((w, i) => `${w.toFixed(3)} / ${s.cpu[i]!.toFixed(3)}`).join(', '));
    line('records per CPU-second (best)', `${fmt(TOTAL / Math.min(...s.cpu))} (${(Math.min(...s.cpu) * 1e6 / TOTAL).toFixed(2)} µs per record)`);
    line('load average (1 min) / CPUs', `${loadavg()[0]!.toFixed(1)} / ${availableParallelism()}`);

    // The real binary, start to finish: process start and the TypeScript loader included.
    const cliStarted = performance.now();
    const cliRun = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/gatehouse.js', import.meta.url)), 'audit', 'verify', '--db', path], { encoding: 'utf8' });
    const cliSeconds = (performance.now() - cliStarted) / 1000;
    if (cliRun.status !== 0 || !cliRun.stdout.includes(expectedHead)) throw new Error(`gatehouse audit verify failed: ${cliRun.stdout}${cliRun.stderr}`);
    line('gatehouse audit verify (process)', `${cliSeconds.toFixed(2)} s wall, ${fmt(TOTAL / cliSeconds)} records/s including start-up`);

    // 5. `gatehouse audit export --format jsonl` to a null sink, through the real CLI entry.
    // The sink swallows bytes synchronously, like /dev/null; it samples RSS as the rows stream by.
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let bytes = 0;
    let writes = 0;
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        bytes += chunk.length;
        if (++writes % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
        callback();
      },
    });
    const exportCpu = process.cpuUsage();
    const started = performance.now();
    const code = await runCli(['audit', 'export', '--format', 'jsonl', '--db', path], {
      out: sink,
      err: (text) => process.stderr.write(text),
      env: {},
      now: Date.now,
    });
    const exportSeconds = (performance.now() - started) / 1000;
    const exportCpuUsed = process.cpuUsage(exportCpu);
    const exportCpuSeconds = (exportCpuUsed.user + exportCpuUsed.system) / 1e6;
    peak = Math.max(peak, process.memoryUsage().rss);
    if (code !== 0) throw new Error(`audit export exited ${code}`);
    if (writes !== TOTAL) throw new Error(`audit export wrote ${writes} lines, expected ${TOTAL}`);
    console.log('audit export --format jsonl (null sink)');
    line('rows', fmt(writes));
    line('bytes written', mb(bytes));
    line('seconds', exportSeconds.toFixed(2));
    line('rows/s', `${fmt(writes / exportSeconds)} (${fmt(writes / exportCpuSeconds)} per CPU-second)`);
    line('RSS before', mb(baseline));
    line('peak RSS growth during export', `${mb(peak - baseline)} (${((100 * (peak - baseline)) / bytes).toFixed(1)}% of the bytes exported)`);
  } finally {
    if (!dir) {
      // The caller's file: left alone.
    } else if (process.env.BENCH_KEEP_DB) console.log(`  (kept ${path})`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
