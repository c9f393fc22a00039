/**
 * Migration 0006 (the record stores its canonical text) on a trail written with the old layout:
 * hashes and links are kept, so the head hash is unchanged and the trail verifies as before; a
 * record that was already invalid must not come out of the migration valid.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordHash, recordText, verifyChain, type AuditRow } from '../../src/store/audit-chain.js';
import { createAuditLog, iterateAuditRows, verifyAuditLog } from '../../src/store/audit-repository.js';
import { canonicalJson } from '../../src/store/canonical-json.js';
import { openDatabase } from '../../src/store/open-database.js';
import { migrationsUpTo } from '../support/migrations-up-to.js';

const RECORDS = 40;
const TAMPERED = 25;

let dir: string;
/** A trail at migration 0005, untouched. */
let oldTrail: string;
let oldRows: AuditRow[];

const texts = ['plain', 'say "hi"', 'back\\slash', 'tab\there, newline\nthere, rs\u001e', 'ünïcödé ✓ 😀', ',"seq":1,"subject":"x"', ''];

function record(i: number): Omit<AuditRow, 'prevHash' | 'hash'> {
  const text = texts[i % texts.length]!;
  return {
    seq: i + 1,
    at: i === 3 ? 0 : Date.UTC(2026, 0, 5) + i * 1_000,
    type: i % 3 === 0 ? 'access.requested' : `odd.type ${text}`,
    actorEmail: i % 5 === 0 ? 'system' : `${text.slice(0, 6)}@example.com`,
    actorPlatform: i % 5 === 0 ? 'system' : 'slack',
    actorPlatformUserId: i % 5 === 0 ? null : `U${i}`,
    subject: i % 4 === 0 ? null : `req_${text}`,
    data: canonicalJson({ i, text, n: [0.1, 1e21, -7][i % 3], nested: { z: [text, null, true], a: {} }, [`key ${text}`]: i % 2 === 0 }),
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-migration-'));
  oldTrail = join(dir, 'old.db');
  const raw = new Database(oldTrail);
  migrate(drizzle(raw), { migrationsFolder: migrationsUpTo(dir, 5) });
  const insert = raw.prepare(
    'INSERT INTO audit_log (seq, at, type, actor_email, actor_platform, actor_platform_user_id, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  oldRows = [];
  let prev = GENESIS_HASH;
  raw.transaction(() => {
    for (let i = 0; i < RECORDS; i++) {
      const r = record(i);
      const hash = recordHash(prev, r);
      insert.run(r.seq, r.at, r.type, r.actorEmail, r.actorPlatform, r.actorPlatformUserId, r.subject, r.data, prev, hash);
      oldRows.push({ ...r, prevHash: prev, hash });
      prev = hash;
    }
  })();
  raw.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the old trail, edited with the triggers of 0001 out of the way and then put back. */
function oldCopy(name: string, tamper?: (raw: Database.Database) => void): string {
  const path = join(dir, `${name}.db`);
  copyFileSync(oldTrail, path);
  if (tamper) {
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_no_update');
    tamper(raw);
    raw.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
    raw.close();
  }
  return path;
}

function oldFields(path: string): AuditRow[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw
      .prepare(
        'SELECT seq, at, type, actor_email AS actorEmail, actor_platform AS actorPlatform, actor_platform_user_id AS actorPlatformUserId, subject, data, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq',
      )
      .all() as AuditRow[];
  } finally {
    raw.close();
  }
}

/** Applies every migration, as the store does at start-up; returns what is then stored. */
function migrateAll(path: string): { seq: number; body: string; prevHash: string; hash: string; fields: Record<string, unknown> }[] {
  openDatabase(path).$client.close();
  const raw = new Database(path, { readonly: true });
  try {
    return (
      raw
        .prepare(
          'SELECT seq, body, prev_hash AS prevHash, hash, at, type, actor_email AS actorEmail, actor_platform AS actorPlatform, actor_platform_user_id AS actorPlatformUserId, subject, data FROM audit_log ORDER BY seq',
        )
        .all() as { seq: number; body: string; prevHash: string; hash: string }[]
    ).map(({ seq, body, prevHash, hash, ...fields }) => ({ seq, body, prevHash, hash, fields: { seq, ...fields } }));
  } finally {
    raw.close();
  }
}

function verifyFile(path: string) {
  const db = openDatabase(path, { migrate: false });
  try {
    return verifyAuditLog(db);
  } finally {
    db.$client.close();
  }
}

describe('migration 0006 on a trail written before it', () => {
  it('keeps every hash, stores exactly the text that was hashed, and verifies to the same head', () => {
    const before = verifyChain(oldFields(oldTrail));
    expect(before).toEqual({ ok: true, records: RECORDS, headSeq: RECORDS, headHash: oldRows[RECORDS - 1]!.hash });
    const path = oldCopy('untouched');
    const stored = migrateAll(path);
    expect(stored).toHaveLength(RECORDS);
    for (const [i, row] of stored.entries()) {
      const old = oldRows[i]!;
      expect(row.body).toBe(recordText(old));
      expect([row.prevHash, row.hash]).toEqual([old.prevHash, old.hash]);
      // The generated columns give back the values the old columns held.
      const { prevHash: _p, hash: _h, ...fields } = old;
      expect(row.fields).toEqual(fields);
    }
    expect(verifyFile(path)).toEqual(before);
    const db = openDatabase(path, { migrate: false });
    try {
      expect([...iterateAuditRows(db)]).toEqual(oldRows);
    } finally {
      db.$client.close();
    }
  });

  it('keeps the table append-only: the same triggers, the same refusals, and appends still work', () => {
    const path = oldCopy('triggers');
    migrateAll(path);
    const raw = new Database(path);
    try {
      const names = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name").pluck().all();
      expect(names).toEqual(['audit_log_no_delete', 'audit_log_no_replace', 'audit_log_no_update']);
      const indexes = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name").pluck().all();
      expect(indexes).toEqual(['audit_log_at', 'audit_log_subject']);
      expect(() => raw.exec(`UPDATE audit_log SET body = json_set(body, '$.type', 'x') WHERE seq = 3`)).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM audit_log WHERE seq = 3')).toThrow(/append-only/);
      expect(() => raw.prepare('INSERT OR REPLACE INTO audit_log (seq, body, prev_hash, hash) VALUES (3, ?, ?, ?)').run('{}', GENESIS_HASH, GENESIS_HASH)).toThrow(
        /append-only/,
      );
      expect(raw.prepare("SELECT count(*) FROM audit_log WHERE type = 'access.requested'").pluck().get()).toBe(oldRows.filter((r) => r.type === 'access.requested').length);
    } finally {
      raw.close();
    }
    const db = openDatabase(path, { migrate: false });
    try {
      const appended = db.$client
        .transaction(() => createAuditLog(db, { now: () => 5 }).append({ type: 't', actor: { email: 'a@example.com', platform: 'slack', platformUserId: null }, subject: null, data: {} }))
        .immediate();
      expect(appended).toMatchObject({ seq: RECORDS + 1, prevHash: oldRows[RECORDS - 1]!.hash });
      expect(verifyAuditLog(db)).toEqual({ ok: true, records: RECORDS + 1, headSeq: RECORDS + 1, headHash: appended.hash });
    } finally {
      db.$client.close();
    }
  });

  it('leaves a record already invalid before it invalid, with its reason kept, and the records before it valid', () => {
    // The column's INTEGER affinity turns numeric TEXT back into an integer; a BLOB stays as it is.
    const path = oldCopy('invalid', (raw) => raw.prepare('UPDATE audit_log SET at = CAST(CAST(at AS TEXT) AS BLOB) WHERE seq = ?').run(TAMPERED));
    const before = verifyChain(oldFields(path));
    expect(before).toMatchObject({ ok: false, records: TAMPERED - 1, firstBadSeq: TAMPERED, problem: 'invalid_record', detail: 'at is not an integer' });
    const stored = migrateAll(path);
    // A BLOB `at` prints as the integer did: built as the other bodies, this body would match its
    // hash and the record would verify.
    expect(recordHash(oldRows[TAMPERED - 2]!.hash, { ...oldRows[TAMPERED - 1]! })).toBe(stored[TAMPERED - 1]!.hash);
    const body = JSON.parse(stored[TAMPERED - 1]!.body) as { invalidBeforeMigration: string; columns: string[] };
    expect(body.invalidBeforeMigration).toBe('at is not an integer');
    expect(body.columns[0]).toBe(`X'${Buffer.from(String(oldRows[TAMPERED - 1]!.at)).toString('hex').toUpperCase()}'`);
    expect(stored[TAMPERED - 1]!.fields).toMatchObject({ at: null, type: null });
    expect(stored.filter((r) => r.seq !== TAMPERED).map((r) => r.body)).toEqual(oldRows.filter((r) => r.seq !== TAMPERED).map((r) => recordText(r)));
    expect(stored.at(-1)!.hash).toBe(oldRows[RECORDS - 1]!.hash);
    expect(verifyFile(path)).toMatchObject({ ok: false, records: TAMPERED - 1, firstBadSeq: TAMPERED, problem: 'invalid_record' });
    // Readers do not invent its fields: the export stops there, naming the record.
    const db = openDatabase(path, { migrate: false });
    try {
      const read: number[] = [];
      expect(() => {
        for (const row of iterateAuditRows(db)) read.push(row.seq);
      }).toThrow(`audit record ${TAMPERED}: the stored body is not a record`);
      expect(read).toEqual(oldRows.slice(0, TAMPERED - 1).map((r) => r.seq));
    } finally {
      db.$client.close();
    }
  });

  it('leaves a record edited before it (hash not matching) edited', () => {
    const path = oldCopy('edited', (raw) => raw.prepare("UPDATE audit_log SET type = 'access.forged' WHERE seq = 10").run());
    expect(verifyChain(oldFields(path))).toMatchObject({ ok: false, firstBadSeq: 10, problem: 'hash_mismatch' });
    migrateAll(path);
    expect(verifyFile(path)).toMatchObject({ ok: false, records: 9, firstBadSeq: 10, problem: 'hash_mismatch' });
  });
});
