/**
 * A worker thread of `verifyAuditDatabaseParallel`: opens the database read-only, claims chunks of
 * `seq` from the shared counter and posts each chunk's result. Started by bin/audit-verify-worker.js,
 * which registers the TypeScript loader first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { mapForReading } from './read-mmap.js';
import { claimChunks, RangeVerifier, type AuditVerifyWorkerData, type WorkerMessage } from './audit-verify.js';

const { path, layout, control, owners, owner } = workerData as AuditVerifyWorkerData;
const client = new Database(path, { readonly: true, fileMustExist: true });
try {
  client.pragma('busy_timeout = 5000');
  mapForReading(client);
  claimChunks(new RangeVerifier(client), layout, control, owners, owner, (result) =>
    parentPort!.postMessage({ result, at: performance.timeOrigin + performance.now() } satisfies WorkerMessage),
  );
} finally {
  client.close();
}
