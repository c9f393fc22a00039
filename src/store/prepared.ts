/**
 * Helpers for statements built once per repository. Most are drizzle statements prepared when the
 * repository is created (each call only binds values; results go through drizzle's typed mapping);
 * the hot paths and every compare-and-set use the raw helpers at the end, whose SQL is derived from
 * the same schema.
 */
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, is, sql, SQL, type Placeholder } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable } from 'drizzle-orm/sqlite-core';

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

/** The driver value an insert writes for one column: the row's value, else the column's default (or NULL). */
function insertValue(key: string, column: SQLiteColumn, row: object): unknown {
  let value = (row as Values)[key];
  if (value === undefined) {
    value = column.default !== null && column.default !== undefined ? column.default : column.defaultFn ? column.defaultFn() : null;
    if (is(value, SQL)) throw new Error(`column ${key}: an SQL $defaultFn is not supported by prepared inserts`);
  }
  return encode(column, value);
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
      for (const [key, column] of columns) values[key] = insertValue(key, column, row);
      return values;
    },
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
  // Generated columns are computed by SQLite, which refuses a value for them.
  const columns = columnsOf(table).filter(([, column]) => column.generated === undefined);
  const statement = client.prepare(
    `INSERT INTO ${quote(getTableName(table))} (${columns.map(([, c]) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${conflict}`,
  );
  return (row) => {
    const values = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) values[i] = insertValue(columns[i]![0], columns[i]![1], row);
    return statement.run(values);
  };
}

/**
 * Compare-and-set by id and status with a patch whose columns vary per call, as raw SQL:
 * `UPDATE t SET a = ?, ... WHERE id = ? AND status IN (?, ...)`, one statement per distinct
 * (patched columns, number of statuses), cached. Undefined and unknown patch fields are skipped.
 */
/** Beyond this many distinct patch shapes, statements are still prepared but no longer kept. */
const MAX_CACHED_SHAPES = 128;

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
