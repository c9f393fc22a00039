/**
 * The `gatehouse` command: serve, migrate, policy check/explain, audit verify/export, report.
 * Each command's module is loaded only when it runs: the server pulls in Bolt, the ORM and zod cost
 * hundreds of milliseconds, and `audit verify` needs none of them.
 */
import { isPolicyError, isPolicyReadError } from '../policy/policy-error.js';
import { UsageError, type CliCommand, type CliIo } from './cli-io.js';

export type { CliIo } from './cli-io.js';

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

/** Commands by name; two-word commands are keyed "group sub". */
const COMMANDS = new Map<string, () => Promise<CliCommand>>([
  ['serve', async () => (await import('./commands/serve.js')).serve],
  ['migrate', async () => (await import('./commands/migrate.js')).migrate],
  ['report', async () => (await import('./commands/report.js')).report],
  ['policy check', async () => (await import('./commands/policy.js')).policyCheck],
  ['policy explain', async () => (await import('./commands/policy.js')).policyExplain],
  ['audit verify', async () => (await import('./commands/audit-verify.js')).auditVerify],
  ['audit export', async () => (await import('./commands/audit-export.js')).auditExport],
]);

async function run(argv: string[], io: CliIo): Promise<number> {
  // What people type first to find their way; an "unknown command" answer there is a dead end.
  if (argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    io.out.write(USAGE);
    return 0;
  }
  const [command, sub, ...rest] = argv;
  // A name holding a space is no command, even though the two-word commands are keyed that way.
  const valid = (word: string | undefined) => word !== undefined && !word.includes(' ');
  const grouped = valid(command) && valid(sub) ? COMMANDS.get(`${command} ${sub}`) : undefined;
  if (grouped) return (await grouped())(rest, io);
  const single = valid(command) ? COMMANDS.get(command!) : undefined;
  if (single) return (await single())(argv.slice(1), io);
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
    if (isPolicyReadError(error)) {
      io.err(`${error.message}\n`);
      return 1;
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
