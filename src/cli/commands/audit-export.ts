/** `gatehouse audit export`: streams the trail as JSON lines or CSV, in constant memory. */
import { parseArgs } from 'node:util';
import { iterateAuditRows } from '../../store/audit-repository.js';
import { databasePathFrom } from '../../store/database-path.js';
import { asDb } from '../../store/open-database.js';
import { exportAudit, isEarlyClose } from '../audit-export.js';
import { openAuditFile } from '../audit-file.js';
import { UsageError, type CliCommand } from '../cli-io.js';
import { parseTimeArg } from '../parse-time.js';

export const auditExport: CliCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
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
  const client = openAuditFile(values.db ?? databasePathFrom(io.env), io, { memoryMap: false });
  if (!client) return 1;
  // The output may still emit an error after exportAudit returns (a dead pipe's EPIPE on the next
  // tick): an early close is nothing to report, and the listener keeps it from crashing the process.
  let exporting = true;
  io.out.on('error', (error: unknown) => {
    if (!exporting && !isEarlyClose(error)) io.err(`audit export: output failed: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  try {
    // Returns normally when the reader closes early (`| head`): that is not a failure.
    await exportAudit(iterateAuditRows(asDb(client), range), values.format, io.out);
  } catch (error) {
    io.err(`audit export: cannot write the output: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    exporting = false;
    client.close();
  }
  return 0;
};
