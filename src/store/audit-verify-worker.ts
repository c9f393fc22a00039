/**
 * A worker thread of `verifyAuditDatabaseParallel`: opens the database read-only, claims chunks of
 * `seq` from the shared counter and posts each chunk's result. Started by bin/audit-verify-worker.js,
 * which registers the TypeScript loader first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnlyClient } from './open-read-only.js';
import { claimChunks, RangeVerifier, type AuditVerifyWorkerData, type WorkerMessage } from './audit-verify.js';

const { path, layout, control, owners, owner } = workerData as AuditVerifyWorkerData;
const client = openReadOnlyClient(path);
try {
  claimChunks(new RangeVerifier(client), layout, control, owners, owner, (result) =>
    parentPort!.postMessage({ result, at: performance.timeOrigin + performance.now() } satisfies WorkerMessage),
  );
} finally {
  client.close();
}
