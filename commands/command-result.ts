/**
 * What a command tells the person who ran it. `message` is plain text (it may echo what the user
 * typed): each platform adapter escapes it for its own markup. `field` points a form error at its input.
 */
import type { Engine } from '../src/core/create-engine.js';
import { DomainError, type ErrorCode } from '../src/core/errors.js';
import type { Actor } from '../src/core/types.js';

export type FormField =
  | 'resource'
  | 'duration'
  | 'justification'
  | 'reason'
  | 'notes'
  | 'technician'
  | 'description'
  | 'note'
  | 'actionsTaken'
  | 'outcome'
  | 'followUps';

export type CommandResult = { ok: true; message: string } | { ok: false; message: string; code: ErrorCode | 'INTERNAL'; field?: FormField };

const FIELD_OF: Partial<Record<ErrorCode, FormField>> = {
  UNKNOWN_RESOURCE: 'resource',
  NOT_A_REQUESTER: 'resource',
  BREAK_GLASS_NOT_ALLOWED: 'resource',
  NOT_ENOUGH_APPROVERS: 'resource',
  DURATION_TOO_LONG: 'duration',
  JUSTIFICATION_TOO_SHORT: 'justification',
};

/** Extra guidance per code, after the engine's own specific reason. */
const HINT: Partial<Record<ErrorCode, string>> = {
  UNKNOWN_PERSON: 'Ask your administrator to add your email to the Gatehouse policy.',
  UNKNOWN_RESOURCE: 'Type `/request-access` with no arguments to pick from the resources you may request.',
  NOT_A_REQUESTER: 'The policy does not list you as a requester for this resource.',
  SELF_APPROVAL: 'Another approver has to decide.',
  NOT_AN_APPROVER: 'Only the approvers named in the policy can decide this request.',
  NOT_ENOUGH_APPROVERS: 'Ask your administrator to add approvers to the policy.',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  // An email or an id at the start is quoted as it is: capitalising it would change what it names.
  const capital = /^\S+@\S+|^[a-z]+_[A-Za-z0-9]+/.test(trimmed) ? trimmed : trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The one place domain errors become words for people. Anything else is logged and answered politely. */
export function failure(error: unknown): CommandResult {
  if (error instanceof DomainError) {
    const hint = HINT[error.code];
    return { ok: false, code: error.code, message: hint ? `${sentence(error.message)} ${hint}` : sentence(error.message), field: FIELD_OF[error.code] };
  }
  return { ok: false, code: 'INTERNAL', message: 'Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell your Gatehouse administrator.' };
}

export function invalid(message: string, field?: FormField): CommandResult {
  return { ok: false, code: 'INVALID_INPUT', message: sentence(message), field };
}

/** Runs an engine call and turns its outcome into a result; unexpected errors go to `onUnexpected`. */
export function attempt(run: () => string, onUnexpected: (error: unknown) => void): CommandResult {
  try {
    return { ok: true, message: run() };
  } catch (error) {
    if (!(error instanceof DomainError)) onUnexpected(error);
    return failure(error);
  }
}

/**
 * Input refused before the engine could act on it (an id it never issued, a damaged form), from
 * someone known: audited, then answered like `invalid`. If even the audit record cannot be
 * written, nothing was done and the person is told so.
 */
export function refuseInput(
  engine: Engine,
  refusal: { actor: Actor; action: string; value: unknown; message: string; field?: FormField },
  onUnexpected: (error: unknown) => void,
): CommandResult {
  try {
    engine.refuseInput({ actor: refusal.actor, action: refusal.action, reason: refusal.message, value: refusal.value });
  } catch (error) {
    onUnexpected(error);
    return failure(error);
  }
  return invalid(refusal.message, refusal.field);
}
