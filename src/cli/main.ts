/** The `gatehouse` command: serve, migrate, policy check/explain, audit verify/export. */
import { statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseDuration } from '../core/duration.js';
import { resolvePolicyPath } from '../compose-gatehouse.js';
import { readConfig } from '../config.js';
import { explainRequest, explainRequestJson } from '../policy/explain.js';
import { loadPolicyFile } from '../policy/load-policy.js';
import { isPolicyError } from '../policy/policy-error.js';
import { iterateAuditRows, verifyAuditLogParallel } from '../store/audit-repository.js';
import { openDatabase, openDatabaseReadOnly, type Db } from '../store/open-database.js';
import { buildReport } from '../report/build-report.js';
import { formatReport } from '../report/format-report.js';
import { exportAudit, isEarlyClose } from './audit-export.js';
import { parseTimeArg } from './parse-time.js';

const USAGE = `usage: gatehouse <command>

  serve                                   run the bot (what npm start does)
  migrate [--db PATH]                     apply database migrations
  policy check [FILE]                     validate a policy file
  policy explain --as EMAIL --resource ID [--duration 3h] [--policy FILE] [--format text|json]
  audit verify [--db PATH] [--threads N]  check the audit hash chain (N threads, default: all CPUs)
  audit export [--format jsonl|csv] [--since T] [--until T] [--db PATH]
  report [--since T] [--format text|json] [--db PATH]
                                          T is an ISO time or a duration back from now (7d)
`;

class UsageError extends Error {}

export interface CliIo {
  out: Writable;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  now: () => number;
}

function dbPath(flag: string | undefined, io: CliIo): string {
  return flag ?? readConfig(io.env).GATEHOUSE_DB;
}

/**
 * The audit commands check the file they are given and change nothing in it: a missing file is an
 * error (not a new empty database that verifies), and nothing is migrated. Reports the problem and
 * returns null when the file is not there or holds no audit log.
 */
function openAuditDatabase(path: string, io: CliIo, options: { memoryMap?: boolean } = {}): Db | null {
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
  let db: Db | null = null;
  try {
    db = openDatabaseReadOnly(path, options);
    db.$client.prepare('SELECT seq FROM audit_log LIMIT 1').get();
    return db;
  } catch (error) {
    db?.$client.close();
    io.err(`cannot read an audit log from ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, sub, ...rest] = argv;
  const print = (text: string) => io.out.write(`${text}\n`);

  if (command === 'serve') {
    // Loaded only here: the server pulls in Bolt, which the admin commands never need.
    const { serve } = await import('../serve.js');
    const running = await serve(io.env);
    const stop = () => void running.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  }

  if (command === 'migrate') {
    const { values } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { db: { type: 'string' } } });
    const path = dbPath(values.db, io);
    openDatabase(path).$client.close();
    print(`migrations applied to ${path}`);
    return 0;
  }

  if (command === 'policy' && sub === 'check') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true });
    const path = positionals[0] ?? resolvePolicyPath(io.env.GATEHOUSE_POLICY).path;
    const policy = loadPolicyFile(path);
    print(`${path}: ok (${policy.resources.length} resources, sha256 ${policy.hash})`);
    return 0;
  }

  if (command === 'policy' && sub === 'explain') {
    const { values } = parseArgs({
      args: rest,
      options: { as: { type: 'string' }, resource: { type: 'string' }, duration: { type: 'string' }, policy: { type: 'string' }, format: { type: 'string', default: 'text' } },
    });
    if (!values.as || !values.resource) throw new UsageError('policy explain needs --as EMAIL and --resource ID');
    let durationMs: number | undefined;
    if (values.duration !== undefined) {
      const parsed = parseDuration(values.duration);
      if (parsed === null) throw new UsageError(`--duration "${values.duration}" is not a duration like 30m, 2h or 1d`);
      durationMs = parsed;
    }
    const policy = loadPolicyFile(values.policy ?? resolvePolicyPath(io.env.GATEHOUSE_POLICY).path);
    const question = { email: values.as, resourceId: values.resource, durationMs };
    if (values.format === 'json') print(JSON.stringify(explainRequestJson(policy, question), null, 2));
    else print(explainRequest(policy, question));
    return 0;
  }

  if (command === 'audit' && sub === 'verify') {
    const { values } = parseArgs({ args: rest, options: { db: { type: 'string' }, threads: { type: 'string' } } });
    let threads: number | undefined;
    if (values.threads !== undefined) {
      threads = Number(values.threads);
      if (!/^\d+$/.test(values.threads) || threads < 1) throw new UsageError(`--threads "${values.threads}" is not a positive whole number`);
    }
    const db = openAuditDatabase(dbPath(values.db, io), io);
    if (!db) return 1;
    try {
      const verdict = await verifyAuditLogParallel(db, {
        threads,
        onStats: ({ workerErrors }) => {
          // The verdict is still complete (this thread redid their share), but say so.
          for (const error of workerErrors) io.err(`audit verify: a worker thread failed, its share was verified here instead: ${error}\n`);
        },
      });
      if (verdict.ok) {
        print(`audit chain ok: ${verdict.records} records, head ${verdict.headSeq ?? '-'} ${verdict.headHash}`);
        return 0;
      }
      print(`audit chain BROKEN at record ${verdict.firstBadSeq}: ${verdict.problem} (${verdict.detail}); ${verdict.records} records before it verify`);
      return 1;
    } finally {
      db.$client.close();
    }
  }

  if (command === 'audit' && sub === 'export') {
    const { values } = parseArgs({
      args: rest,
      options: { format: { type: 'string', default: 'jsonl' }, since: { type: 'string' }, until: { type: 'string' }, db: { type: 'string' } },
    });
    if (values.format !== 'jsonl' && values.format !== 'csv') throw new UsageError(`--format must be jsonl or csv, not "${values.format}"`);
    const range: { since?: number; until?: number } = {};
    for (const key of ['since', 'until'] as const) {
      const text = values[key];
      if (text === undefined) continue;
      const at = parseTimeArg(text, io.now());
      if (at === null) throw new UsageError(`--${key} "${text}" is neither an ISO time nor a duration like 7d`);
      range[key] = at;
    }
    const db = openAuditDatabase(dbPath(values.db, io), io, { memoryMap: false });
    if (!db) return 1;
    // The output may still emit an error after exportAudit returns (a dead pipe's EPIPE on the next
    // tick): an early close is nothing to report, and the listener keeps it from crashing the process.
    let exporting = true;
    io.out.on('error', (error: unknown) => {
      if (!exporting && !isEarlyClose(error)) io.err(`audit export: output failed: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    try {
      // Returns normally when the reader closes early (`| head`): that is not a failure.
      await exportAudit(iterateAuditRows(db, range), values.format, io.out);
    } catch (error) {
      io.err(`audit export: cannot write the output: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      exporting = false;
      db.$client.close();
    }
    return 0;
  }

  if (command === 'report') {
    const { values } = parseArgs({
      args: [sub, ...rest].filter((a): a is string => a !== undefined),
      options: { since: { type: 'string' }, format: { type: 'string', default: 'text' }, db: { type: 'string' } },
    });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
    let since: number | undefined;
    if (values.since !== undefined) {
      const at = parseTimeArg(values.since, io.now());
      if (at === null) throw new UsageError(`--since "${values.since}" is neither an ISO time nor a duration like 7d`);
      since = at;
    }
    const db = openDatabase(dbPath(values.db, io));
    try {
      const report = buildReport(db, { since, now: io.now() });
      print(values.format === 'json' ? JSON.stringify(report, null, 2) : formatReport(report));
    } finally {
      db.$client.close();
    }
    return 0;
  }

  throw new UsageError(command ? `unknown command: ${[command, sub].filter(Boolean).join(' ')}` : 'no command given');
}

/** Runs one CLI invocation; returns the exit code (-1: a server keeps running). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (isPolicyError(error)) {
      io.err(`${error.source ? `${error.source}: ` : ''}invalid policy\n${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && error.name === 'ConfigError') {
      io.err(`${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
