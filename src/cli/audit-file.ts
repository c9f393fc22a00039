/**
 * The audit commands check the file they are given and change nothing in it: a missing file is an
 * error (not a new empty database that verifies), and nothing is migrated.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openReadOnlyClient, type ReadOnlyOptions } from '../store/open-read-only.js';
import type { CliIo } from './cli-io.js';

/**
 * The default path is relative, so the usual cause is running the command from another directory
 * than the bot, or before its first start: say both, and how to name the file.
 */
export function noDatabaseAt(path: string): string {
  return `no database at ${path}: Gatehouse creates it when it first starts, in the directory it runs from; pass --db PATH or set GATEHOUSE_DB to read another file`;
}

/**
 * Whether `path` is a file; says why not otherwise. The commands that only read (audit, report)
 * must not leave an empty new database behind that then verifies or reports zeros.
 */
export function databaseFileExists(path: string, io: CliIo): boolean {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // missing
  }
  if (!isFile) io.err(`${noDatabaseAt(path)}\n`);
  return isFile;
}

/** A read-only connection to a file holding an audit log; reports the problem and returns null otherwise. */
export function openAuditFile(path: string, io: CliIo, options: ReadOnlyOptions = {}): Database.Database | null {
  if (!databaseFileExists(path, io)) return null;
  let client: Database.Database | null = null;
  try {
    client = openReadOnlyClient(path, options);
    client.prepare('SELECT seq FROM audit_log LIMIT 1').get();
    return client;
  } catch (error) {
    client?.close();
    io.err(`cannot read an audit log from ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}
