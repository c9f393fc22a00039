/**
 * The store carries the audit chain's head from append to append within one write. These pin when
 * it must be read again: at every write (another connection may have appended in between) and after
 * a nested write rolled back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../../src/core/audit.js';
import type { Store } from '../../../src/core/ports.js';
import { verifyAuditLog } from '../../../src/store/audit-repository.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { createSqliteStore } from '../../../src/store/sqlite-store.js';
import { createFakeClock } from '../../support/fake-clock.js';

let dir: string;
let dbs: Db[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-head-'));
  dbs = [];
});
afterEach(() => {
  for (const db of dbs) db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function store(): { db: Db; store: Store } {
  const db = openDatabase(join(dir, 'g.db'));
  dbs.push(db);
  return { db, store: createSqliteStore(db, createFakeClock()) };
}

const event = (n: number): AuditEventInput => ({ type: 'test.event', actor: { email: 'system', platform: 'system', platformUserId: null }, subject: `s${n}`, data: { n } });
const seqs = (db: Db) => (db.$client.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all() as number[]);

describe('audit head within store writes', () => {
  it('keeps one chain when two connections append in turn, several records per write', () => {
    const a = store();
    const b = store();
    let n = 0;
    for (let round = 0; round < 4; round++) {
      for (const s of [a, b]) {
        s.store.write((tx) => {
          for (let i = 0; i < 3; i++) tx.audit.append(event(n++));
        });
      }
    }
    expect(seqs(a.db)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(verifyAuditLog(a.db)).toMatchObject({ ok: true, records: 24 });
  });

  it('reads the head again after a nested write rolled back its records', () => {
    const { db, store: s } = store();
    s.write((tx) => {
      tx.audit.append(event(1));
      expect(() =>
        s.write((inner) => {
          inner.audit.append(event(2));
          inner.audit.append(event(3));
          throw new Error('refused after appending');
        }),
      ).toThrow('refused after appending');
      // Carrying the head from the rolled-back records would skip seq 2 and link to a hash that is gone.
      tx.audit.append(event(4));
    });
    expect(seqs(db)).toEqual([1, 2]);
    expect(verifyAuditLog(db)).toMatchObject({ ok: true, records: 2 });
  });

  it('goes on from the right head after an append that was refused', () => {
    const { db, store: s } = store();
    s.write((tx) => {
      tx.audit.append(event(1));
      expect(() => tx.audit.append({ ...event(2), data: { at: new Date(0) } })).toThrow(/not plain JSON/);
      tx.audit.append(event(3));
    });
    expect(seqs(db)).toEqual([1, 2]);
    expect(verifyAuditLog(db)).toMatchObject({ ok: true, records: 2 });
  });
});
