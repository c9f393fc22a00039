/**
 * The audit commands check the file they are given and change nothing in it: a missing file is an
 * error (not a new empty database that verifies), and nothing is migrated.
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openReadOnlyClient, type ReadOnlyOptions } from '../store/open-read-only.js';
import type { CliIo } from './cli-io.js';

/** A read-only connection to a file holding an audit log; reports the problem and returns null otherwise. */
export function openAuditFile(path: string, io: CliIo, options: ReadOnlyOptions = {}): Database.Database | null {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // missing
  }
  if (!isFile) {
    io.err(`no database at ${path}\n`);
    return null;
  }
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
