/**
 * The `gatehouse` command end to end: runCli with an in-memory io against real SQLite files, plus
 * one run of the real binary in a child process.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noDatabaseAt } from '../../src/cli/audit-file.js';
import { runCli, type CliIo } from '../../src/cli/main.js';
import { EXAMPLE_POLICY_PATH } from '../../src/policy/policy-path.js';
import type { AuditEventInput } from '../../src/core/audit.js';
import { recordHash, recordText, verifyChain, type AuditRow } from '../../src/store/audit-chain.js';
import { createAuditLog, iterateAuditRows } from '../../src/store/audit-repository.js';
import { canonicalJson } from '../../src/store/canonical-json.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createFakeClock } from '../support/fake-clock.js';
import { actor, createHarness } from '../support/engine-harness.js';

const H = 3_600_000;
const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Records in the tricky trail are one hour apart from here. */
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
/** The CLI's "now" for relative times: one hour after the last tricky record. */
const NOW = T0 + 7 * H;

let dir: string;
/** A trail written by the real engine. */
let trailDb: string;
let trailRecords: number;
/** A trail written by the real append path with values that stress CSV. */
let trickyDb: string;
let copies = 0;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const chunks: string[] = [];
  let err = '';
  const io: CliIo = {
    out: new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    err: (text) => {
      err += text;
    },
    env: { GATEHOUSE_DB: trailDb, ...env },
    now: () => NOW,
  };
  const code = await runCli(argv, io);
  return { code, out: chunks.join(''), err };
}

/** The tricky records, in order; the append path stamps them one hour apart. */
const tricky: AuditEventInput[] = [
  { type: 'test.plain', actor: actor('alice@example.com'), subject: 'req_plain', data: { note: 'nothing special' } },
  { type: 'test.comma', actor: actor('bob@example.com'), subject: 'req,with,commas', data: { note: 'a, b, c' } },
  { type: 'test.quote', actor: actor('carol@example.com'), subject: 'say "cheese"', data: { note: 'she said "no"' } },
  { type: 'test.newline', actor: actor('dave@example.com'), subject: 'line one\nline two\r\nline three', data: { note: 'multi\nline' } },
  { type: 'test.formula', actor: { email: '=cmd|"/c calc"!A1', platform: 'slack', platformUserId: '+1-555-0100' }, subject: '=HYPERLINK("http://evil.example","click")', data: { x: 1 } },
  { type: '-2+3', actor: { email: '@SUM(A1:A9)', platform: 'teams', platformUserId: '-1' }, subject: '+SUM(1,2)', data: { y: 2 } },
  { type: 'test.tab', actor: actor('erin@example.com'), subject: '\tleading tab', data: { unicode: 'ünïcödé ✓' } },
];

function buildTricky(path: string): void {
  const db = openDatabase(path);
  const clock = createFakeClock(T0);
  const log = createAuditLog(db, clock);
  try {
    for (const event of tricky) {
      db.$client.transaction(() => log.append(event)).immediate();
      clock.advance(H);
    }
  } finally {
    db.$client.close();
  }
}

async function buildTrail(path: string): Promise<void> {
  const h = createHarness({ dbPath: path });
  try {
    const alice = actor('alice@example.com');
    const dave = actor('dave@example.com');
    const first = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211, "slow" queries' });
    h.engine.approveRequest({ actor: dave, requestId: first.request.id });
    await h.engine.runEffects();
    const second = h.engine.createRequest({ actor: actor('bob@example.com'), resourceId: 'prod-db', justification: 'looking at the orders table' });
    h.engine.denyRequest({ actor: dave, requestId: second.request.id, reason: 'use the replica' });
    h.clock.advance(2 * H);
    await h.engine.sweep();
    trailRecords = (h.db.$client.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  } finally {
    h.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  trailDb = join(dir, 'trail.db');
  trickyDb = join(dir, 'tricky.db');
  await buildTrail(trailDb);
  buildTricky(trickyDb);
}, 30_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the trail with one record's type changed behind the triggers' back. */
function tamperedCopy(seq: number): string {
  const path = join(dir, `tampered-${++copies}.db`);
  copyFileSync(trailDb, path);
  const raw = new Database(path);
  try {
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare(`UPDATE audit_log SET body = json_set(body, '$.type', 'access.approved') WHERE seq = ?`).run(seq);
  } finally {
    raw.close();
  }
  return path;
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

const CSV_HEADER = ['seq', 'at', 'type', 'actor_email', 'actor_platform', 'actor_platform_user_id', 'subject', 'data', 'prev_hash', 'hash'];

function storedRows(path: string): AuditRow[] {
  const db = openDatabase(path, { migrate: false });
  try {
    return [...iterateAuditRows(db)];
  } finally {
    db.$client.close();
  }
}

describe('policy check', () => {
  it('accepts the shipped example', async () => {
    const run = await cli(['policy', 'check', EXAMPLE_POLICY_PATH]);
    expect(run).toMatchObject({ code: 0, err: '' });
    const example = loadPolicyFile(EXAMPLE_POLICY_PATH);
    expect(run.out).toBe(`${EXAMPLE_POLICY_PATH}: ok (${example.resources.length} resources, sha256 ${example.hash})\n`);
  });

  it('checks GATEHOUSE_POLICY when no file is given', async () => {
    const run = await cli(['policy', 'check'], { GATEHOUSE_POLICY: EXAMPLE_POLICY_PATH });
    expect(run.code).toBe(0);
    expect(run.out).toContain(`${EXAMPLE_POLICY_PATH}: ok`);
  });

  it('lists every problem of a broken file as path: message lines, and exits 1', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(
      path,
      [
        'version: 1',
        'groups:',
        '  sre: [alice@example.com, not-an-email]',
        'resources:',
        '  - id: prod-db',
        '    name: Production database',
        '    requesters: [group:sre, group:nobody]',
        '    approvers: [group:sre]',
        '    max_duration: forever',
        '    aproval_required: 2',
        '    provider: { type: webhook, url: "ftp://x", secret_env: lower }',
        '',
      ].join('\n'),
    );
    const run = await cli(['policy', 'check', path]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    const lines = run.err.trimEnd().split('\n');
    expect(lines[0]).toBe(`${path}: invalid policy`);
    expect(lines.slice(1)).toEqual([
      'groups.sre[1]: "not-an-email" is not an email address',
      'resources[0].requesters[1]: unknown group "nobody"',
      expect.stringMatching(/^resources\[0\]\.max_duration: "forever" is not a duration/),
      expect.stringMatching(/^resources\[0\]\.aproval_required: unknown key/),
      expect.stringMatching(/^resources\[0\]\.provider\.url: "ftp:\/\/x" is not an http/),
      expect.stringMatching(/^resources\[0\]\.provider\.secret_env: "lower" is not an environment variable name/),
    ]);
    for (const line of lines.slice(1)) expect(line).toMatch(/^[\w[\].]+: \S/);
  });

  it('reports a YAML syntax error with its line, and exits 1', async () => {
    const path = join(dir, 'syntax.yaml');
    writeFileSync(path, 'version: 1\nresources: [\n  - id: x\n');
    const run = await cli(['policy', 'check', path]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${path}: invalid policy`);
    expect(run.err).toMatch(/line \d+, column \d+/);
  });

  it('reports a file it cannot read as such, not as an invalid policy, and exits 1', async () => {
    const path = join(dir, 'missing.yaml');
    const run = await cli(['policy', 'check', path]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toBe(`cannot read the policy file ${path}: no such file\n`);
  });

  it('says the same when the server starts with GATEHOUSE_POLICY naming a missing file', async () => {
    const path = join(dir, 'missing.yaml');
    const run = await cli(['serve'], { GATEHOUSE_POLICY: path, GATEHOUSE_DB: join(dir, 'serve-missing-policy.db') });
    expect(run.code).toBe(1);
    expect(run.err).toBe(`cannot read the policy file ${path}: no such file\n`);
  });
});

describe('policy explain', () => {
  const explain = (...args: string[]) => cli(['policy', 'explain', '--policy', EXAMPLE_POLICY_PATH, ...args]);

  it.each<[string, string[], string]>([
    ['auto-approval', ['--as', 'alice@example.com', '--resource', 'prod-db'], 'auto-approved: alice@example.com gets prod-db for 1h\n'],
    ['auto-approval with a duration', ['--as', 'Alice@Example.com', '--resource', 'prod-db', '--duration', '90m'], 'auto-approved: alice@example.com gets prod-db for 1h 30m\n'],
    [
      'approval needed',
      ['--as', 'alice@example.com', '--resource', 'prod-db-write', '--duration', '2h'],
      'needs 2 approval(s) from: dave@example.com, erin@example.com, frank@example.com, grace@example.com (alice@example.com asks for prod-db-write for 2h)\n',
    ],
    ['a refusal', ['--as', 'mallory@contractor.example.net', '--resource', 'prod-db'], 'refused: mallory@contractor.example.net may not request prod-db (NOT_A_REQUESTER)\n'],
    ['too long', ['--as', 'alice@example.com', '--resource', 'prod-db-write', '--duration', '3h'], 'refused: 3h is longer than the 2h allowed for prod-db-write (DURATION_TOO_LONG)\n'],
  ])('explains %s as text', async (_, args, expected) => {
    const run = await explain(...args);
    expect(run).toEqual({ code: 0, out: expected, err: '' });
  });

  it('explains as JSON with --format json', async () => {
    const run = await explain('--as', 'bob@example.com', '--resource', 'prod-db-write', '--duration', '90m', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({
      email: 'bob@example.com',
      resourceId: 'prod-db-write',
      policyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      outcome: 'needs_approval',
      durationMs: 90 * 60_000,
      duration: '90m',
      approvalsRequired: 2,
      approvers: ['dave@example.com', 'erin@example.com', 'frank@example.com', 'grace@example.com'],
    });
    const refused = await explain('--as', 'nobody@example.com', '--resource', 'prod-db', '--format', 'json');
    expect(JSON.parse(refused.out)).toMatchObject({ outcome: 'refused', code: 'UNKNOWN_PERSON' });
  });

  it('reports the same policy hash as policy check', async () => {
    const check = await cli(['policy', 'check', EXAMPLE_POLICY_PATH]);
    const run = await explain('--as', 'alice@example.com', '--resource', 'prod-db', '--format', 'json');
    expect(check.out).toContain(`sha256 ${(JSON.parse(run.out) as { policyHash: string }).policyHash}`);
  });
});

describe('the README', () => {
  // People copy these lines as they are; each must run from the project's directory as written.
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const commands = [...readme.matchAll(/^\s*npx gatehouse (.+)$/gm)].map((m) => m[1]!.replace(/\s+#.*$/, '').replace(/\s*>\s*\S+$/, '').trim());

  it('shows the commands people try first', () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const first of ['audit verify', 'audit export', 'policy check', 'policy explain', 'report']) expect(commands.some((c) => c.startsWith(first))).toBe(true);
  });

  it.each(commands.map((c) => [c]))('`gatehouse %s` runs as written (exit 0)', async (command) => {
    const run = await cli(command.split(/\s+/), { GATEHOUSE_POLICY: undefined });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
  });

  it('shows what policy explain really prints', async () => {
    const shown = /npx gatehouse (policy explain [^\n]+)\n# ([^\n]+)/.exec(readme);
    expect(shown).not.toBeNull();
    const run = await cli(shown![1]!.trim().split(/\s+/), { GATEHOUSE_POLICY: undefined });
    expect(run.out).toBe(`${shown![2]}\n`);
  });
});

describe('asking for help', () => {
  it.each([[['--help']], [['-h']], [['help']], [['audit', 'verify', '--help']]])('%j prints the usage on stdout and exits 0', async (argv) => {
    const run = await cli(argv);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toContain('usage: gatehouse <command>');
  });
});

describe('a missing database says where it was looked for and how to name another', () => {
  it('mentions the first start, --db and GATEHOUSE_DB', () => {
    expect(noDatabaseAt('./data/gatehouse.db')).toMatch(/^no database at \.\/data\/gatehouse\.db: .*first starts.*--db PATH.*GATEHOUSE_DB/);
  });
});

describe('usage errors exit 2 with the usage on stderr', () => {
  it.each<[string, string[], RegExp]>([
    ['no command', [], /no command given/],
    ['an unknown command', ['frobnicate'], /unknown command: frobnicate/],
    ['an unknown subcommand', ['audit', 'shred'], /unknown command: audit shred/],
    ['policy explain without --resource', ['policy', 'explain', '--as', 'alice@example.com'], /needs --as EMAIL and --resource ID/],
    ['policy explain without --as', ['policy', 'explain', '--resource', 'prod-db'], /needs --as EMAIL and --resource ID/],
    ['a bad duration', ['policy', 'explain', '--as', 'a@example.com', '--resource', 'prod-db', '--duration', '5x'], /--duration "5x" is not a duration/],
    ['a zero duration', ['policy', 'explain', '--as', 'a@example.com', '--resource', 'prod-db', '--duration', '0h'], /--duration "0h" is not a duration/],
    ['an unknown option', ['audit', 'verify', '--bogus'], /Unknown option '--bogus'/],
    ['an option without its value', ['audit', 'verify', '--db'], /--db/],
    ['a bad --threads', ['audit', 'verify', '--threads', 'two'], /--threads "two" is not a positive whole number/],
    ['zero --threads', ['audit', 'verify', '--threads', '0'], /--threads "0" is not a positive whole number/],
    ['an unknown export format', ['audit', 'export', '--format', 'xml'], /--format must be jsonl or csv, not "xml"/],
    ['a bad --since', ['audit', 'export', '--since', 'yesterday'], /--since "yesterday" is neither an ISO time nor a duration/],
    ['a bad --until', ['audit', 'export', '--until', '2026-13-45'], /--until "2026-13-45" is neither/],
    ['a --since that is not a date at all', ['audit', 'export', '--since', '12345'], /--since "12345" is neither/],
  ])('%s', async (_, argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(message);
    expect(run.err).toContain('usage: gatehouse <command>');
  });
});

describe('audit verify', () => {
  it('passes an intact chain (exit 0), using GATEHOUSE_DB when no --db is given', async () => {
    const run = await cli(['audit', 'verify']);
    const rows = storedRows(trailDb);
    expect(run).toEqual({ code: 0, out: `audit chain ok: ${trailRecords} records, head ${trailRecords} ${rows[rows.length - 1]!.hash}\n`, err: '' });
  });

  it('names the first bad record of a broken chain (exit 1)', async () => {
    const run = await cli(['audit', 'verify', '--db', tamperedCopy(4)]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('audit chain BROKEN at record 4: hash_mismatch (record content does not match its hash); 3 records before it verify\n');
  });

  it('--db wins over GATEHOUSE_DB', async () => {
    const run = await cli(['audit', 'verify', '--db', trickyDb]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`ok: ${tricky.length} records`);
  });
});

/** A Gatehouse-less SQLite file: only the audit_log table, copied from the trail, no migrations. */
function bareAuditCopy(): string {
  const path = join(dir, `bare-${++copies}.db`);
  const raw = new Database(path);
  try {
    raw.exec(`ATTACH '${trailDb}' AS trail; CREATE TABLE audit_log AS SELECT * FROM trail.audit_log; DETACH trail;`);
  } finally {
    raw.close();
  }
  return path;
}

const schemaOf = (path: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
  } finally {
    raw.close();
  }
};

describe('the audit commands only read the database', () => {
  it.each([
    ['audit verify', ['audit', 'verify']],
    ['audit export', ['audit', 'export']],
    // report opens the file for writing (it applies migrations), but a typo must not give it a new empty database.
    ['report', ['report']],
  ])('%s fails clearly on a path with no database, and creates nothing there', async (_, argv) => {
    const path = join(dir, 'typo.db');
    const run = await cli([...argv, '--db', path]);
    expect(run).toEqual({ code: 1, out: '', err: `${noDatabaseAt(path)}\n` });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('fails clearly on GATEHOUSE_DB pointing nowhere, and on a directory', async () => {
    const missing = join(dir, 'nowhere', 'gatehouse.db');
    expect(await cli(['audit', 'verify'], { GATEHOUSE_DB: missing })).toEqual({ code: 1, out: '', err: `${noDatabaseAt(missing)}\n` });
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(await cli(['audit', 'export', '--db', dir])).toEqual({ code: 1, out: '', err: `${noDatabaseAt(dir)}\n` });
  });

  it('fails clearly on a file that is not a database, or holds no audit log', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words to fill a page\n'.repeat(100));
    const notDb = await cli(['audit', 'verify', '--db', text]);
    expect(notDb.code).toBe(1);
    expect(notDb.err).toMatch(new RegExp(`^cannot read an audit log from ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: file is not a database`));
    const empty = join(dir, 'empty.db');
    new Database(empty).close();
    const noTable = await cli(['audit', 'export', '--db', empty]);
    expect(noTable).toMatchObject({ code: 1, out: '' });
    expect(noTable.err).toMatch(/no such table: audit_log/);
  });

  it('verify and export never migrate the file they read, nor change it', async () => {
    const path = bareAuditCopy();
    const before = schemaOf(path);
    const bytes = readFileSync(path);
    const verify = await cli(['audit', 'verify', '--db', path]);
    expect(verify).toMatchObject({ code: 0, err: '' });
    expect(verify.out).toContain(`audit chain ok: ${trailRecords} records`);
    const exported = await cli(['audit', 'export', '--db', path]);
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(exported.out.trimEnd().split('\n')).toHaveLength(trailRecords);
    expect(schemaOf(path)).toEqual(before);
    expect(schemaOf(path).map((r) => (r as { name: string }).name)).toEqual(['audit_log']);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('audit export to a reader that goes away', () => {
  const failingOut = (code: string, after: number) => {
    let writes = 0;
    return new Writable({
      highWaterMark: 64,
      write(_chunk, _encoding, callback) {
        if (++writes <= after) return callback();
        callback(Object.assign(new Error(`write ${code}`), { code, errno: -32, syscall: 'write' }));
      },
    });
  };
  const run = async (out: Writable) => {
    let err = '';
    const code = await runCli(['audit', 'export', '--db', trickyDb], { out, err: (t) => (err += t), env: {}, now: () => NOW });
    // Let any late error event from the dead stream fire: it must not escape.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { code, err };
  };

  it('treats EPIPE as an early close: exit 0, nothing on stderr', async () => {
    for (const after of [0, 2]) expect(await run(failingOut('EPIPE', after))).toEqual({ code: 0, err: '' });
  });

  it('reports any other write error as a failure: exit 1', async () => {
    const result = await run(failingOut('EIO', 1));
    expect(result.code).toBe(1);
    expect(result.err).toBe('audit export: cannot write the output: write EIO\n');
  });
});

describe('audit export', () => {
  it('writes one JSON line per record, with ISO times, that verify offline', async () => {
    const run = await cli(['audit', 'export', '--format', 'jsonl']);
    expect(run.code).toBe(0);
    const lines = run.out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(trailRecords);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((r) => r.seq)).toEqual(parsed.map((_, i) => i + 1));
    expect(Object.keys(parsed[0]!)).toEqual(['seq', 'at', 'type', 'actor', 'subject', 'data', 'prevHash', 'hash']);
    expect(parsed[0]!.at).toBe(new Date(Date.UTC(2026, 0, 5, 9, 0, 0)).toISOString());
    const rows: AuditRow[] = parsed.map((r) => {
      const a = r.actor as { email: string; platform: string; platformUserId: string | null };
      return {
        seq: r.seq as number,
        at: Date.parse(r.at as string),
        type: r.type as string,
        actorEmail: a.email,
        actorPlatform: a.platform,
        actorPlatformUserId: a.platformUserId,
        subject: r.subject as string | null,
        data: canonicalJson(r.data),
        prevHash: r.prevHash as string,
        hash: r.hash as string,
      };
    });
    expect(verifyChain(rows)).toMatchObject({ ok: true, records: trailRecords });
  });

  it('defaults to jsonl', async () => {
    expect((await cli(['audit', 'export'])).out).toBe((await cli(['audit', 'export', '--format', 'jsonl'])).out);
  });

  it('keeps line breaks inside values escaped in jsonl, one record per line', async () => {
    const run = await cli(['audit', 'export', '--db', trickyDb]);
    const lines = run.out.trimEnd().split('\n');
    expect(lines).toHaveLength(tricky.length);
    expect((JSON.parse(lines[3]!) as { subject: string }).subject).toBe('line one\nline two\r\nline three');
  });

  it('writes CSV with a header row, RFC 4180 quoting and CRLF line ends', async () => {
    const run = await cli(['audit', 'export', '--format', 'csv', '--db', trickyDb]);
    expect(run.code).toBe(0);
    expect(run.out.startsWith(`${CSV_HEADER.join(',')}\r\n`)).toBe(true);
    const table = parseCsv(run.out);
    expect(table[0]).toEqual(CSV_HEADER);
    expect(table).toHaveLength(tricky.length + 1);
    for (const row of table) expect(row).toHaveLength(CSV_HEADER.length);

    const stored = storedRows(trickyDb);
    const cells = table.slice(1);
    // Plain values round-trip exactly.
    expect(cells[0]).toEqual(['1', new Date(T0).toISOString(), 'test.plain', 'alice@example.com', 'slack', 'U-ALICE', 'req_plain', '{"note":"nothing special"}', stored[0]!.prevHash, stored[0]!.hash]);
    // Commas, quotes and line breaks are quoted and survive a CSV reader.
    expect(cells[1]![6]).toBe('req,with,commas');
    expect(cells[1]![7]).toBe('{"note":"a, b, c"}');
    expect(cells[2]![6]).toBe('say "cheese"');
    expect(cells[2]![7]).toBe('{"note":"she said \\"no\\""}');
    expect(cells[3]![6]).toBe('line one\nline two\r\nline three');
    // The raw text shows the quoting itself.
    expect(run.out).toContain(',"req,with,commas",');
    expect(run.out).toContain(',"say ""cheese""",');
    expect(run.out).toContain(',"line one\nline two\r\nline three",');
    expect(run.out).toContain(',"{""note"":""a, b, c""}",');
  });

  it('defuses cells a spreadsheet would run as a formula (= + - @, tab)', async () => {
    const run = await cli(['audit', 'export', '--format', 'csv', '--db', trickyDb]);
    const cells = parseCsv(run.out).slice(1);
    expect(cells[4]!.slice(2, 7)).toEqual(['test.formula', `'=cmd|"/c calc"!A1`, 'slack', `'+1-555-0100`, `'=HYPERLINK("http://evil.example","click")`]);
    expect(cells[5]!.slice(2, 7)).toEqual([`'-2+3`, `'@SUM(A1:A9)`, 'teams', `'-1`, `'+SUM(1,2)`]);
    expect(cells[6]![6]).toBe(`'\tleading tab`);
    // No cell of any row starts with a formula character once read back.
    for (const row of cells) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes null as an empty cell', async () => {
    const path = join(dir, 'nulls.db');
    const db = openDatabase(path);
    const log = createAuditLog(db, createFakeClock(T0));
    db.$client.transaction(() => log.append({ type: 'test.nulls', actor: { email: 'system', platform: 'system', platformUserId: null }, subject: null, data: {} })).immediate();
    db.$client.close();
    const run = await cli(['audit', 'export', '--format', 'csv', '--db', path]);
    const [, row] = parseCsv(run.out);
    expect(row!.slice(3, 8)).toEqual(['system', 'system', '', '', '{}']);
    // The first record links to the genesis hash, and that is what is exported.
    expect(row![8]).toBe('0'.repeat(64));
    expect(row![9]).toBe(recordHash('0'.repeat(64), { seq: 1, at: T0, type: 'test.nulls', actorEmail: 'system', actorPlatform: 'system', actorPlatformUserId: null, subject: null, data: '{}' }));
  });

  const iso = (hours: number) => new Date(T0 + hours * H).toISOString();
  it.each<[string, string[], number[]]>([
    ['--since an ISO time (inclusive)', ['--since', iso(4)], [5, 6, 7]],
    ['--until an ISO time (exclusive)', ['--until', iso(2)], [1, 2]],
    ['--since and --until ISO times', ['--since', iso(1), '--until', iso(3)], [2, 3]],
    ['ISO times with an offset', ['--since', '2026-01-05T12:00:00+02:00'], [2, 3, 4, 5, 6, 7]],
    ['an ISO date alone (UTC midnight)', ['--since', '2026-01-06'], []],
    ['--since a relative duration', ['--since', '3h'], [5, 6, 7]],
    ['--since a relative duration in minutes', ['--since', '90m'], [7]],
    ['--until a relative duration', ['--until', '5h'], [1, 2]],
    ['--since and --until relative durations', ['--since', '5h', '--until', '3h'], [3, 4]],
    ['--since a day back', ['--since', '1d'], [1, 2, 3, 4, 5, 6, 7]],
    ['mixed ISO and relative', ['--since', iso(2), '--until', '2h'], [3, 4, 5]],
    ['a range that is empty', ['--since', iso(3), '--until', iso(3)], []],
  ])('filters with %s', async (_, args, seqs) => {
    const jsonl = await cli(['audit', 'export', '--db', trickyDb, ...args]);
    expect(jsonl.code).toBe(0);
    const got = jsonl.out
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(got).toEqual(seqs);
    const csv = await cli(['audit', 'export', '--format', 'csv', '--db', trickyDb, ...args]);
    expect(parseCsv(csv.out).slice(1).map((row) => Number(row[0]))).toEqual(seqs);
  });
});

describe('the real binary', () => {
  const run = (...args: string[]) => {
    const env = { ...process.env };
    delete env.GATEHOUSE_DB;
    return spawnSync(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 30_000 });
  };

  it('`serve` with a policy file it cannot read says so and exits 1 instead of staying up', () => {
    const path = join(dir, 'missing.yaml');
    const env: NodeJS.ProcessEnv = { ...process.env, GATEHOUSE_POLICY: path, GATEHOUSE_DB: join(dir, 'serve-bin.db'), PORT: '0' };
    for (const key of Object.keys(env)) if (/^(SLACK|TEAMS|MICROSOFT)_/.test(key)) delete env[key];
    const result = spawnSync(process.execPath, [BIN, 'serve'], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 20_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`cannot read the policy file ${path}: no such file\n`);
  }, 30_000);

  it('verifies an intact chain: exit 0 and the head on stdout', () => {
    const result = run('audit', 'verify', '--db', trailDb);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^audit chain ok: ${trailRecords} records, head ${trailRecords} [0-9a-f]{64}\\n$`));
  }, 30_000);

  it('fails a broken chain: exit 1 and the first bad record', () => {
    const result = run('audit', 'verify', '--db', tamperedCopy(2));
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('audit chain BROKEN at record 2: hash_mismatch');
  }, 30_000);

  it('exits 0 with nothing on stderr when the export is cut short by `| head`', () => {
    // Enough records to fill the pipe many times over before head has read its one line.
    const path = bulkTrail(20_000);
    const shell = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${BIN}" audit export --db "${path}" | head -n 1 > /dev/null; echo "status=\${PIPESTATUS[0]}"`],
      { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(shell.stderr).toBe('');
    expect(shell.stdout).toBe('status=0\n');
    // The reader gets exactly what it asked for: the first record.
    const first = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" audit export --db "${path}" | head -n 1`], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(first.stdout)).toMatchObject({ seq: 1, subject: 'req_1' });
  }, 60_000);

  it('verifies a log big enough for worker threads, to the same verdicts', () => {
    const path = bulkTrail(60_000);
    const rows = storedRows(path);
    const intact = run('audit', 'verify', '--db', path, '--threads', '2');
    expect(intact.stderr).toBe('');
    expect(intact.stdout).toBe(`audit chain ok: 60000 records, head 60000 ${rows[59_999]!.hash}\n`);
    const copy = join(dir, `bulk-tampered-${++copies}.db`);
    copyFileSync(path, copy);
    const raw = new Database(copy);
    raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET body = json_set(body, '$.subject', 'forged') WHERE seq IN (45000, 51234);`);
    raw.close();
    const broken = run('audit', 'verify', '--db', copy, '--threads', '2');
    expect(broken.stderr).toBe('');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe('audit chain BROKEN at record 45000: hash_mismatch (record content does not match its hash); 44999 records before it verify\n');
  }, 120_000);
});

/** A trail of `records` records written straight into a migrated database, hashed as the appender would. */
function bulkTrail(records: number): string {
  const path = join(dir, `bulk-${records}-${++copies}.db`);
  const db = openDatabase(path);
  try {
    const insert = db.$client.prepare('INSERT INTO audit_log (seq, body, prev_hash, hash) VALUES (?, ?, ?, ?)');
    let prevHash = '0'.repeat(64);
    db.$client.transaction(() => {
      for (let seq = 1; seq <= records; seq++) {
        const fields = {
          seq,
          at: T0 + seq * 1_000,
          type: seq % 3 ? 'access.requested' : 'refused',
          actorEmail: `user${seq % 17}@example.com`,
          actorPlatform: 'slack',
          actorPlatformUserId: seq % 5 ? `U${seq % 97}` : null,
          subject: `req_${seq}`,
          data: canonicalJson({ requestId: `req_${seq}`, note: 'bulk "record" ✓', n: seq }),
        };
        const hash = recordHash(prevHash, fields);
        insert.run(fields.seq, recordText(fields), prevHash, hash);
        prevHash = hash;
      }
    }).immediate();
  } finally {
    db.$client.close();
  }
  return path;
}
