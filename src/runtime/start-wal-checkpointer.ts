/**
 * Checkpoints the WAL on a timer from the delivery worker, so the request thread's commits never
 * pay for a checkpoint (see `walCheckpoints` in open-database.ts). Frequent small checkpoints keep
 * the WAL short: the file is reused from its start once a checkpoint has caught up.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../core/ports.js';
import { checkpointWal } from '../store/checkpoint-wal.js';

export const WAL_CHECKPOINT_INTERVAL_MS = 250;

export function startWalCheckpointer(client: Database.Database, logger: Logger, intervalMs = WAL_CHECKPOINT_INTERVAL_MS): { stop(): void } {
  let failing = false;
  const timer = setInterval(() => {
    try {
      checkpointWal(client);
      failing = false;
    } catch (error) {
      // SQLITE_BUSY and the like: the next tick tries again; logged once per run of failures.
      if (!failing) logger.warn('wal.checkpoint_failed', { error: error instanceof Error ? error.message : String(error) });
      failing = true;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
