/**
 * With background checkpoints, commits on the request thread never copy the WAL back into the
 * database file (that work, and its syncs, belongs to the delivery worker's checkpointer); a passive
 * checkpoint then brings everything in. With SQLite's own checkpoints, the commit that crosses the
 * threshold does it: the contrast shows the test can tell the two apart.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointWal } from '../../src/store/checkpoint-wal.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';

let dir: string;
let db: Db | null = null;
afterEach(() => {
  db?.$client.close();
  db = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Commits enough one-page rows, one transaction each, to cross SQLite's 1,000-page threshold. */
function writePages(client: Db['$client'], pages: number): void {
  client.exec('CREATE TABLE IF NOT EXISTS scratch (id INTEGER PRIMARY KEY, body BLOB)');
  const insert = client.prepare('INSERT INTO scratch (body) VALUES (?)');
  const page = Buffer.alloc(4_000, 7);
  for (let i = 0; i < pages; i++) client.transaction(() => insert.run(page)).immediate();
}

function open(mode: 'auto' | 'background'): { path: string; client: Db['$client'] } {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-wal-'));
  const path = join(dir, 'gatehouse.db');
  db = openDatabase(path, { walCheckpoints: mode });
  // Start from a WAL already copied in, so the file's size shows what later commits did.
  checkpointWal(db.$client);
  return { path, client: db.$client };
}

describe('WAL checkpoints', () => {
  it('background: commits leave the database file alone until the checkpointer runs', () => {
    const { path, client } = open('background');
    const before = statSync(path).size;
    writePages(client, 1_500);
    expect(statSync(path).size).toBe(before);
    const result = checkpointWal(client);
    expect(result.walPages).toBeGreaterThan(1_500);
    expect(result.checkpointedPages).toBe(result.walPages);
    expect(statSync(path).size).toBeGreaterThan(before + 1_500 * 4_000);
    expect(client.prepare('SELECT count(*) FROM scratch').pluck().get()).toBe(1_500);
  });

  it('auto: the commit that crosses 1,000 pages checkpoints by itself', () => {
    const { path, client } = open('auto');
    const before = statSync(path).size;
    writePages(client, 1_500);
    expect(statSync(path).size).toBeGreaterThan(before + 900 * 4_000);
  });

  it('background: once checkpointed, the WAL is reused from its start instead of growing', () => {
    const { path, client } = open('background');
    const wal = `${path}-wal`;
    writePages(client, 600);
    checkpointWal(client);
    const walAfterFirst = statSync(wal).size;
    for (let round = 0; round < 3; round++) {
      writePages(client, 600);
      checkpointWal(client);
    }
    expect(statSync(wal).size).toBeLessThanOrEqual(walAfterFirst * 1.05);
  });
});
