/** Reads a policy file: YAML, then shape, then cross-references, then compiled for the engine. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Policy } from '../core/policy.js';
import { compilePolicy } from './compile-policy.js';
import { checkReferences } from './check-references.js';
import { formatIssuePath, PolicyError, PolicyReadError, type PathSegment, type PolicyIssue } from './policy-error.js';
import { policyFileSchema } from './policy-file-schema.js';
import { createIssueCollector, type RawIssue } from './schema-issues.js';

/** Where a path points in the file; a missing key falls back to the nearest enclosing node that exists. */
function offsetOf(doc: Document, path: PathSegment[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return 0;
}

/** Issues in the order they appear in the file, so the list reads top to bottom like the file does. */
function locate(doc: Document, lines: LineCounter, raw: RawIssue[]): PolicyIssue[] {
  return raw
    .map((issue) => ({ issue, offset: offsetOf(doc, issue.path) }))
    .sort((a, b) => a.offset - b.offset)
    .map(({ issue, offset }) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
      line: lines.linePos(offset).line,
    }));
}

export function parsePolicy(text: string, source?: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    // After a syntax error the rest of the document is guesswork, so schema complaints would only mislead.
    const issues = doc.errors.map((error): PolicyIssue => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { path: '', message: `line ${line}, column ${col}: ${error.message}`, line };
    });
    throw new PolicyError(issues, source);
  }

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // yaml refuses alias bombs here rather than at parse time.
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyError([{ path: '', message: reason }], source);
  }
  const collector = createIssueCollector();
  const parsed = policyFileSchema.safeParse(data, { error: collector.errorMap });
  const raw = [...(parsed.success ? [] : collector.convert(parsed.error.issues)), ...checkReferences(data)];
  if (!parsed.success || raw.length > 0) throw new PolicyError(locate(doc, lines, raw), source);

  return compilePolicy(parsed.data, createHash('sha256').update(text).digest('hex'));
}

/** Node's reasons name the path again ("ENOENT: no such file or directory, open 'x'"); the common ones read better short. */
const READ_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

function readReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && READ_REASONS[code]) return READ_REASONS[code];
  return error instanceof Error ? error.message : String(error);
}

export function loadPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyReadError(path, readReason(error), { cause: error });
  }
  return parsePolicy(text, path);
}
