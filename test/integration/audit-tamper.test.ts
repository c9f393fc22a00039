/**
 * The audit trail against an attacker who can write to the database file. The triggers stop casual
 * edits; once they are dropped, only the hash chain is left, and every kind of tampering must show
 * up in `verifyAuditLog` at the right record with the right problem.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAudit } from '../../src/cli/audit-export.js';
import { bodyHash, GENESIS_HASH, recordHash, recordText, verifyChain, type AuditRow, type ChainVerdict } from '../../src/store/audit-chain.js';
import { iterateAuditRows, verifyAuditLog, verifyAuditLogParallel } from '../../src/store/audit-repository.js';
import { canonicalJson } from '../../src/store/canonical-json.js';
import { openDatabase } from '../../src/store/open-database.js';
import { actor, createHarness } from '../support/engine-harness.js';

const H = 3_600_000;
const alice = actor('alice@example.com');
const bob = actor('bob@example.com');
const carol = actor('carol@example.com');
const dave = actor('dave@example.com');
const erin = actor('erin@example.com');
const sam = actor('sam@example.com');

let dir: string;
/** The pristine trail; every test works on its own copy. */
let pristinePath: string;
let pristine: AuditRow[];
let copies = 0;

/** A real trail: requests, approvals, a denial, a refusal, auto-approval, break-glass, expiries, revocations. */
async function buildTrail(dbPath: string): Promise<void> {
  const h = createHarness({ dbPath });
  try {
    const first = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211 slow queries' });
    h.clock.advance(60_000);
    h.engine.approveRequest({ actor: dave, requestId: first.request.id });
    await h.engine.runEffects();

    const denied = h.engine.createRequest({ actor: bob, resourceId: 'prod-db', justification: 'want to look at "customers", quickly' });
    h.clock.advance(60_000);
    h.engine.denyRequest({ actor: erin, requestId: denied.request.id, reason: 'use the replica, not prod' });

    const twoKeys = h.engine.createRequest({ actor: bob, resourceId: 'prod-db-write', justification: 'schema migration for INC-9' });
    expect(() => h.engine.approveRequest({ actor: bob, requestId: twoKeys.request.id })).toThrow();
    h.engine.approveRequest({ actor: alice, requestId: twoKeys.request.id });
    h.engine.approveRequest({ actor: dave, requestId: twoKeys.request.id });

    h.engine.createRequest({ actor: carol, resourceId: 'staging', durationMs: H, justification: 'deploy test of the ünïcödé build ✓' });
    h.engine.requestBreakGlass({ actor: alice, resourceId: 'prod-db', durationMs: H / 2, justification: 'database down, SEV1 INC-77' });
    h.engine.createRequest({ actor: carol, resourceId: 'prod-db', justification: 'nobody will decide this one' });
    const cancelled = h.engine.createRequest({ actor: bob, resourceId: 'staging', durationMs: 3 * H, justification: 'longer than auto-approval allows' });
    h.engine.cancelRequest({ actor: bob, requestId: cancelled.request.id });
    await h.engine.runEffects();

    // Everything ends: the pending request expires, every grant expires and is revoked.
    h.clock.advance(3 * H);
    await h.engine.sweep();
    await h.engine.sweep();
    expect(() => h.engine.approveRequest({ actor: sam, requestId: 'req_does_not_exist' })).toThrow();
  } finally {
    h.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-tamper-'));
  pristinePath = join(dir, 'pristine.db');
  await buildTrail(pristinePath);
  const db = openDatabase(pristinePath, { migrate: false });
  pristine = [...iterateAuditRows(db)];
  db.$client.close();
}, 30_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the trail, opened the way an attacker would: raw SQLite, no application code. */
function attackerCopy(): { path: string; raw: Database.Database } {
  const path = join(dir, `copy-${++copies}.db`);
  copyFileSync(pristinePath, path);
  return { path, raw: new Database(path) };
}

function verifyFile(path: string): ChainVerdict {
  const db = openDatabase(path, { migrate: false });
  try {
    return verifyAuditLog(db);
  } finally {
    db.$client.close();
  }
}

function dropTriggers(raw: Database.Database): void {
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_replace;');
}

/** A row to write: the record's fields, stored as `recordText` unless another body is given. */
type WriteRow = AuditRow & { body?: string };

const INSERT_SQL = `INTO audit_log (seq, body, prev_hash, hash) VALUES (@seq, @body, @prevHash, @hash)`;
const bind = (row: WriteRow) => ({ seq: row.seq, body: row.body ?? recordText(row), prevHash: row.prevHash, hash: row.hash });
const insertRow = (raw: Database.Database, row: WriteRow) => raw.prepare(`INSERT ${INSERT_SQL}`).run(bind(row));
const replaceRow = (raw: Database.Database, row: WriteRow) => raw.prepare(`INSERT OR REPLACE ${INSERT_SQL}`).run(bind(row));
const upsertRow = (raw: Database.Database, row: WriteRow) =>
  raw.prepare(`INSERT ${INSERT_SQL} ON CONFLICT(seq) DO UPDATE SET body = excluded.body`).run(bind(row));

/** Replaces the whole table with `rows`: how an attacker renumbers or reorders. */
function rewriteTable(raw: Database.Database, rows: WriteRow[]): void {
  raw.transaction(() => {
    raw.exec('DELETE FROM audit_log');
    for (const row of rows) insertRow(raw, row);
  })();
}

const row = (seq: number): AuditRow => {
  const found = pristine.find((r) => r.seq === seq);
  if (!found) throw new Error(`no record ${seq}`);
  return found;
};

describe('the trail under test', () => {
  it('is long and varied enough to be worth attacking', () => {
    expect(pristine.length).toBeGreaterThanOrEqual(20);
    const types = new Set(pristine.map((r) => r.type));
    for (const type of ['access.requested', 'access.approved', 'access.denied', 'refused', 'access.provisioned', 'access.ended', 'access.revoked']) {
      expect(types, type).toContain(type);
    }
    expect(types.size).toBeGreaterThanOrEqual(8);
    expect(pristine.map((r) => r.seq)).toEqual(pristine.map((_, i) => i + 1));
    // The field edits below must really change the middle record.
    expect(row(MID)).toMatchObject({ actorPlatform: 'slack' });
    expect(row(MID).subject).not.toBeNull();
    expect(row(MID).type).not.toBe('access.denied');
    expect(row(MID).actorPlatformUserId).not.toBe('U-MALLORY');
  });

  it('verifies untouched, and reports the head', () => {
    const last = pristine[pristine.length - 1]!;
    expect(verifyFile(pristinePath)).toEqual({ ok: true, records: pristine.length, headSeq: last.seq, headHash: last.hash });
  });
});

describe('the append-only triggers', () => {
  it.each([
    ['UPDATE one field of the body', `UPDATE audit_log SET body = json_set(body, '$.actor.email', 'mallory@example.com') WHERE seq = 3`],
    ['UPDATE every row', "UPDATE audit_log SET prev_hash = prev_hash"],
    ['UPDATE of a hash', `UPDATE audit_log SET hash = '${'0'.repeat(64)}' WHERE seq = 3`],
    ['DELETE one row', 'DELETE FROM audit_log WHERE seq = 3'],
    ['DELETE the tail', 'DELETE FROM audit_log WHERE seq > 10'],
    ['DELETE everything', 'DELETE FROM audit_log'],
  ])('refuse %s', (_, sql) => {
    const { path, raw } = attackerCopy();
    try {
      expect(() => raw.exec(sql)).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(verifyFile(path).ok).toBe(true);
  });

  it.each([
    ['type', "UPDATE audit_log SET type = 'access.denied' WHERE seq = 3"],
    ['data', "UPDATE audit_log SET data = '{}'"],
    ['at', 'UPDATE audit_log SET at = at + 1 WHERE seq = 3'],
  ])('leave no generated column to update (%s), triggers or not', (_, sql) => {
    // The derived columns are computed from the body: there is nothing there to edit.
    const { path, raw } = attackerCopy();
    try {
      dropTriggers(raw);
      expect(() => raw.exec(sql)).toThrow(/cannot UPDATE generated column/);
    } finally {
      raw.close();
    }
    expect(verifyFile(path).ok).toBe(true);
  });

  it('refuse an UPSERT over an existing record', () => {
    const { raw } = attackerCopy();
    try {
      expect(() => upsertRow(raw, { ...row(3), type: 'access.forged' })).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });

  it.each([
    ['INSERT OR REPLACE', (raw: Database.Database, r: AuditRow) => replaceRow(raw, r)],
    ['REPLACE INTO', (raw: Database.Database, r: AuditRow) => raw.prepare(`REPLACE ${INSERT_SQL}`).run(bind(r))],
    ['INSERT OR IGNORE', (raw: Database.Database, r: AuditRow) => raw.prepare(`INSERT OR IGNORE ${INSERT_SQL}`).run(bind(r))],
    ['an upsert that changes nothing', (raw: Database.Database, r: AuditRow) => raw.prepare(`INSERT ${INSERT_SQL} ON CONFLICT(seq) DO NOTHING`).run(bind(r))],
  ])('refuse %s over an existing record', (_, write) => {
    // REPLACE deletes the old row without firing delete triggers; the BEFORE INSERT trigger of
    // migration 0004 refuses before the conflict is resolved.
    const { path, raw } = attackerCopy();
    try {
      expect(() => write(raw, { ...row(3), type: 'access.forged' })).toThrow(/append-only/);
      expect(raw.prepare('SELECT type FROM audit_log WHERE seq = 3').pluck().get()).toBe(row(3).type);
    } finally {
      raw.close();
    }
    expect(verifyFile(path)).toEqual(verifyFile(pristinePath));
  });

  it('still let the next record be appended', () => {
    const { path, raw } = attackerCopy();
    const last = pristine[pristine.length - 1]!;
    const fields = { ...last, seq: last.seq + 1, type: 'access.next' };
    try {
      insertRow(raw, { ...fields, prevHash: last.hash, hash: recordHash(last.hash, fields) });
    } finally {
      raw.close();
    }
    expect(verifyFile(path)).toMatchObject({ ok: true, records: pristine.length + 1 });
  });

  it('are all in place in a migrated database', () => {
    const { raw } = attackerCopy();
    try {
      const names = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name").pluck().all();
      expect(names).toEqual(['audit_log_no_delete', 'audit_log_no_replace', 'audit_log_no_update']);
    } finally {
      raw.close();
    }
  });
});

interface TamperCase {
  name: string;
  tamper(raw: Database.Database): void;
  firstBadSeq: number | (() => number);
  problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'invalid_record';
  /** Records that still verify before the bad one (default: all below firstBadSeq). */
  verified?: number;
}

const MID = 10;

/** Edits of one field inside the body, as SQLite's JSON functions make them. */
const fieldEdits: TamperCase[] = [
  { name: 'type of a middle record', sql: `UPDATE audit_log SET body = json_set(body, '$.type', 'access.denied') WHERE seq = ?` },
  { name: 'actor email of a middle record', sql: `UPDATE audit_log SET body = json_set(body, '$.actor.email', 'mallory@example.com') WHERE seq = ?` },
  { name: 'actor platform of a middle record', sql: `UPDATE audit_log SET body = json_set(body, '$.actor.platform', 'teams') WHERE seq = ?` },
  { name: 'actor platformUserId of a middle record', sql: `UPDATE audit_log SET body = json_set(body, '$.actor.platformUserId', 'U-MALLORY') WHERE seq = ?` },
  { name: 'data of a middle record', sql: `UPDATE audit_log SET body = json_set(body, '$.data.tampered', 1) WHERE seq = ?` },
  { name: 'data of a middle record, whitespace only', sql: `UPDATE audit_log SET body = replace(body, '"data":', '"data": ') WHERE seq = ?` },
  { name: 'at of a middle record (one millisecond)', sql: `UPDATE audit_log SET body = json_set(body, '$.at', (body ->> '$.at') + 1) WHERE seq = ?` },
  { name: 'subject of a middle record', sql: `UPDATE audit_log SET body = json_set(body, '$.subject', 'req_other') WHERE seq = ?` },
  { name: 'subject of a middle record, to null', sql: `UPDATE audit_log SET body = json_set(body, '$.subject', json('null')) WHERE seq = ?` },
  {
    name: 'body of a middle record, one byte (a letter of the email)',
    sql: `UPDATE audit_log SET body = substr(body, 1, instr(body, '@e')) || 'E' || substr(body, instr(body, '@e') + 2) WHERE seq = ?`,
  },
].map(({ name, sql }) => ({
  name: `editing the ${name}`,
  tamper: (raw: Database.Database) => {
    expect(raw.prepare(sql).run(MID).changes).toBe(1);
  },
  firstBadSeq: MID,
  problem: 'hash_mismatch' as const,
}));

const cases: TamperCase[] = [
  ...fieldEdits,
  {
    name: 'editing the first record',
    tamper: (raw) => raw.prepare(`UPDATE audit_log SET body = json_set(body, '$.actor.email', 'mallory@example.com') WHERE seq = 1`).run(),
    firstBadSeq: 1,
    problem: 'hash_mismatch',
  },
  {
    name: 'editing the last record',
    tamper: (raw) => raw.prepare(`UPDATE audit_log SET body = json_set(body, '$.type', 'access.nothing') WHERE seq = ?`).run(pristine.length),
    firstBadSeq: () => pristine.length,
    problem: 'hash_mismatch',
  },
  {
    name: 'deleting a middle record',
    tamper: (raw) => raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(MID),
    firstBadSeq: MID + 1,
    problem: 'sequence_gap',
    verified: MID - 1,
  },
  {
    name: 'deleting a run of middle records',
    tamper: (raw) => raw.prepare('DELETE FROM audit_log WHERE seq BETWEEN ? AND ?').run(MID, MID + 4),
    firstBadSeq: MID + 5,
    problem: 'sequence_gap',
    verified: MID - 1,
  },
  {
    name: 'deleting the first record',
    tamper: (raw) => raw.prepare('DELETE FROM audit_log WHERE seq = 1').run(),
    firstBadSeq: 2,
    problem: 'sequence_gap',
    verified: 0,
  },
  {
    name: 'deleting the first records and rehashing the rest from the genesis hash',
    tamper: (raw) => {
      raw.prepare('DELETE FROM audit_log WHERE seq < ?').run(MID);
      let prevHash = GENESIS_HASH;
      for (const r of pristine.filter((p) => p.seq >= MID)) {
        const hash = recordHash(prevHash, r);
        raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prevHash, hash, r.seq);
        prevHash = hash;
      }
    },
    // Internally consistent; only the requirement that a trail starts at record 1 catches it.
    firstBadSeq: MID,
    problem: 'sequence_gap',
    verified: 0,
  },
  {
    name: 'storing the body as a BLOB with the same bytes (it would hash the same)',
    tamper: (raw) => raw.prepare('UPDATE audit_log SET body = CAST(body AS BLOB) WHERE seq = ?').run(MID),
    firstBadSeq: MID,
    problem: 'invalid_record',
  },
  {
    name: 'deleting a middle record, moving the next one into its place and rehashing it',
    tamper: (raw) => {
      // Its body (and so its seq) is left as it was: links and hashes all match from here on.
      raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(MID);
      const moved = row(MID + 1);
      const prevHash = row(MID - 1).hash;
      const hash = bodyHash(prevHash, recordText(moved));
      raw.prepare('UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(MID, prevHash, hash, MID + 1);
      raw.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = ?').run(hash, MID + 2);
    },
    firstBadSeq: MID,
    problem: 'invalid_record',
  },
  {
    name: 'writing a record over another, with the seq of its row but not of its body, rehashed',
    tamper: (raw) => {
      const copied = row(3);
      const hash = bodyHash(row(MID - 1).hash, recordText(copied));
      raw.prepare('UPDATE audit_log SET body = ?, hash = ? WHERE seq = ?').run(recordText(copied), hash, MID);
      raw.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = ?').run(hash, MID + 1);
    },
    firstBadSeq: MID,
    problem: 'invalid_record',
  },
  {
    name: 'deleting a middle record and renumbering the rest',
    tamper: (raw) =>
      rewriteTable(
        raw,
        pristine.filter((r) => r.seq !== MID).map((r) => (r.seq > MID ? { ...r, seq: r.seq - 1, body: recordText(r) } : r)),
      ),
    firstBadSeq: MID,
    problem: 'broken_link',
  },
  {
    name: 'swapping two records entirely (reordering, hashes moved along)',
    tamper: (raw) =>
      rewriteTable(
        raw,
        pristine.map((r) => (r.seq === MID ? { ...row(MID + 3), seq: MID } : r.seq === MID + 3 ? { ...row(MID), seq: MID + 3 } : r)),
      ),
    firstBadSeq: MID,
    problem: 'broken_link',
  },
  {
    name: 'swapping the contents of two adjacent records, hashes left in place',
    tamper: (raw) => {
      const swap = (from: AuditRow, to: AuditRow): AuditRow => ({ ...from, seq: to.seq, prevHash: to.prevHash, hash: to.hash });
      rewriteTable(
        raw,
        pristine.map((r) => (r.seq === MID ? swap(row(MID + 1), r) : r.seq === MID + 1 ? swap(row(MID), r) : r)),
      );
    },
    firstBadSeq: MID,
    problem: 'hash_mismatch',
  },
  {
    name: 'inserting a correctly hashed forged record in the middle, renumbering after it',
    tamper: (raw) => {
      const before = row(MID - 1);
      const fields = {
        seq: MID,
        at: before.at + 1,
        type: 'access.approved',
        actorEmail: 'dave@example.com',
        actorPlatform: 'slack',
        actorPlatformUserId: 'U-DAVE',
        subject: 'req_forged',
        data: canonicalJson({ approvers: ['dave@example.com'], policyHash: 'f'.repeat(64) }),
      };
      const forged: AuditRow = { ...fields, prevHash: before.hash, hash: recordHash(before.hash, fields) };
      rewriteTable(raw, [...pristine.filter((r) => r.seq < MID), forged, ...pristine.filter((r) => r.seq >= MID).map((r) => ({ ...r, seq: r.seq + 1 }))]);
    },
    // The forged record itself verifies; the original record it displaced no longer links to it.
    firstBadSeq: MID + 1,
    problem: 'broken_link',
  },
  {
    name: 'inserting a forged record with a made-up hash in the middle, renumbering after it',
    tamper: (raw) => {
      const before = row(MID - 1);
      const forged: AuditRow = { ...before, seq: MID, type: 'access.approved', prevHash: before.hash, hash: 'a'.repeat(64) };
      rewriteTable(raw, [...pristine.filter((r) => r.seq < MID), forged, ...pristine.filter((r) => r.seq >= MID).map((r) => ({ ...r, seq: r.seq + 1 }))]);
    },
    firstBadSeq: MID,
    problem: 'hash_mismatch',
  },
  {
    name: 'appending a forged record with a made-up hash at the end',
    tamper: (raw) => {
      const last = pristine[pristine.length - 1]!;
      insertRow(raw, { ...last, seq: last.seq + 1, prevHash: last.hash, hash: '0'.repeat(64) });
    },
    firstBadSeq: () => pristine.length + 1,
    problem: 'hash_mismatch',
  },
  {
    name: "editing a record and recomputing its hash, without fixing the next record's link",
    tamper: (raw) => {
      const original = row(MID);
      const edited = { ...original, actorEmail: 'mallory@example.com' };
      const hash = recordHash(original.prevHash, edited);
      raw.prepare('UPDATE audit_log SET body = ?, hash = ? WHERE seq = ?').run(recordText(edited), hash, MID);
    },
    firstBadSeq: MID + 1,
    problem: 'broken_link',
  },
  {
    name: "editing a record, recomputing its hash and the next record's link (but not the next hash)",
    tamper: (raw) => {
      const original = row(MID);
      const edited = { ...original, data: canonicalJson({ ...JSON.parse(original.data), tampered: true }) };
      const hash = recordHash(original.prevHash, edited);
      raw.prepare('UPDATE audit_log SET body = ?, hash = ? WHERE seq = ?').run(recordText(edited), hash, MID);
      raw.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = ?').run(hash, MID + 1);
    },
    firstBadSeq: MID + 1,
    problem: 'hash_mismatch',
  },
];

describe('with the triggers dropped, the chain catches', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const { path, raw } = attackerCopy();
    try {
      dropTriggers(raw);
      c.tamper(raw);
    } finally {
      raw.close();
    }
    const verdict = verifyFile(path);
    const firstBadSeq = typeof c.firstBadSeq === 'function' ? c.firstBadSeq() : c.firstBadSeq;
    expect(verdict).toMatchObject({ ok: false, firstBadSeq, problem: c.problem });
    if (!verdict.ok) {
      // Everything before the first bad record still verifies, and is counted.
      expect(verdict.records).toBe(c.verified ?? firstBadSeq - 1);
      expect(verdict.detail).not.toBe('');
    }
  });

  it('cutting records off the end only through the head hash, which verify reports', () => {
    const before = verifyFile(pristinePath);
    expect(before.ok).toBe(true);
    const { path, raw } = attackerCopy();
    try {
      dropTriggers(raw);
      raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(pristine.length);
    } finally {
      raw.close();
    }
    const after = verifyFile(path);
    // The shortened chain is internally consistent: only a head hash kept elsewhere reveals the cut.
    expect(after).toMatchObject({ ok: true, records: pristine.length - 1, headSeq: pristine.length - 1 });
    if (!before.ok || !after.ok) throw new Error('unreachable');
    expect(after.headHash).not.toBe(before.headHash);
    expect(after.headHash).toBe(row(pristine.length - 1).hash);
  });
});

describe('an honest trail with unusual text', () => {
  it('verifies when a refusal was audited with a lone UTF-16 surrogate in it', () => {
    // SQLite stores UTF-8, which has no lone surrogates: the stored text must be what was hashed.
    const h = createHarness({ dbPath: join(dir, 'surrogate.db') });
    try {
      expect(() => h.engine.approveRequest({ actor: sam, requestId: 'req_\ud800' })).toThrow();
      expect(() => h.engine.createRequest({ actor: alice, resourceId: 'prod-db\udfff', justification: 'half a pair \ud83d here' })).toThrow();
      const rows = [...iterateAuditRows(h.db)];
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.map((r) => `${r.subject} ${r.data}`).join('\n')).toContain('req_\ufffd');
      expect(rows.some((r) => r.type === 'refused')).toBe(true);
      expect(verifyAuditLog(h.db)).toMatchObject({ ok: true, records: rows.length });
      expect(verifyChain(rows)).toEqual(verifyAuditLog(h.db));
    } finally {
      h.close();
    }
  });
});

describe('the parallel verifier (what `gatehouse audit verify` runs)', () => {
  it.each(['deleting a middle record', 'editing the last record', 'storing the body as a BLOB with the same bytes (it would hash the same)', 'deleting a middle record, moving the next one into its place and rehashing it'])(
    'gives the same verdict as verifyAuditLog on %s',
    async (name) => {
      const c = cases.find((k) => k.name === name)!;
      const { path, raw } = attackerCopy();
      try {
        dropTriggers(raw);
        c.tamper(raw);
      } finally {
        raw.close();
      }
      const db = openDatabase(path, { migrate: false });
      try {
        const parallel = await verifyAuditLogParallel(db, { threads: 2, minRecordsForThreads: 0, workOnMainThread: false });
        expect(parallel).toEqual(verifyAuditLog(db));
        expect(parallel.ok).toBe(false);
      } finally {
        db.$client.close();
      }
    },
    30_000,
  );
});

/** An auditor's tool: turns exported JSON lines back into the rows the chain hashed. Needs no database. */
function rowsFromJsonl(text: string): AuditRow[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const r = JSON.parse(line) as {
        seq: number;
        at: string;
        type: string;
        actor: { email: string; platform: string; platformUserId: string | null };
        subject: string | null;
        data: unknown;
        prevHash: string;
        hash: string;
      };
      return {
        seq: r.seq,
        at: Date.parse(r.at),
        type: r.type,
        actorEmail: r.actor.email,
        actorPlatform: r.actor.platform,
        actorPlatformUserId: r.actor.platformUserId,
        subject: r.subject,
        data: canonicalJson(r.data),
        prevHash: r.prevHash,
        hash: r.hash,
      };
    });
}

async function exportJsonl(path: string): Promise<string> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const db = openDatabase(path, { migrate: false });
  try {
    await exportAudit(iterateAuditRows(db), 'jsonl', out);
  } finally {
    db.$client.close();
  }
  return chunks.join('');
}

describe('an exported trail', () => {
  it('verifies offline from the exported lines alone, to the same head', async () => {
    const text = await exportJsonl(pristinePath);
    const rows = rowsFromJsonl(text);
    expect(rows).toHaveLength(pristine.length);
    expect(rows).toEqual(pristine);
    const offline = verifyChain(rows);
    expect(offline).toEqual(verifyFile(pristinePath));
  });

  it('shows an edit made to the export itself', async () => {
    const lines = (await exportJsonl(pristinePath)).trimEnd().split('\n');
    const target = lines.findIndex((line) => line.includes('"access.denied"'));
    expect(target).toBeGreaterThan(0);
    lines[target] = lines[target]!.replace('"access.denied"', '"access.approved"');
    expect(verifyChain(rowsFromJsonl(lines.join('\n')))).toMatchObject({ ok: false, firstBadSeq: target + 1, problem: 'hash_mismatch' });
  });

  it('shows records dropped from the export', async () => {
    const lines = (await exportJsonl(pristinePath)).trimEnd().split('\n');
    lines.splice(4, 1);
    expect(verifyChain(rowsFromJsonl(lines.join('\n')))).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'sequence_gap' });
  });
});
