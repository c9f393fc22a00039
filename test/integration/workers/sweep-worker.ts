/**
 * The sweeper in its own OS process, built by the real composition root (real store, real provider
 * resolver, real webhook provider), sweeping until there is nothing left to do. Tests SIGKILL it
 * mid-sweep and start another. Configured by env:
 *
 *   GATEHOUSE_DB          the SQLite file
 *   POLICY_PATH           the policy file
 *   TEST_WEBHOOK_SECRET   the webhook secret the policy names
 *   CLOCK_OFFSET_MS       this process's clock is real time plus this offset
 *   CLAIM_FOR_MS          how long an outbox claim lasts (default 2000)
 *   CONCURRENCY           outbox lanes (default 4)
 *   GO_FILE               optional start barrier (see start-barrier.ts)
 *   MAX_WAIT_MS           how long to wait for failed effects' retries (default 20000)
 *
 * Prints `ready` once built and `sweeping <start-up cpu ms>` once past the go file, then sweeps
 * until no effect is pending (failed ones are retried after their backoff, for up to MAX_WAIT_MS),
 * prints a JSON summary and exits 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { composeGatehouse } from '../../../src/compose-gatehouse.js';
import { loadPolicyFile } from '../../../src/policy/load-policy.js';
import { stderrLogger, waitForGo } from './start-barrier.js';

export interface SweepWorkerSummary {
  sweeps: number;
  grantsEnded: number;
  attempted: number;
  succeeded: number;
  failed: number;
  /** Effects still pending when it stopped (due later, e.g. after a failure's backoff). */
  pendingLeft: number;
}

const env = process.env;
const dbPath = env.GATEHOUSE_DB;
const policyPath = env.POLICY_PATH;
if (!dbPath || !policyPath) {
  process.stderr.write('sweep-worker needs GATEHOUSE_DB and POLICY_PATH\n');
  process.exit(2);
}
const offsetMs = Number(env.CLOCK_OFFSET_MS ?? 0);
const clock = { now: () => Date.now() + offsetMs };

const gatehouse = composeGatehouse({
  dbPath,
  policy: loadPolicyFile(policyPath),
  env,
  clock,
  logger: stderrLogger,
  notifier: { deliver: async () => {}, reply: async () => {} },
  effects: { claimForMs: Number(env.CLAIM_FOR_MS ?? 2_000), concurrency: Number(env.CONCURRENCY ?? 4) },
});

process.stdout.write('ready\n');
const startupCpu = process.cpuUsage();
await waitForGo(env.GO_FILE);
// The CPU spent starting up (tsx, module loading, opening the database), for the test's timing log.
process.stdout.write(`sweeping ${Math.round((startupCpu.user + startupCpu.system) / 1000)}\n`);

const pending = gatehouse.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
const pendingCount = () => (pending.get() as { n: number }).n;
/** A failed call is retried after its backoff; waiting for it is bounded so a broken endpoint cannot hang the test. */
const giveUpAt = Date.now() + Number(env.MAX_WAIT_MS ?? 20_000);

const summary: SweepWorkerSummary = { sweeps: 0, grantsEnded: 0, attempted: 0, succeeded: 0, failed: 0, pendingLeft: 0 };
for (;;) {
  const result = await gatehouse.engine.sweep();
  summary.sweeps++;
  summary.grantsEnded += result.grantsEnded;
  summary.attempted += result.effects.attempted;
  summary.succeeded += result.effects.succeeded;
  summary.failed += result.effects.failed;
  const moved = result.requestsExpired + result.grantsEnded + result.grantsWarned + result.reviewsFlagged + result.effects.attempted;
  if (moved === 0) {
    // Nothing was due. Done, unless failed effects are waiting out their backoff.
    if (pendingCount() === 0 || Date.now() > giveUpAt) break;
    await sleep(100);
    continue;
  }
  if (summary.sweeps > 1_000) {
    process.stderr.write('sweep-worker: still finding work after 1000 sweeps\n');
    process.exit(3);
  }
}
summary.pendingLeft = pendingCount();
gatehouse.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
