/**
 * Two OS processes race to approve the same 200 requests on one SQLite file. Whoever wins each
 * round, the database must end with exactly one decision, one grant and one provider call queued
 * per request, the loser must get ALREADY_DECIDED (never SQLITE_BUSY: the busy timeout makes a
 * writer wait), and the audit chain must still verify.
 *
 * Two schedules: lock-step (both processes attempt request i at the same instant, so each of the
 * 200 rounds is a fresh race and both win some), and free-running (each as fast as it can; SQLite's
 * lock is not fair, so one process usually ends up leading and winning most).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { composeGatehouse, type Gatehouse } from '../../src/compose-gatehouse.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { verifyAuditLog } from '../../src/store/audit-repository.js';
import { actor, ENGINE_POLICY_PATH, silentLogger } from '../support/engine-harness.js';
import type { ApproveWorkerSummary } from './workers/approve-worker.js';
import { killAllWorkers, lastJsonLine, startWorker, writeFileAtomic } from './workers/child-process.js';

const ROUNDS = 200;
const APPROVERS = ['dave@example.com', 'erin@example.com'] as const;
const WORKER = 'test/integration/workers/approve-worker.ts';
/** Comfortably more than one approval plus one refusal (about 5 ms together on a slow machine). */
const LOCK_STEP_MS = 12;

const root = mkdtempSync(join(tmpdir(), 'gatehouse-race-'));
const opened: Gatehouse[] = [];

afterEach(async () => {
  await killAllWorkers();
});
afterAll(() => {
  for (const g of opened) g.close();
  rmSync(root, { recursive: true, force: true });
});

async function race(name: string, paceMs: number): Promise<void> {
  const dir = join(root, name);
  mkdirSync(dir);
  const dbPath = join(dir, 'gatehouse.db');
  const gatehouse = composeGatehouse({
    dbPath,
    policy: loadPolicyFile(ENGINE_POLICY_PATH),
    env: {},
    logger: silentLogger,
    notifier: { deliver: async () => {}, reply: async () => {} },
  });
  opened.push(gatehouse);
  const rows = <T>(sql: string): T[] => gatehouse.db.$client.prepare(sql).all() as T[];

  const requesters = [actor('alice@example.com'), actor('bob@example.com')];
  const ids: string[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const created = gatehouse.engine.createRequest({
      actor: requesters[i % requesters.length]!,
      resourceId: 'prod-db',
      justification: `race round ${i}: investigating INC-${1000 + i}`,
    });
    expect(created.request).toMatchObject({ status: 'pending', approvalsRequired: 1 });
    expect(created.approvers).toEqual(expect.arrayContaining([...APPROVERS]));
    ids.push(created.request.id);
  }
  const idsFile = join(dir, 'ids.json');
  writeFileSync(idsFile, JSON.stringify(ids));
  const goFile = join(dir, 'go');

  const env = { GO_FILE: goFile, PACE_MS: String(paceMs) };
  const workers = APPROVERS.map((email) => startWorker(WORKER, [dbPath, ENGINE_POLICY_PATH, email, idsFile], env));
  await Promise.all(workers.map((w) => w.waitForLine((l) => l === 'ready')));
  // Both are loaded and waiting at the barrier; both start at the same instant, shortly from now.
  writeFileAtomic(goFile, String(Date.now() + 150));
  const exits = await Promise.all(workers.map((w) => w.exited));
  for (const [i, exit] of exits.entries()) {
    expect(exit, `worker ${APPROVERS[i]} stderr:\n${workers[i]!.stderr()}`).toEqual({ code: 0, signal: null });
  }
  const summaries = workers.map((w) => lastJsonLine<ApproveWorkerSummary>(w));

  const split = summaries.map((s) => `${s.approver} won ${s.approved} (already decided ${s.alreadyDecided}, ${s.elapsedMs} ms${paceMs > 0 ? `, ${s.lateRounds} rounds late` : ''})`).join('; ');
  console.log(`[approval-race:${name}] split over ${ROUNDS} requests: ${split}`);
  if (summaries.some((s) => s.approved === 0)) {
    console.warn(`[approval-race:${name}] WARNING: one process won every request; the race was not contended this run`);
  }

  // The workers' own accounts: no stray errors (SQLITE_BUSY would land here), every attempt answered.
  for (const s of summaries) {
    expect(s.otherErrors).toEqual([]);
    expect(s.approved + s.alreadyDecided).toBe(ROUNDS);
  }
  expect(summaries.reduce((n, s) => n + s.approved, 0)).toBe(ROUNDS);
  expect(new Set(summaries.flatMap((s) => s.won)).size).toBe(ROUNDS);

  // Every request approved, decided by exactly the process that says it won.
  const requests = rows<{ id: string; status: string; decided_by_email: string }>('SELECT id, status, decided_by_email FROM requests ORDER BY id');
  expect(requests).toHaveLength(ROUNDS);
  const winnerOf = new Map(summaries.flatMap((s) => s.won.map((id) => [id, s.approver] as const)));
  expect(requests.filter((r) => r.status !== 'approved' || r.decided_by_email !== winnerOf.get(r.id))).toEqual([]);

  // Exactly one grant per request.
  const grantCounts = rows<{ id: string; n: number }>('SELECT r.id, count(g.id) AS n FROM requests r LEFT JOIN grants g ON g.request_id = r.id GROUP BY r.id');
  expect(grantCounts).toHaveLength(ROUNDS);
  expect(grantCounts.filter((g) => g.n !== 1)).toEqual([]);

  // Exactly one approval per request, and it is the deciding one.
  const approvals = rows<{ request_id: string; n: number; approver: string; decided_by: string }>(
    `SELECT a.request_id, count(*) AS n, max(a.approver_email) AS approver, max(r.decided_by_email) AS decided_by
     FROM approvals a JOIN requests r ON r.id = a.request_id GROUP BY a.request_id`,
  );
  expect(approvals).toHaveLength(ROUNDS);
  expect(approvals.filter((a) => a.n !== 1 || a.approver !== a.decided_by)).toEqual([]);
  const approvedAudits = rows<{ subject: string; n: number; actor: string }>(
    "SELECT subject, count(*) AS n, max(actor_email) AS actor FROM audit_log WHERE type = 'access.approved' GROUP BY subject",
  );
  expect(approvedAudits).toHaveLength(ROUNDS);
  expect(approvedAudits.filter((a) => a.n !== 1 || a.actor !== winnerOf.get(a.subject))).toEqual([]);

  // Exactly one provider-grant effect queued per request (that is, per grant).
  const effects = rows<{ request_id: string; n: number }>(
    `SELECT g.request_id, count(o.id) AS n FROM grants g
     LEFT JOIN outbox o ON o.type = 'provider' AND json_extract(o.payload, '$.action') = 'grant' AND json_extract(o.payload, '$.grantId') = g.id
     GROUP BY g.id`,
  );
  expect(effects).toHaveLength(ROUNDS);
  expect(effects.filter((e) => e.n !== 1)).toEqual([]);
  expect(rows<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE type = 'provider'")[0]!.n).toBe(ROUNDS);

  // Every losing attempt was refused, and audited, as ALREADY_DECIDED.
  const refusals = rows<{ code: string; n: number }>(
    "SELECT json_extract(data, '$.code') AS code, count(*) AS n FROM audit_log WHERE type = 'refused' GROUP BY code",
  );
  expect(refusals).toEqual([{ code: 'ALREADY_DECIDED', n: summaries.reduce((n, s) => n + s.alreadyDecided, 0) }]);

  // requested + approval_recorded + approved per request, and one refusal per losing attempt.
  expect(verifyAuditLog(gatehouse.db)).toMatchObject({ ok: true, records: ROUNDS * 4 });
}

describe('approvals raced from two OS processes', () => {
  it(`gives exactly one grant per request over ${ROUNDS} lock-step rounds`, async () => {
    await race('lock-step', LOCK_STEP_MS);
  }, 60_000);

  it(`gives exactly one grant per request over ${ROUNDS} free-running rounds`, async () => {
    await race('free-running', 0);
  }, 60_000);
});
