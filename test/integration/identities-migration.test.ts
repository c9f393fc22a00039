/**
 * Migration 0009: mappings from platform user ids to emails remembered before the membership checks
 * are forgotten, so none taken from another organisation's profile outlives the upgrade.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { migrationsUpTo } from '../support/migrations-up-to.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-identities-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('empties the remembered identities of both platforms and leaves the rest of the database alone', () => {
  const path = join(dir, 'gatehouse.db');
  const raw = new Database(path);
  migrate(drizzle(raw), { migrationsFolder: migrationsUpTo(dir, 8) });
  const remember = raw.prepare('INSERT INTO identities (platform, platform_user_id, email, display_name, updated_at) VALUES (?, ?, ?, NULL, 0)');
  remember.run('slack', 'U0OUTSIDER', 'dave@example.com');
  remember.run('slack', 'U0DAVE', 'dave@example.com');
  remember.run('teams', '29:outsider', 'alice@example.com');
  raw.prepare("INSERT INTO outbox (type, payload, ordering_key, status, next_attempt_at, created_at) VALUES ('notify', '{}', 'k', 'pending', 0, 0)").run();
  expect(raw.prepare('SELECT count(*) FROM identities').pluck().get()).toBe(3);
  raw.close();

  const db = openDatabase(path);
  expect(db.$client.prepare('SELECT count(*) FROM identities').pluck().get()).toBe(0);
  expect(db.$client.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1);
  db.$client.close();
});
