/**
 * One passive WAL checkpoint: copies what it can back into the database file without waiting for,
 * or blocking, readers and writers on other connections (the write lock is not taken).
 */
import type Database from 'better-sqlite3';

export interface CheckpointResult {
  /** Pages in the WAL, and how many of them are now in the database file. */
  walPages: number;
  checkpointedPages: number;
}

export function checkpointWal(client: Database.Database): CheckpointResult {
  const row = client.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as Array<{ busy: number; log: number; checkpointed: number }>;
  const first = row[0];
  return { walPages: first?.log ?? 0, checkpointedPages: first?.checkpointed ?? 0 };
}
