/**
 * Memory-mapped reads for connections that only read a large file (verifying the audit
 * trail): one page fault per page instead of one read() call and a copy per page, which was about a
 * third of verification's system time. Kept apart from open-database.ts so the verify workers can
 * use it without loading the ORM.
 *
 * Only for connections that never write; SQLite never maps the WAL. A mapped file that another
 * process truncated would fault, but Gatehouse never shrinks its database (no VACUUM, no auto_vacuum).
 */
import type Database from 'better-sqlite3';

/** Bytes of the file a reading connection maps (SQLite caps it at 2 GiB by default). */
export const READ_MMAP_BYTES = 1024 * 1024 * 1024;

export function mapForReading(client: Database.Database): void {
  client.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
}
