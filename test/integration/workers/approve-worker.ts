/**
 * One approver in its own OS process: approves every request in a list, in order, as fast as it can,
 * and prints a JSON summary. Run as:
 *
 *   node --import tsx test/integration/workers/approve-worker.ts <db> <policy.yaml> <approver email> <ids.json>
 *
 * with GO_FILE in the env naming the start barrier (see start-barrier.ts). With PACE_MS set, request
 * number i is attempted no earlier than start + i * PACE_MS: every process then attempts each request
 * at the same instant, so every round is a fresh race. Without it, each process runs free.
 */
import { readFileSync } from 'node:fs';
import { composeGatehouse } from '../../../src/compose-gatehouse.js';
import { loadPolicyFile } from '../../../src/policy/load-policy.js';
import { stderrLogger, waitForGo, waitUntil } from './start-barrier.js';

export interface ApproveWorkerSummary {
  approver: string;
  approved: number;
  alreadyDecided: number;
  otherErrors: string[];
  /** The request ids this process won. */
  won: string[];
  elapsedMs: number;
  /** Lock-step only: rounds this process began more than 2 ms after their slot (still behind). */
  lateRounds: number;
}

const [dbPath, policyPath, approverEmail, idsFile] = process.argv.slice(2);
if (!dbPath || !policyPath || !approverEmail || !idsFile) {
  process.stderr.write('usage: approve-worker <db> <policy> <approver email> <ids.json>\n');
  process.exit(2);
}

const gatehouse = composeGatehouse({
  dbPath,
  policy: loadPolicyFile(policyPath),
  env: process.env,
  logger: stderrLogger,
  notifier: { deliver: async () => {}, reply: async () => {} },
});
const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as string[];
const actor = { email: approverEmail, platform: 'slack' as const, platformUserId: `U-${approverEmail.split('@')[0]!.toUpperCase()}` };

process.stdout.write('ready\n');
const start = await waitForGo(process.env.GO_FILE);
const paceMs = Number(process.env.PACE_MS ?? 0);

const summary: ApproveWorkerSummary = { approver: approverEmail, approved: 0, alreadyDecided: 0, otherErrors: [], won: [], elapsedMs: 0, lateRounds: 0 };
for (const [i, requestId] of ids.entries()) {
  if (paceMs > 0) waitUntil(start + i * paceMs);
  if (paceMs > 0 && performance.now() - (start + i * paceMs) > 2) summary.lateRounds++;
  try {
    const result = gatehouse.engine.approveRequest({ actor, requestId });
    if (result.approved) {
      summary.approved++;
      summary.won.push(requestId);
    } else {
      summary.otherErrors.push(`${requestId}: approval recorded but the request is not approved`);
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ALREADY_DECIDED') summary.alreadyDecided++;
    else summary.otherErrors.push(`${requestId}: ${String(code ?? '')} ${error instanceof Error ? error.message : String(error)}`);
  }
}
summary.elapsedMs = Math.round(performance.now() - start);
gatehouse.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
