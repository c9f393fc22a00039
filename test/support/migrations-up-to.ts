/** The real migration files up to a given one, for tests that start from an older database. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../src/store/open-database.js';

/** Copies the migrations up to and including index `last` into `dir`, with the journal cut there; returns the folder. */
export function migrationsUpTo(dir: string, last: number): string {
  const folder = join(dir, `migrations-${last}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  const tag = journal.entries.at(-1)?.tag ?? '';
  if (!tag.startsWith(String(last).padStart(4, '0'))) throw new Error(`no migration ${last} in the journal`);
  for (const e of journal.entries) cpSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  return folder;
}
