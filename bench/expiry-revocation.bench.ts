/**
 * Expiry at scale, through the real engine, outbox and webhook provider against the webhook
 * receiver fixture answering in 20 ms.
 *
 *   node --import tsx bench/expiry-revocation.bench.ts        (or: node bench/run.js expiry)
 *   BENCH_GRANTS=2000 BENCH_LAG_GRANTS=300 node --import tsx bench/expiry-revocation.bench.ts
 *   BENCH_PROFILE=1 ...   also writes a .cpuprofile of the main thread during the burst sweep (path printed)
 *
 * 1. Burst: 10,000 active grants all due at once; `engine.sweep()` until every one is confirmed
 *    revoked. Goal: <= 15 s from the start of the sweep.
 * 2. Lag: grants expiring one after another over ~25 s, driven by the real sweeper on a 1-second
 *    cron; lag = when the receiver got the revoke - expires_at. Goal: p99 <= tick + 1 s = 2 s.
 *
 * Grants are seeded for real through the engine (see `seed`), with a fake clock set in the past so
 * they come due on the real clock. Distinct (person, resource) pairs, so no grant is covered by
 * another. The measured part runs on the real clock with the real webhook provider (resolver from
 * composeGatehouse). The receiver runs in a worker thread, like a customer endpoint that does not
 * share Gatehouse's event loop.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { composeGatehouse, type Gatehouse } from '../src/compose-gatehouse.js';
import type { Logger, Notifier } from '../src/core/ports.js';
import { recordProviderDone } from '../src/core/services/record-provider-outcome.js';
import type { RunEffectsOptions } from '../src/core/services/run-effects.js';
import { parsePolicy } from '../src/policy/load-policy.js';
import { startSweeper } from '../src/sweeper/start-sweeper.js';
import { createFakeClock } from '../test/support/fake-clock.js';
import { startWebhookReceiver } from '../test/fixtures/webhook-receiver.js';

const GRANTS = Number(process.env.BENCH_GRANTS ?? 10_000);
const LAG_GRANTS = Number(process.env.BENCH_LAG_GRANTS ?? 1_000);
const RECEIVER_DELAY_MS = 20;
const EFFECTS: RunEffectsOptions = { concurrency: 64 };
const BURST_GOAL_S = 15;
const TICK_MS = 1_000;
const LAG_GOAL_MS = TICK_MS + 1_000;
/** Lag scenario: expiries spread over this window, the first at least this long after seeding. */
const LAG_FIRST_MS = 6_000;
const LAG_WINDOW_MS = 24_000;

const SECRET = 'bench-webhook-secret-0123456789';
const ENV = { BENCH_WEBHOOK_SECRET: SECRET };
const PEOPLE = 100;
const HOUR = 3_600_000;
const PROFILE = process.env.BENCH_PROFILE === '1';

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const noopNotifier: Notifier = { deliver: async () => {}, reply: async () => {} };

const email = (p: number) => `user${String(p).padStart(3, '0')}@example.com`;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

// --- the receiver, in a worker thread -------------------------------------------------------------

/** What the main thread needs of each call the receiver got. */
interface Call {
  event: 'grant' | 'revoke' | null;
  grantId: string | null;
  at: number;
  status: number;
  port: number | undefined;
}

type ToReceiver = { type: 'calls' } | { type: 'close' };
type FromReceiver = { type: 'ready'; url: string } | { type: 'calls'; calls: Call[] } | { type: 'closed' };

async function receiverWorker(port: NonNullable<typeof parentPort>): Promise<void> {
  const receiver = await startWebhookReceiver({ secret: SECRET, delayMs: RECEIVER_DELAY_MS });
  port.on('message', (message: ToReceiver) => {
    if (message.type === 'calls') {
      const calls = receiver.calls.map((c): Call => ({ event: c.event, grantId: c.grant?.id ?? null, at: c.at, status: c.status, port: c.remotePort }));
      port.postMessage({ type: 'calls', calls } satisfies FromReceiver);
    } else {
      void receiver.close().then(() => {
        port.postMessage({ type: 'closed' } satisfies FromReceiver);
        port.close();
      });
    }
  });
  port.postMessage({ type: 'ready', url: receiver.url } satisfies FromReceiver);
}

interface RemoteReceiver {
  url: string;
  calls(): Promise<Call[]>;
  close(): Promise<void>;
}

async function startReceiverThread(): Promise<RemoteReceiver> {
  // A worker does not inherit tsx's loader on Node 20, so it registers it (as bin/gatehouse.js does)
  // before importing this file.
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { role: 'receiver' } });
  const next = (type: FromReceiver['type']) =>
    new Promise<FromReceiver>((resolve, reject) => {
      const onMessage = (message: FromReceiver) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const ready = await next('ready');
  if (ready.type !== 'ready') throw new Error('receiver did not start');
  return {
    url: ready.url,
    async calls() {
      const answer = next('calls');
      worker.postMessage({ type: 'calls' } satisfies ToReceiver);
      const message = await answer;
      return message.type === 'calls' ? message.calls : [];
    },
    async close() {
      const answer = next('closed');
      worker.postMessage({ type: 'close' } satisfies ToReceiver);
      await answer;
      await worker.terminate();
    },
  };
}

// --- policy and seeding --------------------------------------------------------------------------

function policyText(url: string, burstResources: number, lagResources: number): string {
  const resource = (id: string) => `  - id: ${id}
    name: Bench resource ${id}
    requesters: [group:eng]
    approvers: [group:owners]
    max_duration: 2h
    auto_approve: { requesters: [group:eng], max_duration: 2h }
    justification: { min_length: 0 }
    provider: { type: webhook, url: "${url}", secret_env: BENCH_WEBHOOK_SECRET, timeout: 10s }`;
  const ids = [
    ...Array.from({ length: burstResources }, (_, i) => `burst-${String(i).padStart(3, '0')}`),
    ...Array.from({ length: lagResources }, (_, i) => `lag-${String(i).padStart(3, '0')}`),
  ];
  return `version: 1
groups:
  eng: [${Array.from({ length: PEOPLE }, (_, p) => email(p)).join(', ')}]
  owners: [owner@example.com]
resources:
${ids.map(resource).join('\n')}
`;
}

interface Pair {
  email: string;
  resourceId: string;
}

function pairs(prefix: 'burst' | 'lag', n: number): Pair[] {
  return Array.from({ length: n }, (_, i) => ({
    email: email(i % PEOPLE),
    resourceId: `${prefix}-${String(Math.floor(i / PEOPLE)).padStart(3, '0')}`,
  }));
}

function count(g: Gatehouse, sql: string, ...params: unknown[]): number {
  return (g.db.$client.prepare(sql).get(...params) as { n: number }).n;
}

/**
 * Real grants, seeded through the engine: createRequest (auto-approved: request, grant, audit,
 * outbox), then the outbox's success path run synchronously in big transactions: claim each due
 * effect, record the provider's "done" with recordProviderDone (grant active, expires_at set,
 * audited), deliver notifications to nobody and complete the effect. That is what the outbox
 * worker writes when the provider answers 2xx, without the HTTP round trips in the setup.
 * The fake clock reads `provisionAt(...)` while provisioning: grant i expires at that + durationMs(i).
 */
function seed(
  dbPath: string,
  policy: ReturnType<typeof parsePolicy>,
  list: Pair[],
  durationMs: (i: number) => number,
  /** Gets how long creating the requests took (provisioning costs about as much). */
  provisionAt: (createMs: number) => number,
): number {
  const started = performance.now();
  const clock = createFakeClock(Date.now() - 2 * HOUR);
  const g = composeGatehouse({ dbPath, policy, env: ENV, logger: silent, notifier: noopNotifier, clock, effects: EFFECTS });
  const deps = g.engine.deps;
  try {
    // Each createRequest is its own write transaction; an outer one turns them into savepoints.
    for (let start = 0; start < list.length; start += 1_000) {
      g.db.$client.transaction(() => {
        for (let i = start; i < Math.min(start + 1_000, list.length); i++) {
          const { email: who, resourceId } = list[i]!;
          const created = g.engine.createRequest({
            actor: { email: who, platform: 'slack', platformUserId: `U${i}` },
            resourceId,
            durationMs: durationMs(i),
            justification: `bench grant ${i}`,
          });
          if (!created.grantId) throw new Error(`request ${i} was not auto-approved`);
        }
      }).immediate();
    }
    clock.set(provisionAt(performance.now() - started));
    for (let pass = 0; ; pass++) {
      const claimed = deps.store.write((tx) => {
        const rows = tx.outbox.claimDue(clock.now(), 5_000, 60_000, `seed-${pass}`);
        for (const row of rows) {
          if (row.effect.type === 'provider' && row.effect.action === 'grant') recordProviderDone(tx, deps, row.effect.grantId, 'grant');
          else if (row.effect.type === 'provider') throw new Error('unexpected revoke while seeding');
          tx.outbox.complete(row.id, row.claimToken, clock.now());
        }
        return rows.length;
      });
      if (claimed === 0) break;
    }
    const active = count(g, "SELECT count(*) AS n FROM grants WHERE status = 'active'");
    if (active !== list.length) throw new Error(`seeded ${active} active grants, expected ${list.length}`);
    const pending = count(g, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
    if (pending !== 0) throw new Error(`${pending} effects left pending after seeding`);
  } finally {
    g.close();
  }
  return (performance.now() - started) / 1000;
}

// --- measuring -----------------------------------------------------------------------------------

/** Most requests the receiver was working on at once: each is in flight from arrival to its delayed answer. */
function maxInFlight(calls: Call[], delayMs: number): number {
  const edges: [number, number][] = [];
  for (const call of calls) edges.push([call.at, 1], [call.at + delayMs, -1]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of edges) {
    now += delta;
    max = Math.max(max, now);
  }
  return max;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * CPU seconds the main thread alone has used (the receiver thread excluded), from Linux's per-thread
 * accounting; null elsewhere. The main thread is the one that sweeps and runs the effects.
 */
function mainThreadCpuSeconds(): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU and event-loop use over a stretch of time, to tell "CPU-bound here" from "waiting". */
function usageMeter() {
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuSeconds();
  const elu = performance.eventLoopUtilization();
  return () => {
    const used = process.cpuUsage(cpu);
    const loop = performance.eventLoopUtilization(elu);
    const mainNow = mainThreadCpuSeconds();
    return {
      cpuSeconds: (used.user + used.system) / 1e6,
      mainCpuSeconds: mainCpu === null || mainNow === null ? null : mainNow - mainCpu,
      mainThreadBusy: loop.utilization,
    };
  };
}

/** The main thread's CPU profile over a stretch of the run, written where `stop` is told. */
async function startProfiler(): Promise<{ stop(file: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

async function burst(dir: string, receiver: RemoteReceiver, policy: ReturnType<typeof parsePolicy>): Promise<void> {
  const dbPath = join(dir, 'burst.db');
  const list = pairs('burst', GRANTS);
  // Provisioned "an hour and a minute ago" for an hour: all due on the real clock.
  const seedSeconds = seed(dbPath, policy, list, () => HOUR, () => Date.now() - HOUR - 60_000);
  console.log(`burst: ${fmt(GRANTS)} grants all due at once, receiver answers in ${RECEIVER_DELAY_MS} ms, effects ${JSON.stringify(EFFECTS)}`);
  line('seeded (engine path, no HTTP)', `${seedSeconds.toFixed(1)} s`);

  const callsBefore = (await receiver.calls()).length;
  const g = composeGatehouse({ dbPath, policy, env: ENV, logger: silent, notifier: noopNotifier, effects: EFFECTS });
  try {
    const due = count(g, "SELECT count(*) AS n FROM grants WHERE status = 'active' AND expires_at <= ?", Date.now());
    if (due !== GRANTS) throw new Error(`${due} grants due, expected ${GRANTS}`);
    const profiler = PROFILE ? await startProfiler() : null;
    const usage = usageMeter();
    const startedWall = Date.now();
    const started = performance.now();
    let sweeps = 0;
    let revoked = 0;
    while (revoked < GRANTS && performance.now() - started < 180_000) {
      await g.engine.sweep();
      sweeps++;
      revoked = count(g, "SELECT count(*) AS n FROM grants WHERE status = 'revoked'");
    }
    const sweepSeconds = (performance.now() - started) / 1000;
    const used = usage();
    if (profiler) line('profile', await profiler.stop(join(tmpdir(), `gatehouse-expiry-burst-${process.pid}.cpuprofile`)));
    if (revoked !== GRANTS) throw new Error(`only ${revoked} of ${GRANTS} grants revoked after ${sweepSeconds.toFixed(1)} s`);
    // revoked_at is stamped on the real clock when the revocation is confirmed.
    const lastRevokedAt = count(g, "SELECT max(revoked_at) AS n FROM grants WHERE status = 'revoked'");
    const toAllRevoked = (lastRevokedAt - startedWall) / 1000;
    const revokeCalls = (await receiver.calls()).slice(callsBefore).filter((c) => c.event === 'revoke');
    const failedCalls = revokeCalls.filter((c) => c.status !== 200).length;
    const seen = new Set(revokeCalls.filter((c) => c.status === 200).map((c) => c.grantId));
    const grantIds = (g.db.$client.prepare('SELECT id FROM grants').all() as { id: string }[]).map((r) => r.id);
    const missing = grantIds.filter((id) => !seen.has(id)).length;
    const arrivals = revokeCalls.map((c) => c.at);
    const ended = count(g, "SELECT count(*) AS n FROM audit_log WHERE type = 'access.ended'");

    line('sweep start -> all revoked (confirmed)', `${toAllRevoked.toFixed(2)} s`);
    line('revocations/s', fmt(GRANTS / toAllRevoked));
    line('goal', `<= ${BURST_GOAL_S} s: ${toAllRevoked <= BURST_GOAL_S ? 'PASS' : 'MISS'}`);
    line('first / last revoke at the receiver', `${((Math.min(...arrivals) - startedWall) / 1000).toFixed(2)} s / ${((Math.max(...arrivals) - startedWall) / 1000).toFixed(2)} s after sweep start`);
    line('sweeps / total sweep time (incl. closure notes)', `${sweeps} / ${sweepSeconds.toFixed(2)} s`);
    line('revoke calls (non-2xx) / grants never revoked', `${fmt(revokeCalls.length)} (${failedCalls}) / ${missing}`);
    line('access.ended audit records', fmt(ended));
    // From the receiver's answer to the revocation being recorded: what outcome grouping costs.
    const answeredAt = new Map(revokeCalls.filter((c) => c.status === 200).map((c) => [c.grantId, c.at + RECEIVER_DELAY_MS]));
    const confirmDelays = (g.db.$client.prepare("SELECT id, revoked_at AS at FROM grants WHERE status = 'revoked'").all() as { id: string; at: number }[])
      .map((r) => r.at - (answeredAt.get(r.id) ?? r.at))
      .sort((a, b) => a - b);
    line('answer -> revocation recorded p50/p99/max (ms)', [50, 99, 100].map((p) => fmt(percentile(confirmDelays, p))).join(' / '));
    line('receiver max concurrency', `${maxInFlight(revokeCalls, RECEIVER_DELAY_MS)} (client connections: ${new Set(revokeCalls.map((c) => c.port)).size})`);
    line('process CPU during sweep / main thread busy', `${used.cpuSeconds.toFixed(1)} s (${((1000 * used.cpuSeconds) / GRANTS).toFixed(2)} ms per grant) / ${(100 * used.mainThreadBusy).toFixed(0)}%`);
    if (used.mainCpuSeconds !== null) {
      line('main thread CPU (no receiver)', `${used.mainCpuSeconds.toFixed(1)} s (${((1000 * used.mainCpuSeconds) / GRANTS).toFixed(2)} ms per grant)`);
    }
    line('load average (1 min) / CPUs', `${loadavg()[0]!.toFixed(1)} / ${availableParallelism()}`);
  } finally {
    g.close();
  }
}

async function lag(dir: string, receiver: RemoteReceiver, policy: ReturnType<typeof parsePolicy>): Promise<void> {
  const dbPath = join(dir, 'lag.db');
  const list = pairs('lag', LAG_GRANTS);
  // Grant i lasts an hour plus its place in the window, provisioned (on the fake clock) an hour
  // before the window opens: it expires LAG_FIRST_MS + its offset after seeding ends, on the real
  // clock. Provisioning takes about as long as creating the requests did, hence the lead.
  const offset = (i: number) => Math.round((i * LAG_WINDOW_MS) / Math.max(1, LAG_GRANTS - 1));
  const seedSeconds = seed(dbPath, policy, list, (i) => HOUR + offset(i), (createMs) => Date.now() + 1.5 * createMs + LAG_FIRST_MS - HOUR);
  const seededAt = Date.now();
  console.log(
    `lag: ${fmt(LAG_GRANTS)} grants expiring one by one over ${LAG_WINDOW_MS / 1000} s, real sweeper on "* * * * * *", receiver answers in ${RECEIVER_DELAY_MS} ms`,
  );
  line('seeded (engine path, no HTTP)', `${seedSeconds.toFixed(1)} s`);

  const callsBefore = (await receiver.calls()).length;
  const g = composeGatehouse({ dbPath, policy, env: ENV, logger: silent, notifier: noopNotifier, effects: EFFECTS });
  try {
    const expiresAt = new Map(
      (g.db.$client.prepare('SELECT id, expires_at AS expiresAt FROM grants').all() as { id: string; expiresAt: number }[]).map((r) => [r.id, r.expiresAt]),
    );
    const firstExpiry = Math.min(...expiresAt.values());
    const lastExpiry = Math.max(...expiresAt.values());
    if (firstExpiry <= Date.now()) throw new Error(`seeding took too long: the first grant expired ${Date.now() - firstExpiry} ms ago`);
    const usage = usageMeter();
    const sweeper = startSweeper({ cron: '* * * * * *', sweep: () => g.engine.sweep(), logger: silent });
    try {
      const deadline = lastExpiry + 30_000;
      while (Date.now() < deadline && count(g, "SELECT count(*) AS n FROM grants WHERE status = 'revoked'") < LAG_GRANTS) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await sweeper.stop();
    }
    const used = usage();
    const revoked = count(g, "SELECT count(*) AS n FROM grants WHERE status = 'revoked'");
    const calls = (await receiver.calls()).slice(callsBefore).filter((c) => c.event === 'revoke');
    const firstRevoke = new Map<string, number>();
    for (const call of calls) {
      if (call.status === 200 && call.grantId && !firstRevoke.has(call.grantId)) firstRevoke.set(call.grantId, call.at);
    }
    const lags: number[] = [];
    for (const [id, at] of firstRevoke) {
      const expiry = expiresAt.get(id);
      if (expiry !== undefined) lags.push(at - expiry);
    }
    lags.sort((a, b) => a - b);
    const p99 = percentile(lags, 99);
    const ok = lags.length === LAG_GRANTS && p99 <= LAG_GOAL_MS;
    line('grants revoked / revokes received', `${fmt(revoked)} / ${fmt(lags.length)} of ${fmt(LAG_GRANTS)}`);
    line('expiry window', `${((lastExpiry - firstExpiry) / 1000).toFixed(1)} s, first expiry ${((firstExpiry - seededAt) / 1000).toFixed(1)} s after seeding ended`);
    line('lag p50 / p95 / p99 / max (ms)', [50, 95, 99, 100].map((p) => fmt(percentile(lags, p))).join(' / '));
    line('lag min (ms)', fmt(lags[0] ?? NaN));
    line('goal', `p99 <= tick + 1 s = ${LAG_GOAL_MS} ms: ${ok ? 'PASS' : 'MISS'}`);
    line('receiver max concurrency', String(maxInFlight(calls, RECEIVER_DELAY_MS)));
    line('process CPU / main thread busy', `${used.cpuSeconds.toFixed(1)} s / ${(100 * used.mainThreadBusy).toFixed(0)}%`);
    line('load average (1 min) / CPUs', `${loadavg()[0]!.toFixed(1)} / ${availableParallelism()}`);
  } finally {
    g.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-expiry-'));
  const receiver = await startReceiverThread();
  try {
    const policy = parsePolicy(policyText(receiver.url, Math.ceil(GRANTS / PEOPLE), Math.ceil(LAG_GRANTS / PEOPLE)));
    await burst(dir, receiver, policy);
    console.log('');
    await lag(dir, receiver, policy);
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  await main();
  // Keep-alive sockets of the fetch pool must not keep a finished benchmark alive.
  process.exit(0);
} else if ((workerData as { role?: string } | null)?.role === 'receiver' && parentPort) {
  await receiverWorker(parentPort);
}
