/**
 * Helpers for statements built once per repository. drizzle builds the SQL and better-sqlite3
 * prepares it when the repository is created; each call then only binds values, and results still
 * go through drizzle's typed mapping (json and boolean columns).
 */
import type Database from 'better-sqlite3';
import { eq, getTableColumns, getTableName, inArray, is, sql, SQL, type Placeholder } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';

export type Values = Record<string, unknown>;

/** A placeholder for a WHERE/LIMIT value (text and integer columns: no encoding needed). */
export const ph = (name: string): Placeholder => sql.placeholder(name);

/**
 * A placeholder for a value written to a column. A bare `sql.placeholder` in `.values()` or `.set()`
 * is wrapped in the column's encoder, which drizzle then applies to null too (a json column would
 * store the text 'null', a boolean column 0). Wrapped in `sql` it is passed through as is, and
 * `encode` converts the value the way the unprepared builder does.
 */
export const bound = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** The driver value drizzle's builder would bind for `value` in `column` (null stays NULL). */
export function encode(column: SQLiteColumn, value: unknown): unknown {
  return value === null ? null : column.mapToDriverValue(value);
}

/** `status = ?` for one status, `status IN (?, ...)` for several (placeholders `from.0`, `from.1`, ...). */
export function statusIn(column: SQLiteColumn, count: number): SQL {
  const placeholders = Array.from({ length: count }, (_, i) => ph(`from.${i}`));
  return count === 1 ? eq(column, placeholders[0]) : inArray(column, placeholders);
}

function columnsOf(table: SQLiteTable): [string, SQLiteColumn][] {
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  for (const [key, column] of columns) {
    // Prepared once, an SQL default or an $onUpdate value would be frozen at build time.
    if (is(column.default, SQL) || column.onUpdateFn !== undefined) {
      throw new Error(`column ${key}: SQL defaults and $onUpdate are not supported by prepared statements`);
    }
  }
  return columns;
}

export interface InsertBinder<T extends SQLiteTable> {
  /** Every column as a placeholder named after its key, for `.values()`. */
  placeholders: SQLiteInsertValue<T>;
  /** One row's placeholder values: missing columns take their default (or NULL), as drizzle's builder does. */
  bind(row: object): Values;
}

export function insertBinder<T extends SQLiteTable>(table: T): InsertBinder<T> {
  const columns = columnsOf(table);
  const placeholders = Object.fromEntries(columns.map(([key]) => [key, bound(key)])) as unknown as SQLiteInsertValue<T>;
  return {
    placeholders,
    bind(row) {
      const values: Values = {};
      for (const [key, column] of columns) {
        let value = (row as Values)[key];
        if (value === undefined) {
          value = column.default !== null && column.default !== undefined ? column.default : column.defaultFn ? column.defaultFn() : null;
          if (is(value, SQL)) throw new Error(`column ${key}: an SQL $defaultFn is not supported by prepared inserts`);
        }
        values[key] = encode(column, value);
      }
      return values;
    },
  };
}

interface RunnableQuery {
  run(values: Values): { changes: number };
}

/** Beyond this many distinct patch shapes, statements are still prepared but no longer kept. */
const MAX_CACHED_SHAPES = 128;

/**
 * Compare-and-set with a patch whose columns vary per call: drizzle cannot prepare `set(patch)` with
 * a variable column set, so one statement is prepared per distinct (patched columns, number of
 * `from` statuses) and cached; the engine uses a small, fixed set of patches. `build` gets the SET
 * source (placeholders `set.<key>`) and the number of `from` placeholders, and must bind the row id
 * to the placeholder `id` (use `statusIn` for the statuses).
 */
export function patchUpdater<T extends SQLiteTable>(
  table: T,
  build: (set: SQLiteUpdateSetSource<T>, fromCount: number) => RunnableQuery,
): (id: string, from: readonly string[], patch: object) => boolean {
  const columns = columnsOf(table);
  const cache = new Map<string, RunnableQuery>();
  return (id, from, patch) => {
    const p = patch as Values;
    // Table order, undefined skipped and unknown keys ignored: what drizzle's set() would write.
    const patched = columns.filter(([key]) => p[key] !== undefined);
    const shape = `${patched.map(([key]) => key).join(',')}|${from.length}`;
    let query = cache.get(shape);
    if (!query) {
      const set = Object.fromEntries(patched.map(([key]) => [key, bound(`set.${key}`)])) as SQLiteUpdateSetSource<T>;
      query = build(set, from.length);
      if (cache.size < MAX_CACHED_SHAPES) cache.set(shape, query);
    }
    const values: Values = { id };
    for (const [key, column] of patched) values[`set.${key}`] = encode(column, p[key]);
    for (let i = 0; i < from.length; i++) values[`from.${i}`] = from[i];
    return query.run(values).changes === 1;
  };
}

// --- Raw statements ---------------------------------------------------------------------------
// The hot paths (what every approval, expiry and delivery runs) bypass drizzle's per-call work:
// its placeholder filling and result mapping cost more than SQLite's own work for these one-row
// statements. The SQL is still derived from the drizzle schema, so names cannot drift, and values
// are encoded and decoded with the columns' own mappers exactly as drizzle's builder does.

/** Column types whose driver value is the value itself: no mapping on read or write. */
const PLAIN_COLUMN_TYPES = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Reads rows of a table as its drizzle type, without drizzle. */
export interface RowReader<T> {
  /** The SELECT list: every column, aliased to its key (`"request_id" AS "requestId"`, ...). */
  columns: string;
  /** Maps one raw row (from `columns`) in place: json and boolean columns decoded, NULL kept. */
  decode(row: unknown): T;
}

export function rowReader<T>(table: SQLiteTable): RowReader<T> {
  const columns = columnsOf(table);
  const mapped = columns.filter(([, column]) => !PLAIN_COLUMN_TYPES.has(column.columnType));
  return {
    columns: columns.map(([key, column]) => (key === column.name ? quote(key) : `${quote(column.name)} AS ${quote(key)}`)).join(', '),
    decode(row) {
      const r = row as Values;
      for (const [key, column] of mapped) {
        const value = r[key];
        if (value !== null && value !== undefined) r[key] = column.mapFromDriverValue(value);
      }
      return row as T;
    },
  };
}

/** An INSERT of every column with positional values: what `insertBinder` does, without drizzle. */
export function rawInsert(client: Database.Database, table: SQLiteTable, conflict = ''): (row: object) => Database.RunResult {
  const columns = columnsOf(table);
  const statement = client.prepare(
    `INSERT INTO ${quote(getTableName(table))} (${columns.map(([, c]) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${conflict}`,
  );
  const plain = columns.map(([, column]) => PLAIN_COLUMN_TYPES.has(column.columnType));
  return (row) => {
    const values = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const [key, column] = columns[i]!;
      let value = (row as Values)[key];
      if (value === undefined) {
        value = column.default !== null && column.default !== undefined ? column.default : column.defaultFn ? column.defaultFn() : null;
        if (is(value, SQL)) throw new Error(`column ${key}: an SQL $defaultFn is not supported by prepared inserts`);
      }
      values[i] = value === null || plain[i] ? value : column.mapToDriverValue(value);
    }
    return statement.run(values);
  };
}

/**
 * Compare-and-set by id and status with a patch whose columns vary per call, as raw SQL:
 * `UPDATE t SET a = ?, ... WHERE id = ? AND status IN (?, ...)`, one statement per distinct
 * (patched columns, number of statuses), cached. Undefined and unknown patch fields are skipped.
 */
export function rawPatchUpdater(
  client: Database.Database,
  table: SQLiteTable,
  idColumn: SQLiteColumn,
  statusColumn: SQLiteColumn,
): (id: string, from: readonly string[], patch: object) => boolean {
  const columns = columnsOf(table);
  const cache = new Map<string, Database.Statement>();
  return (id, from, patch) => {
    const p = patch as Values;
    const patched: [string, SQLiteColumn][] = [];
    let shape = '';
    for (const entry of columns) {
      if (p[entry[0]] === undefined) continue;
      patched.push(entry);
      shape += `${entry[0]},`;
    }
    shape += from.length;
    let statement = cache.get(shape);
    if (!statement) {
      const set = patched.map(([, column]) => `${quote(column.name)} = ?`).join(', ');
      const statuses = from.map(() => '?').join(', ');
      statement = client.prepare(`UPDATE ${quote(getTableName(table))} SET ${set} WHERE ${quote(idColumn.name)} = ? AND ${quote(statusColumn.name)} IN (${statuses})`);
      if (cache.size < MAX_CACHED_SHAPES) cache.set(shape, statement);
    }
    const values: unknown[] = [];
    for (const [key, column] of patched) values.push(encode(column, p[key]));
    values.push(id, ...from);
    return statement.run(values).changes === 1;
  };
}
