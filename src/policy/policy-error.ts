/** Everything wrong with a policy file, reported at once so one edit-and-retry fixes them all. */

export interface PolicyIssue {
  /** Where in the file, as `resources[2].approvers[0]`; empty for the file as a whole. */
  path: string;
  message: string;
  /** 1-based line in the file, when it could be located. */
  line?: number;
}

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `['resources', 2, 'approvers', 0]` -> `resources[2].approvers[0]`; keys like emails are quoted so their dots stay unambiguous. */
export function formatIssuePath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function formatIssue(issue: PolicyIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly issues: PolicyIssue[],
    /** The file (or other origin) the text came from, for callers that want to name it. */
    readonly source?: string,
  ) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}

/**
 * The policy file could not be read at all (missing, unreadable, a directory). Kept apart from
 * `PolicyError` so nobody is told to fix the contents of a file that was never opened.
 */
export class PolicyReadError extends Error {
  override readonly name = 'PolicyReadError';
  constructor(
    readonly path: string,
    /** Why, in a few words ("no such file"), without the path the message already names. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read the policy file ${path}: ${reason}`, options);
  }
}

export function isPolicyReadError(error: unknown): error is PolicyReadError {
  return error instanceof PolicyReadError;
}
