/**
 * The store's hot paths, in µs per operation, on a temp SQLite file with the real migrations.
 *
 *   node --import tsx bench/store-hot-paths.bench.ts        (or: node bench/run.js store)
 *   BENCH_N=2000 BENCH_ROUNDS=9 node --import tsx bench/store-hot-paths.bench.ts
 *
 * 1. What a request thread runs, through the real engine (createEngine via the test harness, with a
 *    fake clock, provider and notifier): createRequest, approveRequest, claiming and completing
 *    1,000 notify effects (as the outbox worker does, and through engine.runEffects), audit append.
 * 2. Prepared vs per-call builder, side by side in one run: a few representative statements built the
 *    old way (drizzle's query builder on every call, statement prepared on every call) against the
 *    repositories' prepared statements, in interleaved rounds so machine noise hits both alike.
 *
 * Every figure is the median of BENCH_ROUNDS rounds of BENCH_N operations.
 */
import { performance } from 'node:perf_hooks';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AuditEventInput } from '../src/core/audit.js';
import type { Effect } from '../src/core/effects.js';
import type { GrantStatus } from '../src/core/types.js';
import { bodyHash, GENESIS_HASH, recordText } from '../src/store/audit-chain.js';
import { createAuditLog, verifyAuditLog } from '../src/store/audit-repository.js';
import { canonicalJson } from '../src/store/canonical-json.js';
import { createGrantRepository } from '../src/store/grant-repository.js';
import type { Db } from '../src/store/open-database.js';
import { createOutbox } from '../src/store/outbox-repository.js';
import { createRequestRepository } from '../src/store/request-repository.js';
import { auditLog, grants, outbox, requests } from '../src/store/schema.js';
import { actor, createHarness, type Harness } from '../test/support/engine-harness.js';

const N = Number(process.env.BENCH_N ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EFFECTS = 1_000;
const CLAIM_BATCH = 200;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const us = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} µs`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

/** µs per operation for `ops` operations run by `work`. */
function timeSync(ops: number, work: () => void): number {
  const started = performance.now();
  work();
  return ((performance.now() - started) * 1000) / ops;
}

async function timeAsync(ops: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return ((performance.now() - started) * 1000) / ops;
}

const system = { email: 'system', platform: 'system' as const, platformUserId: null };
const auditEvent = (i: number): AuditEventInput => ({
  type: 'bench.event',
  actor: system,
  subject: `req_${i}`,
  data: { i, resourceId: 'prod-db', approvers: ['dave@example.com', 'erin@example.com'], note: 'a representative payload' },
});
const notifyEffect = (i: number) =>
  ({ type: 'notify', recipient: { kind: 'person', email: `user${i % 50}@example.com` }, notification: { kind: 'bench', n: i } }) as unknown as Effect;

/** Marks every pending effect done, so each outbox round starts from an empty queue. */
function drainOutbox(db: Db): void {
  db.$client.prepare("UPDATE outbox SET status = 'done', done_at = 0 WHERE status = 'pending'").run();
}

// --- 1. the engine's hot paths ---------------------------------------------------------------------

async function engineHotPaths(h: Harness): Promise<void> {
  const { engine, deps, db } = h;
  const store = deps.store;
  const create: number[] = [];
  const approve: number[] = [];
  const claimComplete: number[] = [];
  const runEffects: number[] = [];
  const appendOwnTx: number[] = [];
  const appendBatched: number[] = [];
  let k = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const ids: string[] = [];
    create.push(
      timeSync(N, () => {
        for (let i = 0; i < N; i++) {
          const { request } = engine.createRequest({
            actor: actor('alice@example.com'),
            resourceId: 'prod-db',
            justification: `bench request ${k++} for the store benchmark`,
          });
          ids.push(request.id);
        }
      }),
    );
    approve.push(
      timeSync(N, () => {
        for (const requestId of ids) {
          const { grantId } = engine.approveRequest({ actor: actor('dave@example.com'), requestId });
          if (!grantId) throw new Error(`approving ${requestId} made no grant`);
        }
      }),
    );
    drainOutbox(db);

    // The outbox worker's store work for 1,000 notify effects: claim in batches, complete one by one,
    // each in its own IMMEDIATE transaction (the delivery itself is left out).
    store.write((tx) => {
      for (let i = 0; i < EFFECTS; i++) tx.outbox.enqueue({ effect: notifyEffect(i), orderingKey: `bench:${round}:${i}` });
    });
    let done = 0;
    claimComplete.push(
      timeSync(EFFECTS, () => {
        for (;;) {
          const token = deps.ids.next('claim');
          const rows = store.write((tx) => tx.outbox.claimDue(deps.clock.now(), CLAIM_BATCH, 30_000, token));
          if (rows.length === 0) break;
          for (const row of rows) if (store.write((tx) => tx.outbox.complete(row.id, row.claimToken, deps.clock.now()))) done++;
        }
      }),
    );
    if (done !== EFFECTS) throw new Error(`completed ${done} of ${EFFECTS} effects`);

    // The same through engine.runEffects, with the fake notifier.
    store.write((tx) => {
      for (let i = 0; i < EFFECTS; i++) tx.outbox.enqueue({ effect: notifyEffect(i), orderingKey: `bench-run:${round}:${i}` });
    });
    h.delivered.length = 0;
    runEffects.push(
      await timeAsync(EFFECTS, async () => {
        const result = await engine.runEffects();
        if (result.succeeded !== EFFECTS) throw new Error(`runEffects delivered ${result.succeeded} of ${EFFECTS}`);
      }),
    );

    appendOwnTx.push(
      timeSync(N, () => {
        for (let i = 0; i < N; i++) store.write((tx) => tx.audit.append(auditEvent(i)));
      }),
    );
    appendBatched.push(
      timeSync(N, () => {
        store.write((tx) => {
          for (let i = 0; i < N; i++) tx.audit.append(auditEvent(i));
        });
      }),
    );
  }

  const verdict = verifyAuditLog(db);
  if (!verdict.ok) throw new Error(`audit chain broken: ${JSON.stringify(verdict)}`);

  console.log(`\nEngine hot paths (median of ${ROUNDS} rounds; N = ${N})`);
  line('engine.createRequest', us(median(create)));
  line('engine.approveRequest (1 of 1 approvals -> grant)', us(median(approve)));
  line(`outbox claim (batches of ${CLAIM_BATCH}) + complete, ${EFFECTS} notify`, `${us(median(claimComplete))} per effect`);
  line(`engine.runEffects, ${EFFECTS} notify (fake notifier)`, `${us(median(runEffects))} per effect`);
  line('audit append, one IMMEDIATE transaction each', us(median(appendOwnTx)));
  line(`audit append, ${N} per transaction`, us(median(appendBatched)));
}

// --- 2. prepared vs per-call builder --------------------------------------------------------------

interface Pair {
  name: string;
  /** The statement built the old way: drizzle's builder on every call. */
  builder: (i: number) => void;
  /** The repository method, on its prepared statement. */
  prepared: (i: number) => void;
}

function pairs(h: Harness): Pair[] {
  const db = h.db;
  const requestRepo = createRequestRepository(db);
  const grantRepo = createGrantRepository(db);
  const box = createOutbox(db, h.clock);
  const log = createAuditLog(db, h.clock);

  // Rows to read and update, made through the engine.
  const requestIds: string[] = [];
  const grantIds: string[] = [];
  for (let i = 0; i < 64; i++) {
    const { request } = h.engine.createRequest({ actor: actor('bob@example.com'), resourceId: 'prod-db', justification: `bench baseline row ${i}` });
    const { grantId } = h.engine.approveRequest({ actor: actor('erin@example.com'), requestId: request.id });
    requestIds.push(request.id);
    grantIds.push(grantId!);
  }
  drainOutbox(db);
  const from: readonly GrantStatus[] = ['provisioning', 'provision_failed'];

  // The old code, verbatim from the repositories before they prepared their statements.
  const oldGetRequest = (id: string) => db.select().from(requests).where(eq(requests.id, id)).get() ?? null;
  const oldGrantUpdate = (id: string, statuses: readonly GrantStatus[], patch: { warnedAt: number; lastError: string | null }) =>
    db
      .update(grants)
      .set(patch)
      .where(and(eq(grants.id, id), inArray(grants.status, [...statuses])))
      .run().changes === 1;
  const oldEnqueue = (effect: Effect, orderingKey: string) => {
    const now = h.clock.now();
    db.insert(outbox).values({ type: effect.type, payload: JSON.stringify(effect), orderingKey, status: 'pending', nextAttemptAt: now, createdAt: now }).run();
  };
  const oldAppend = (event: AuditEventInput) => {
    const head = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
    const row = {
      seq: (head?.seq ?? 0) + 1,
      at: h.clock.now(),
      type: event.type,
      actorEmail: event.actor.email,
      actorPlatform: event.actor.platform,
      actorPlatformUserId: event.actor.platformUserId,
      subject: event.subject,
      data: canonicalJson(event.data),
    };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const body = recordText(row);
    const hash = bodyHash(prevHash, body);
    db.insert(auditLog).values({ seq: row.seq, body, prevHash, hash }).run();
  };

  // Both ways must give the same answers.
  const a = oldGetRequest(requestIds[0]!);
  const b = requestRepo.get(requestIds[0]!);
  if (JSON.stringify(a) !== JSON.stringify(b) || typeof b?.breakGlass !== 'boolean') throw new Error('requests.get differs between builder and prepared');

  const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;
  return [
    { name: 'requests.get (select by id)', builder: (i) => void oldGetRequest(pick(requestIds, i)), prepared: (i) => void requestRepo.get(pick(requestIds, i)) },
    {
      name: 'grants.update (compare-and-set, patch)',
      builder: (i) => {
        if (!oldGrantUpdate(pick(grantIds, i), from, { warnedAt: i, lastError: null })) throw new Error('lost CAS');
      },
      prepared: (i) => {
        if (!grantRepo.update(pick(grantIds, i), from, { warnedAt: i, lastError: null })) throw new Error('lost CAS');
      },
    },
    {
      name: 'outbox.enqueue (insert)',
      builder: (i) => oldEnqueue(notifyEffect(i), `base:${i}`),
      prepared: (i) => box.enqueue({ effect: notifyEffect(i), orderingKey: `base:${i}` }),
    },
    { name: 'audit.append (head select + insert)', builder: (i) => oldAppend(auditEvent(i)), prepared: (i) => void log.append(auditEvent(i)) },
  ];
}

function baseline(h: Harness): void {
  const all = pairs(h);
  const run = (fn: (i: number) => void) => timeSync(N, () => h.db.$client.transaction(() => {
    for (let i = 0; i < N; i++) fn(i);
  }).immediate());
  // One warm-up round each, untimed.
  for (const p of all) {
    run(p.builder);
    run(p.prepared);
  }
  const results = all.map((p) => ({ name: p.name, builder: [] as number[], prepared: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    all.forEach((p, k) => {
      const r = results[k]!;
      // Alternate which goes first, so drift within a round favours neither.
      if (round % 2 === 0) {
        r.builder.push(run(p.builder));
        r.prepared.push(run(p.prepared));
      } else {
        r.prepared.push(run(p.prepared));
        r.builder.push(run(p.builder));
      }
    });
    drainOutbox(h.db);
  }
  const verdict = verifyAuditLog(h.db);
  if (!verdict.ok) throw new Error(`audit chain broken: ${JSON.stringify(verdict)}`);

  console.log(`\nPrepared vs per-call builder (median of ${ROUNDS} interleaved rounds of ${N}, ${N} per transaction)`);
  console.log(`  ${'statement'.padEnd(58)} ${'builder'.padStart(10)} ${'prepared'.padStart(10)} ${'speed-up'.padStart(9)}`);
  for (const r of results) {
    const b = median(r.builder);
    const p = median(r.prepared);
    console.log(`  ${r.name.padEnd(58)} ${us(b).padStart(10)} ${us(p).padStart(10)} ${`${(b / p).toFixed(1)}x`.padStart(9)}`);
  }
}

const h = createHarness();
try {
  console.log(`store hot paths on ${h.dbPath} (WAL, synchronous=NORMAL), node ${process.version}`);
  await engineHotPaths(h);
  baseline(h);
} finally {
  h.close();
}
