/**
 * Turns zod's issues into messages for the person editing the file. zod's defaults speak about
 * JavaScript types ("expected array, received undefined"); people editing YAML think in lists and mappings.
 */
import type { z } from 'zod';
import type { PathSegment } from './policy-error.js';

export interface RawIssue {
  path: PathSegment[];
  message: string;
}

const NOUNS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

export function describeValue(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return JSON.stringify(input);
}

/** Edit distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export function unknownKeyMessage(key: string, known: readonly string[]): string {
  if (known.length === 0) return 'unknown key';
  const guess = closest(key, known);
  return guess ? `unknown key (did you mean "${guess}"?)` : `unknown key (expected one of: ${known.join(', ')})`;
}

/** The per-parse error map: only consulted for issues whose schema did not supply its own message. */
export function friendlyMessage(iss: z.core.$ZodRawIssue): string | undefined {
  if (iss.input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_value')) return 'is required';
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${NOUNS[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
    case 'invalid_value':
      return `expected ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(iss.input)}`;
    case 'too_small':
      if (iss.origin === 'array' || iss.origin === 'string') return 'must not be empty';
      return `must be at least ${String(iss.minimum)}`;
    case 'invalid_union': {
      if (iss.discriminator === undefined) return undefined;
      const options = ((iss.options ?? []) as unknown[]).map((o) => JSON.stringify(o)).join(' or ');
      // zod hands over the whole object here, but the path (and the person's attention) is on the discriminator.
      const value = iss.input !== null && typeof iss.input === 'object' ? (iss.input as Record<string, unknown>)[iss.discriminator] : iss.input;
      return value === undefined ? `is required (${options})` : `expected ${options}, got ${describeValue(value)}`;
    }
    default:
      return undefined;
  }
}

/** The keys a strict object allows, from the schema that raised an unrecognized_keys issue. */
function knownKeys(iss: z.core.$ZodRawIssue): string[] {
  const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * zod reports all of an object's unknown keys as one issue, and the keys they should have been only
 * while its error map runs; both are needed to point at each misspelt key with a suggestion.
 */
export function createIssueCollector(): {
  errorMap: (iss: z.core.$ZodRawIssue) => string | undefined;
  convert: (issues: readonly z.core.$ZodIssue[]) => RawIssue[];
} {
  const keysByPath = new Map<string, string[]>();
  const pathKey = (path: readonly PropertyKey[]) => JSON.stringify(path.map(String));
  return {
    errorMap(iss) {
      if (iss.code === 'unrecognized_keys') {
        keysByPath.set(pathKey(iss.path ?? []), knownKeys(iss));
        return 'unknown key';
      }
      return friendlyMessage(iss);
    },
    convert(issues) {
      const out: RawIssue[] = [];
      for (const issue of issues) {
        const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
        if (issue.code === 'unrecognized_keys') {
          const known = keysByPath.get(pathKey(issue.path)) ?? [];
          for (const key of issue.keys) out.push({ path: [...path, key], message: unknownKeyMessage(key, known) });
        } else if (issue.code === 'invalid_key') {
          for (const inner of issue.issues) out.push({ path, message: inner.message });
        } else {
          out.push({ path, message: issue.message });
        }
      }
      return out;
    },
  };
}
