/**
 * Waiting for the write lock held by another connection (the delivery worker, another process):
 * the write goes ahead soon after the lock is free, and gives up after the busy timeout with the
 * connection's busy timeout as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { createWriteLockTaker } from '../../src/store/take-write-lock.js';

let dir: string;
let path: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-write-lock-'));
  path = join(dir, 'gatehouse.db');
  openDatabase(path).$client.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Holds the write lock from another thread for `ms`; resolves once it holds it, and `released` once it let go. */
async function holdLock(ms: number): Promise<{ released: Promise<unknown> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.path);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('held');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
     db.exec('COMMIT');
     parentPort.postMessage('released');
     db.close();`,
    { eval: true, workerData: { path, ms, driver: require.resolve('better-sqlite3') } },
  );
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  worker.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = async () => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift();
  };
  expect(await next()).toBe('held');
  return { released: next() };
}

function open(busyTimeoutMs: number): Db {
  return openDatabase(path, { migrate: false, busyTimeoutMs });
}

describe('createWriteLockTaker', () => {
  it('takes the lock within a few milliseconds of its release', async () => {
    const db = open(5_000);
    const take = createWriteLockTaker(db.$client);
    const { released } = await holdLock(60);
    const started = performance.now();
    take();
    const waited = performance.now() - started;
    db.$client.exec('COMMIT');
    await released;
    // The lock was held for 60 ms from before `started`. SQLite's own handler would be between
    // sleeps of 10-25 ms by then (up to ~75 ms in all); the short steps are at most 2 ms apart.
    expect(waited).toBeGreaterThanOrEqual(40);
    expect(waited).toBeLessThan(70);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5_000);
    db.$client.close();
  });

  it('gives up with SQLITE_BUSY after the busy timeout, and leaves the busy timeout as it was', async () => {
    const db = open(150);
    const take = createWriteLockTaker(db.$client);
    const { released } = await holdLock(600);
    const started = performance.now();
    expect(() => take()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(500);
    expect(db.$client.inTransaction).toBe(false);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(150);
    await released;
    take();
    db.$client.exec('COMMIT');
    db.$client.close();
  });

  it('passes any other error straight through', () => {
    const db = open(5_000);
    const take = createWriteLockTaker(db.$client);
    db.$client.exec('BEGIN');
    expect(() => take()).toThrow(/within a transaction/);
    db.$client.exec('ROLLBACK');
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5_000);
    db.$client.close();
  });
});
