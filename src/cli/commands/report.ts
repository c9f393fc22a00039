/** `gatehouse report`: what happened over a period, from the audit trail and the grants. */
import { parseArgs } from 'node:util';
import { buildReport } from '../../report/build-report.js';
import { formatReport } from '../../report/format-report.js';
import { databasePathFrom } from '../../store/database-path.js';
import { openDatabase } from '../../store/open-database.js';
import { databaseFileExists } from '../audit-file.js';
import { printer, UsageError, type CliCommand } from '../cli-io.js';
import { parseTimeArg } from '../parse-time.js';

export const report: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { since: { type: 'string' }, format: { type: 'string', default: 'text' }, db: { type: 'string' } } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  let since: number | undefined;
  if (values.since !== undefined) {
    const at = parseTimeArg(values.since, io.now());
    if (at === null) throw new UsageError(`--since "${values.since}" is neither an ISO time nor a duration like 7d`);
    since = at;
  }
  const path = values.db ?? databasePathFrom(io.env);
  if (!databaseFileExists(path, io)) return 1;
  const db = openDatabase(path);
  try {
    const built = buildReport(db, { since, now: io.now() });
    printer(io)(values.format === 'json' ? JSON.stringify(built, null, 2) : formatReport(built));
  } finally {
    db.$client.close();
  }
  return 0;
};
