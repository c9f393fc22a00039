/** `gatehouse audit verify`: loads no ORM and no configuration, so start-up stays small beside the work. */
import { parseArgs } from 'node:util';
import { verifyAuditDatabaseParallel } from '../../store/audit-verify.js';
import { databasePathFrom } from '../../store/database-path.js';
import { openAuditFile } from '../audit-file.js';
import { printer, UsageError, type CliCommand } from '../cli-io.js';

export const auditVerify: CliCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { db: { type: 'string' }, threads: { type: 'string' } } });
  let threads: number | undefined;
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!/^\d+$/.test(values.threads) || threads < 1) throw new UsageError(`--threads "${values.threads}" is not a positive whole number`);
  }
  const client = openAuditFile(values.db ?? databasePathFrom(io.env), io);
  if (!client) return 1;
  const print = printer(io);
  try {
    const verdict = await verifyAuditDatabaseParallel(client, {
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
    client.close();
  }
};
