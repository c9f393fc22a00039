/**
 * Migration 0008: a fulfilment task keeps who was sent its Mark done card. Tasks opened before it
 * take the list from the audit record that opened them; a task without one gets an empty list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/core/types.js';
import { createAuditLog, verifyAuditLog } from '../../src/store/audit-repository.js';
import { createTaskRepository } from '../../src/store/grant-repository.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { migrationsUpTo } from '../support/migrations-up-to.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-fulfillers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 10, 20, 9);

it('gives every task the fulfillers its own fulfilment_requested record names, and an empty list without one', () => {
  const path = join(dir, 'gatehouse.db');
  const raw = new Database(path);
  migrate(drizzle(raw), { migrationsFolder: migrationsUpTo(dir, 7) });
  // Only the tasks and the trail take part: the requests and grants they belong to are left out.
  raw.pragma('foreign_keys = OFF');
  const task = raw.prepare("INSERT INTO fulfilment_tasks (id, grant_id, action, status, created_at) VALUES (?, ?, ?, ?, ?)");
  task.run('tsk_0001', 'gnt_0001', 'grant', 'done', T0);
  task.run('tsk_0002', 'gnt_0001', 'revoke', 'open', T0 + 1);
  task.run('tsk_0003', 'gnt_0002', 'grant', 'open', T0 + 2);
  // The trail as the engine wrote it before 0008, through the real appender.
  const audit = createAuditLog(drizzle(raw) as unknown as Db, { now: () => T0 });
  const requested = (grantId: string, taskId: string, action: string, fulfillers: string[]) =>
    audit.append({ type: 'access.fulfilment_requested', actor: SYSTEM_ACTOR, subject: grantId, data: { taskId, action, fulfillers } });
  requested('gnt_0001', 'tsk_0001', 'grant', ['fred@example.com', 'dave@example.com']);
  audit.append({ type: 'access.fulfilled', actor: { email: 'fred@example.com', platform: 'slack', platformUserId: 'UFRED' }, subject: 'gnt_0001', data: { taskId: 'tsk_0001', action: 'grant' } });
  requested('gnt_0001', 'tsk_0002', 'revoke', ['fred@example.com']);
  // Another kind of record naming tsk_0003 and a list: not the one that opened the task.
  audit.append({ type: 'access.fulfilment_reminded', actor: SYSTEM_ACTOR, subject: 'gnt_0002', data: { taskId: 'tsk_0003', fulfillers: ['mallory@example.com'] } });
  raw.close();

  const db = openDatabase(path);
  const tasks = createTaskRepository(db);
  expect(tasks.get('tsk_0001')?.fulfillers).toEqual(['fred@example.com', 'dave@example.com']);
  expect(tasks.get('tsk_0002')?.fulfillers).toEqual(['fred@example.com']);
  expect(tasks.get('tsk_0003')?.fulfillers).toEqual([]);
  expect(tasks.openFor('gnt_0001', 'revoke')).toMatchObject({ id: 'tsk_0002', status: 'open', fulfillers: ['fred@example.com'] });
  // The trail is only read.
  expect(verifyAuditLog(db)).toMatchObject({ ok: true, records: 4 });
  db.$client.close();
});
