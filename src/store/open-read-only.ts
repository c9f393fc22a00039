/**
 * A plain better-sqlite3 connection that only reads an existing file: never creates it, never
 * migrates, never writes. No ORM, so the audit commands and the verify workers start quickly.
 * Throws when the file is missing (better-sqlite3's error then has code SQLITE_CANTOPEN).
 *
 * Such a connection maps the file into memory: one page fault per page instead of one read() call
 * and a copy per page, which was about a third of verification's system time. SQLite never maps the
 * WAL. A mapped file that another process truncated would fault, but Gatehouse never shrinks its
 * database (no VACUUM, no auto_vacuum).
 */
import Database from 'better-sqlite3';

/** Bytes of the file a reading connection maps (SQLite caps it at 2 GiB by default). */
export const READ_MMAP_BYTES = 1024 * 1024 * 1024;

export interface ReadOnlyOptions {
  busyTimeoutMs?: number;
  /**
   * Map the file into memory (default true). Mapped pages count in the process's resident memory:
   * a reader that must stay in constant memory over a file of any size (the export) reads through
   * SQLite's page cache instead.
   */
  memoryMap?: boolean;
}

export function openReadOnlyClient(path: string, options: ReadOnlyOptions = {}): Database.Database {
  const client = new Database(path, { readonly: true, fileMustExist: true });
  try {
    client.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.memoryMap ?? true) client.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}
