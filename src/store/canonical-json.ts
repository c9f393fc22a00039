/**
 * JSON with object keys sorted at every depth, so the same value always hashes the same.
 *
 * Only plain JSON data is accepted: null, booleans, finite numbers, strings, arrays and plain
 * objects. Anything JSON.stringify would silently turn into something else (a Date into a string via
 * toJSON, a Map or Set into `{}`, undefined in an array into null, NaN into null) is refused with a
 * TypeError naming where it was, because an audit record must say exactly what the caller gave it.
 * Object properties whose value is undefined are left out, as JSON.stringify does (optional fields).
 *
 * Strings and keys are made well-formed first (a lone UTF-16 surrogate becomes U+FFFD): SQLite
 * stores text as UTF-8, which cannot hold a lone surrogate, so this keeps what is hashed equal to
 * what is stored.
 */

interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** `s` with any lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, Node >= 20). */
export function wellFormed(s: string): string {
  const w = s as unknown as WellFormedString;
  return w.isWellFormed() ? s : w.toWellFormed();
}

export class CanonicalJsonError extends TypeError {
  override name = 'CanonicalJsonError';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : 'an object';
}

function pathText(path: (string | number)[]): string {
  let text = '$';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`;
  return text;
}

function refuse(path: (string | number)[], what: string): never {
  throw new CanonicalJsonError(`canonicalJson: ${pathText(path)} is ${what}, not plain JSON data`);
}

function write(value: unknown, path: (string | number)[], ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(wellFormed(value));
    case 'number':
      if (!Number.isFinite(value)) refuse(path, describe(value));
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      refuse(path, describe(value));
  }
  if (value === null) return 'null';
  if (ancestors.includes(value)) refuse(path, 'a circular reference');
  ancestors.push(value);
  let text: string;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) refuse(path, describe(value));
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      // A hole reads as undefined: refused like an explicit undefined.
      const item: unknown = value[i];
      path.push(i);
      if (item === undefined) refuse(path, 'undefined');
      parts.push(write(item, path, ancestors));
      path.pop();
    }
    text = `[${parts.join(',')}]`;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) refuse(path, describe(value));
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') refuse(path, 'an object with toJSON');
    if (Object.getOwnPropertySymbols(value).length > 0) refuse(path, 'an object with symbol keys');
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) entries.push([wellFormed(key), item]);
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      const [key, item] = entries[i]!;
      path.push(key);
      if (i > 0 && entries[i - 1]![0] === key) refuse(path, 'a duplicate key once lone surrogates are replaced');
      parts.push(`${JSON.stringify(key)}:${write(item, path, ancestors)}`);
      path.pop();
    }
    text = `{${parts.join(',')}}`;
  }
  ancestors.pop();
  return text;
}

export function canonicalJson(value: unknown): string {
  return write(value, [], []);
}
