/** Opens the SQLite file with the settings every process must share, and applies migrations. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { openReadOnlyClient, type ReadOnlyOptions } from './open-read-only.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  busyTimeoutMs?: number;
  /**
   * `auto` (default): SQLite checkpoints the WAL inside whichever commit crosses 1,000 pages.
   * `background`: a checkpointer elsewhere (the delivery worker) does it, so commits on this
   * connection stay short; SQLite's own checkpoint remains only as a backstop.
   */
  walCheckpoints?: 'auto' | 'background';
}

/**
 * With background checkpoints, a commit still checkpoints once the WAL holds this many pages (about
 * 80 MB): only if the background checkpointer has stalled, so the file never grows without bound.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 20_000;

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new Database(path);
  // WAL lets readers run beside the single writer; the busy timeout makes a second process wait
  // for the write lock instead of failing at once.
  client.pragma('journal_mode = WAL');
  client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // NORMAL in WAL mode survives a process crash (the case the sweeper must handle); only an OS
  // crash or power cut can lose the last commits, never corrupt the file.
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  // A checkpoint copies the WAL back into the file and syncs it: about 25 ms every ~70 requests,
  // which at the default threshold more than doubled the cost of a request's write transaction.
  if (options.walCheckpoints === 'background') client.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const db = asDb(client);
  if (options.migrate !== false) applyMigrations(db);
  return db;
}

/** `openReadOnlyClient` with the ORM on top, for readers that query through drizzle. */
export function openDatabaseReadOnly(path: string, options: ReadOnlyOptions = {}): Db {
  return asDb(openReadOnlyClient(path, options));
}

export function asDb(client: Database.Database): Db {
  return drizzle(client, { schema }) as Db;
}

/**
 * drizzle's migrator reads the journal before it takes the write lock, so when two processes start
 * together the second can try to apply what the first just applied. It then fails and rolls back;
 * one more run reads the fresh journal and finds nothing left to do.
 */
export function applyMigrations(db: Db): void {
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

