/**
 * Migration 0007: pending notifications queued with the old ordering keys take the new form, so a
 * message queued before the upgrade still goes ahead of the next one about the same request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, expect, it } from 'vitest';
import { notifyKey } from '../../src/core/effects.js';
import type { Notification } from '../../src/core/notifications.js';
import { openDatabase } from '../../src/store/open-database.js';
import { migrationsUpTo } from '../support/migrations-up-to.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-outbox-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const about = (requestId: string) => ({ kind: 'access.cancelled', request: { requestId } }) as unknown as Notification;

it('rewrites the keys of pending notifications exactly as notifyKey now writes them, and nothing else', () => {
  const path = join(dir, 'gatehouse.db');
  const raw = new Database(path);
  migrate(drizzle(raw), { migrationsFolder: migrationsUpTo(dir, 6) });
  const rows: Array<[key: string, status: string]> = [
    ['notify:person:dave@example.com:req_01JD0000000000K3Q9ZB', 'pending'],
    ['notify:person:o:dd@example.com:req_01JD0000000001K3Q9ZB', 'pending'],
    ['notify:channel:approvals:ses_01JD0000000002M7X2CA', 'pending'],
    ['notify:person:dave@example.com:req_01JD0000000003K3Q9ZB', 'done'],
    ['access:prod-db:dave@example.com', 'pending'],
    ['reply:slack:U0DAVE:reply_01JD00000000000000000000', 'pending'],
  ];
  const insert = raw.prepare("INSERT INTO outbox (type, payload, ordering_key, status, next_attempt_at, created_at) VALUES ('notify', '{}', ?, ?, 0, 0)");
  for (const [key, status] of rows) insert.run(key, status);
  raw.close();

  const db = openDatabase(path);
  const keys = db.$client.prepare('SELECT ordering_key FROM outbox ORDER BY id').pluck().all();
  expect(keys).toEqual([
    notifyKey({ kind: 'person', email: 'dave@example.com' }, about('req_01JD0000000000K3Q9ZB')),
    notifyKey({ kind: 'person', email: 'o:dd@example.com' }, about('req_01JD0000000001K3Q9ZB')),
    notifyKey({ kind: 'channel', channel: 'approvals' }, about('ses_01JD0000000002M7X2CA')),
    'notify:person:dave@example.com:req_01JD0000000003K3Q9ZB',
    'access:prod-db:dave@example.com',
    'reply:slack:U0DAVE:reply_01JD00000000000000000000',
  ]);
  expect(keys[0]).toBe('notify:req_01JD0000000000K3Q9ZB:person:dave@example.com');
  db.$client.close();
});
