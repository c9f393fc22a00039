/** Domain errors: a stable code for programs, a message for people. */

export const ERROR_CODES = [
  'UNKNOWN_PERSON',
  'UNKNOWN_RESOURCE',
  'NOT_A_REQUESTER',
  'DURATION_TOO_LONG',
  'JUSTIFICATION_TOO_SHORT',
  'NOT_ENOUGH_APPROVERS',
  'NOT_FOUND',
  'NOT_PENDING',
  'ALREADY_DECIDED',
  'SELF_APPROVAL',
  'NOT_AN_APPROVER',
  'DUPLICATE_APPROVAL',
  'NOT_THE_REQUESTER',
  'NOT_THE_HOLDER',
  'NOT_ACTIVE',
  'NOT_A_FULFILLER',
  'FULFILLER_CONFLICT',
  'TASK_CLOSED',
  'BREAK_GLASS_NOT_ALLOWED',
  'NOT_A_REVIEWER',
  'SELF_REVIEW',
  'REVIEW_CLOSED',
  'INVALID_INPUT',
  'SUPPORT_DISABLED',
  'NOT_A_TECHNICIAN',
  'SELF_SUPPORT',
  'NOT_THE_TECHNICIAN',
  'NOT_THE_END_USER',
  'NOT_AN_ESCALATION_APPROVER',
  'SELF_ESCALATION',
  'END_USER_APPROVAL',
  'NOT_A_LEAD',
  'WRONG_SESSION_STATE',
  'CONSENT_EXPIRED',
  'ALREADY_DOCUMENTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal the engine explains to the person who asked; the code never changes once published. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
