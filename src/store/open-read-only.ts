/**
 * A plain better-sqlite3 connection that only reads an existing file: never creates it, never
 * migrates, never writes. No ORM, so the audit commands and the verify workers start quickly.
 * Throws when the file is missing (better-sqlite3's error then has code SQLITE_CANTOPEN).
 */
import Database from 'better-sqlite3';
import { mapForReading } from './read-mmap.js';

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
    if (options.memoryMap ?? true) mapForReading(client);
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}
