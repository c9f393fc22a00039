/**
 * BEGIN IMMEDIATE that waits for the write lock in short steps.
 *
 * SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25 ms... between tries, so a request
 * thread that finds the delivery worker holding the lock for 1 ms typically slept 3 ms, and when
 * the worker was descheduled mid-transaction 10-20 ms, with the whole event loop stopped. Here the
 * connection's busy handler is off for the BEGIN only, and the lock is tried again after 50 µs,
 * doubling to at most 2 ms between tries, until the connection's usual busy timeout has passed.
 */
import type Database from 'better-sqlite3';

const FIRST_PAUSE_MS = 0.05;
const LONGEST_PAUSE_MS = 2;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}

export function createWriteLockTaker(client: Database.Database): () => void {
  const timeoutMs = client.pragma('busy_timeout', { simple: true }) as number;
  const begin = client.prepare('BEGIN IMMEDIATE');
  // SQLite applies this pragma when the statement is compiled, not when it runs, so it cannot be
  // a prepared statement run twice; exec compiles it each time (about 2 µs).
  const noWaiting = 'PRAGMA busy_timeout = 0';
  const usualWaiting = `PRAGMA busy_timeout = ${timeoutMs}`;
  return () => {
    client.exec(noWaiting);
    try {
      const deadline = performance.now() + timeoutMs;
      for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
        try {
          begin.run();
          return;
        } catch (error) {
          if (!isBusy(error) || performance.now() >= deadline) throw error;
        }
        // Blocks this thread like SQLite's own sleep would, for much less time.
        Atomics.wait(sleeper, 0, 0, pause);
      }
    } finally {
      client.exec(usualWaiting);
    }
  };
}
