/**
 * The sweeper is SIGKILLed mid-sweep, round after round, and restarted. Every expired grant must
 * still be revoked at the provider (at least once: a revoke the endpoint acted on just before the
 * kill is sent again, which an idempotent endpoint absorbs), recorded as revoked exactly once, and
 * nothing that was not yet expired may be touched. The audit chain must verify at the end.
 *
 * Timeline: all grants are seeded up front at T0 and provisioned against a real local webhook
 * receiver (one person per grant, so no grant covers another); round r's grants last D0 + r * STEP.
 * The round-r worker's clock is real time plus D0 + r * STEP + 1 min, so it finds rounds 0..r
 * expired and rounds after r not, and as STEP is far longer than the outbox claim (2 s, with a 1 s
 * webhook timeout), every restart finds the claims of the killed worker run out and takes their
 * effects over. After the last round one more worker runs to completion.
 *
 * The kill schedule is random; the seed is logged, and SWEEP_CRASH_SEED=<seed> replays it.
 * SWEEP_CRASH_DEBUG=1 logs each round as it ends.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { composeGatehouse, type Gatehouse } from '../../src/compose-gatehouse.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { verifyAuditLog } from '../../src/store/audit-repository.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fixtures/webhook-receiver.js';
import { actor, ENGINE_POLICY_PATH, silentLogger } from '../support/engine-harness.js';
import { createFakeClock } from '../support/fake-clock.js';
import { killAllWorkers, lastJsonLine, startWorker, writeFileAtomic, type WorkerProcess } from './workers/child-process.js';
import type { SweepWorkerSummary } from './workers/sweep-worker.js';

const ROUNDS = 20;
const PER_ROUND = 30;
const MIN = 60_000;
const D0 = 10 * MIN;
/** Longer than the 10-minute `ending soon` lead, so no worker warns a later round's grants. */
const STEP = 11 * MIN;
const CLAIM_FOR_MS = 2_000;
const RECEIVER_DELAY_MS = 15;
/** Workers started ahead of time, so tsx start-up overlaps earlier rounds. */
const PRESPAWN = 4;
const WORKER = 'test/integration/workers/sweep-worker.ts';
const SECRET = 'sweep-crash-test-secret';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sweep-crash-'));
let receiver: WebhookReceiver | null = null;
let gatehouse: Gatehouse | null = null;

afterEach(async () => {
  await killAllWorkers();
});
afterAll(async () => {
  await killAllWorkers();
  gatehouse?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A small seeded PRNG, so a failing run's kill schedule can be replayed with SWEEP_CRASH_SEED. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const userOf = (round: number, i: number) => `r${String(round).padStart(2, '0')}u${String(i).padStart(2, '0')}@example.com`;

/** The engine test policy, pointed at the receiver, with a short webhook timeout and one requester per grant. */
function policyText(url: string, shortTimeout = true): string {
  const base = readFileSync(ENGINE_POLICY_PATH, 'utf8');
  const users = Array.from({ length: ROUNDS * PER_ROUND }, (_, k) => userOf(Math.floor(k / PER_ROUND), k % PER_ROUND));
  const sre = 'sre: [alice@example.com, bob@example.com, carol@example.com]';
  expect(base).toContain(sre);
  // Distinct people: overlapping grants for one person and resource would end as `covered`, not revoked.
  const text = base
    .replace(sre, `sre: [alice@example.com, bob@example.com, carol@example.com, ${users.join(', ')}]`)
    .replaceAll('url: "http://127.0.0.1:9/hook"', `url: "${url}"`)
    .replaceAll('secret_env: TEST_WEBHOOK_SECRET }', `secret_env: TEST_WEBHOOK_SECRET${shortTimeout ? ', timeout: 1s' : ''} }`);
  expect(text).toContain(`url: "${url}", secret_env: TEST_WEBHOOK_SECRET${shortTimeout ? ', timeout: 1s' : ''} }`);
  return text;
}

interface GrantRow {
  id: string;
  subject_email: string;
  status: string;
  expires_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  revoked_at: number | null;
}

describe('sweeper killed mid-sweep, then restarted', () => {
  it(`revokes every expired grant exactly once over ${ROUNDS} SIGKILLed rounds`, async () => {
    const seed = Number(process.env.SWEEP_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    receiver = await startWebhookReceiver({ secret: SECRET });
    const policyPath = join(dir, 'policy.yaml');
    const text = policyText(receiver.url);
    writeFileSync(policyPath, text);
    const dbPath = join(dir, 'gatehouse.db');

    // Seed every round's grants at T0 and provision them at the receiver.
    const T0 = Date.now();
    const clock = createFakeClock(T0);
    gatehouse = composeGatehouse({
      dbPath,
      // Seeding runs the receiver and 600 provider calls in this one process: keep the default
      // 10 s webhook timeout here, so a busy machine slows it down instead of failing calls.
      policy: parsePolicy(policyText(receiver.url, false)),
      env: { TEST_WEBHOOK_SECRET: SECRET },
      clock,
      logger: silentLogger,
      notifier: { deliver: async () => {}, reply: async () => {} },
    });
    const g = gatehouse;

    // Workers are started ahead of their round (tsx start-up is most of a worker's cost), the first
    // ones while seeding runs. Each waits at its own go file; the database already exists.
    const workerEnv = (offsetMs: number, goFile: string) => ({
      GATEHOUSE_DB: dbPath,
      POLICY_PATH: policyPath,
      TEST_WEBHOOK_SECRET: SECRET,
      CLOCK_OFFSET_MS: String(offsetMs),
      CLAIM_FOR_MS: String(CLAIM_FOR_MS),
      CONCURRENCY: '4',
      GO_FILE: goFile,
    });
    // Round r's worker wakes up 1 min after round r's grants expired (10 min before round r+1's).
    const offsetFor = (r: number) => D0 + r * STEP + MIN;
    const goFileFor = (r: number) => join(dir, `go-${r}`);
    // The restart that must finish (number ROUNDS): later than every claim, and with the production
    // 10 s webhook timeout and a claim longer than it, so a busy machine makes it slower rather than
    // making it fail calls and wait out their backoff.
    const relaxedPolicyPath = join(dir, 'policy-relaxed.yaml');
    writeFileSync(relaxedPolicyPath, policyText(receiver.url, false));
    const spawnWorker = (k: number): WorkerProcess =>
      k < ROUNDS
        ? startWorker(WORKER, [], workerEnv(offsetFor(k), goFileFor(k)))
        : startWorker(WORKER, [], {
            ...workerEnv(offsetFor(ROUNDS - 1) + MIN, goFileFor(k)),
            POLICY_PATH: relaxedPolicyPath,
            CLAIM_FOR_MS: '30000',
            CONCURRENCY: '8',
            MAX_WAIT_MS: '60000',
          });
    const queue: WorkerProcess[] = [];
    let spawned = 0;
    const topUp = () => {
      while (spawned <= ROUNDS && queue.length < PRESPAWN) queue.push(spawnWorker(spawned++));
    };
    topUp();

    const roundOf = new Map<string, number>();
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < PER_ROUND; i++) {
        const { request } = g.engine.createRequest({
          actor: actor(userOf(r, i)),
          resourceId: 'prod-db',
          durationMs: D0 + r * STEP,
          justification: `sweep crash round ${r} grant ${i}`,
        });
        const { grantId } = g.engine.approveRequest({ actor: actor('dave@example.com'), requestId: request.id });
        roundOf.set(grantId!, r);
      }
    }
    // Seeding's own notifications (submitted, approval needed, approved, ...) are not what this test
    // is about, and delivering 6000 of them would dominate its run time: mark them delivered, so the
    // seeding run makes only the provider calls.
    g.db.$client.prepare("UPDATE outbox SET status = 'done', done_at = ? WHERE type = 'notify' AND status = 'pending'").run(T0);
    const seeded = await g.engine.runEffects();
    g.db.$client.prepare("UPDATE outbox SET status = 'done', done_at = ? WHERE type = 'notify' AND status = 'pending'").run(T0);
    const seededAt = Date.now();
    const seedCpu = Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000);
    expect(seeded.failed).toBe(0);
    const grants = () => g.db.$client.prepare('SELECT * FROM grants').all() as GrantRow[];
    expect(grants()).toHaveLength(ROUNDS * PER_ROUND);
    for (const grant of grants()) {
      expect(grant.status).toBe('active');
      expect(grant.expires_at).toBe(T0 + D0 + roundOf.get(grant.id)! * STEP);
    }
    expect(receiver.granted.size).toBe(ROUNDS * PER_ROUND);
    expect(receiver.revoked.size).toBe(0);
    receiver.setDelayMs(RECEIVER_DELAY_MS);
    if (process.env.SWEEP_CRASH_DEBUG) console.log(`seeded at ${Date.now() - T0} ms`);

    // Revoke calls the receiver has seen so far (counted incrementally: it is polled every 2 ms).
    let scanned = 0;
    let revokes = 0;
    const revokeCount = () => {
      const calls = receiver!.calls;
      for (; scanned < calls.length; scanned++) if (calls[scanned]!.event === 'revoke') revokes++;
      return revokes;
    };
    let killedMidWork = 0;
    let startupCpuMs = 0;
    let exitedBeforeKill = 0;
    const roundLog: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const worker = queue.shift()!;
      topUp();
      await worker.waitForLine((l) => l === 'ready', 60_000);
      const revokesBefore = revokeCount();
      writeFileAtomic(goFileFor(r), String(Date.now()));

      // Mostly: kill while the receiver is seeing revoke calls, after a random number of them (so
      // progress per round does not depend on how busy the machine is) plus a random slice of one
      // call's latency (so the kill lands both mid-call and between calls). Every fourth round: kill
      // a few milliseconds after it starts sweeping, whatever it is doing (expiring grants,
      // claiming, calling).
      const early = r % 4 === 3;
      let what: string;
      if (early) {
        await worker.waitForLine((l) => l.startsWith('sweeping'), 60_000);
        const delay = Math.floor(random() * 30);
        await sleep(delay);
        what = `early+${delay}ms`;
      } else {
        const calls = 1 + Math.floor(random() * 40);
        const deadline = Date.now() + 20_000;
        while (revokeCount() - revokesBefore < calls && !worker.hasExited() && Date.now() < deadline) await sleep(2);
        const delay = Math.floor(random() * 2 * RECEIVER_DELAY_MS);
        await sleep(delay);
        what = `${calls}calls+${delay}ms`;
      }
      const exit = await worker.kill();
      startupCpuMs += Number(worker.lines.find((l) => l.startsWith('sweeping'))?.split(' ')[1] ?? 0);
      // It may have finished its sweep before the kill landed; then it must have exited cleanly.
      const finishedFirst = exit.signal === null;
      if (finishedFirst) {
        exitedBeforeKill++;
        expect(exit, worker.stderr()).toEqual({ code: 0, signal: null });
      } else {
        expect(exit.signal).toBe('SIGKILL');
      }

      // Nothing from a later round was touched: not ended in the database, not revoked at the provider.
      const rows = grants();
      const later = rows.filter((row) => roundOf.get(row.id)! > r);
      expect(later.filter((row) => row.status !== 'active')).toEqual([]);
      expect([...receiver.revoked.keys()].filter((id) => roundOf.get(id)! > r)).toEqual([]);
      const due = rows.filter((row) => roundOf.get(row.id)! <= r);
      const unrevoked = due.filter((row) => row.status !== 'revoked').length;
      // Left behind by this kill: effects this worker had claimed (only it wrote times past this
      // round's expiry) and not finished, and revocations the endpoint performed that the database
      // never heard back about (each will be sent again: a duplicate delivery).
      const stranded = (
        g.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND next_attempt_at > ?").get(T0 + D0 + r * STEP) as { n: number }
      ).n;
      const statusOf = new Map(rows.map((row) => [row.id, row.status]));
      const unacknowledged = [...receiver.revoked.keys()].filter((id) => statusOf.get(id) !== 'revoked').length;
      if (!finishedFirst && (stranded > 0 || unacknowledged > 0)) killedMidWork++;
      const deliveries = [...receiver.revoked.values()].reduce((n, c) => n + c, 0);
      const duplicatesSoFar = deliveries - receiver.revoked.size;
      if (process.env.SWEEP_CRASH_DEBUG) console.log(`round ${r} done at ${Date.now() - T0} ms`);
      roundLog.push(
        `r${r}:${what} calls=${revokeCount() - revokesBefore} stranded=${stranded} unacked=${unacknowledged} unrevoked=${unrevoked} dups=${duplicatesSoFar}${finishedFirst ? ' (finished first)' : ''}`,
      );
    }

    const roundsDoneAt = Date.now();
    // The restart: one more worker, later than every claim, runs to completion.
    const final = queue.shift()!;
    expect(queue).toEqual([]);
    await final.waitForLine((l) => l === 'ready', 60_000);
    writeFileAtomic(goFileFor(ROUNDS), String(Date.now()));
    const finalExit = await final.exited;
    expect(finalExit, final.stderr()).toEqual({ code: 0, signal: null });
    const finalSummary = lastJsonLine<SweepWorkerSummary>(final);
    const finalDoneAt = Date.now();
    startupCpuMs += Number(final.lines.find((l) => l.startsWith('sweeping'))?.split(' ')[1] ?? 0);
    expect(finalSummary.pendingLeft).toBe(0);

    // Every grant expired and was revoked, by expiry, after its end.
    const rows = grants();
    expect(rows).toHaveLength(ROUNDS * PER_ROUND);
    const wrong = rows.filter(
      (row) => row.status !== 'revoked' || row.end_reason !== 'expired' || row.ended_at! < row.expires_at! || row.revoked_at! < row.ended_at!,
    );
    expect(wrong).toEqual([]);

    // At the provider: exactly the seeded grants revoked, each at least once, nothing else.
    const expected = [...roundOf.keys()].sort();
    expect([...receiver.revoked.keys()].sort()).toEqual(expected);
    const deliveries = [...receiver.revoked.values()].reduce((n, c) => n + c, 0);
    const duplicates = deliveries - expected.length;
    expect(receiver.calls.filter((c) => !c.signatureOk)).toEqual([]);
    expect(receiver.activeGrantIds()).toEqual([]);

    // In the database: one revoke effect per grant, all done; one `access.ended` and one `access.revoked` per grant.
    const db = g.db.$client;
    const revokeEffects = db
      .prepare(
        `SELECT json_extract(payload, '$.grantId') AS grant_id, count(*) AS n, sum(status = 'done') AS done
         FROM outbox WHERE type = 'provider' AND json_extract(payload, '$.action') = 'revoke' GROUP BY grant_id`,
      )
      .all() as { grant_id: string; n: number; done: number }[];
    expect(revokeEffects).toHaveLength(expected.length);
    expect(revokeEffects.filter((e) => e.n !== 1 || e.done !== 1)).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE status != 'done'").get()).toEqual({ n: 0 });
    for (const type of ['access.ended', 'access.revoked']) {
      const audited = db.prepare('SELECT subject, count(*) AS n FROM audit_log WHERE type = ? GROUP BY subject').all(type) as { subject: string; n: number }[];
      expect(audited.map((a) => a.subject).sort(), type).toEqual(expected);
      expect(audited.filter((a) => a.n !== 1), type).toEqual([]);
    }
    const verdict = verifyAuditLog(g.db);
    expect(verdict.ok).toBe(true);

    console.log(
      `[sweep-crash] seed ${seed}: ${ROUNDS} rounds x ${PER_ROUND} grants; killed mid-work in ${killedMidWork}/${ROUNDS} rounds` +
        ` (${exitedBeforeKill} finished before the kill); final worker: ${JSON.stringify(finalSummary)}`,
    );
    console.log(
      `[sweep-crash] revocations: ${expected.length} distinct grant ids, ${deliveries} deliveries (${duplicates} duplicates, at-least-once by design); audit records ${verdict.ok ? verdict.records : '?'}`,
    );
    console.log(`[sweep-crash] rounds: ${roundLog.join(' | ')}`);
    const cpu = process.cpuUsage();
    console.log(
      `[sweep-crash] timings: seed ${seededAt - T0} ms, rounds ${roundsDoneAt - seededAt} ms, final worker ${finalDoneAt - roundsDoneAt} ms; test process cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms (seed ${seedCpu} ms), worker start-up cpu ${startupCpuMs} ms in all`,
    );
    // The test is only meaningful if the kills landed mid-work (claimed effects or unacknowledged
    // revocations left behind); a run where they mostly did not says so loudly.
    if (killedMidWork < ROUNDS / 2) console.warn(`[sweep-crash] WARNING: only ${killedMidWork} rounds were killed mid-work`);
  }, 240_000);
});
