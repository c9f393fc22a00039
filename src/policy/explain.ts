/**
 * `policy explain`: what the policy would decide for a request, without creating one. It goes through
 * the same evaluateRequest the real services use, so the explanation cannot drift from the decision.
 */
import { formatDuration, humanizeDuration } from '../core/duration.js';
import type { ErrorCode } from '../core/errors.js';
import { evaluateRequest, type RequestQuestion } from '../core/evaluate-request.js';
import type { Policy } from '../core/policy.js';
import { normalizeEmail } from '../core/principals.js';

export type ExplainQuestion = Pick<RequestQuestion, 'email' | 'resourceId' | 'durationMs' | 'justification'>;

interface ExplainBase {
  email: string;
  resourceId: string;
  /** Which policy the answer came from, as recorded with real decisions. */
  policyHash: string;
}

export type ExplainJson =
  | (ExplainBase & { outcome: 'refused'; code: ErrorCode; reason: string })
  | (ExplainBase & { outcome: 'auto_approved'; durationMs: number; duration: string })
  | (ExplainBase & {
      outcome: 'needs_approval';
      durationMs: number;
      duration: string;
      approvalsRequired: number;
      approvers: string[];
    });

export function explainRequestJson(policy: Policy, question: ExplainQuestion): ExplainJson {
  const base: ExplainBase = { email: normalizeEmail(question.email), resourceId: question.resourceId, policyHash: policy.hash };
  const evaluation = evaluateRequest(policy, question);
  switch (evaluation.outcome) {
    case 'refused':
      return { ...base, outcome: 'refused', code: evaluation.code, reason: evaluation.reason };
    case 'auto_approved':
      return { ...base, outcome: 'auto_approved', durationMs: evaluation.durationMs, duration: formatDuration(evaluation.durationMs) };
    case 'needs_approval':
      return {
        ...base,
        outcome: 'needs_approval',
        durationMs: evaluation.durationMs,
        duration: formatDuration(evaluation.durationMs),
        approvalsRequired: evaluation.approvalsRequired,
        approvers: evaluation.approvers,
      };
  }
}

export function explainRequest(policy: Policy, question: ExplainQuestion): string {
  const answer = explainRequestJson(policy, question);
  switch (answer.outcome) {
    case 'refused':
      return `refused: ${answer.reason} (${answer.code})`;
    case 'auto_approved':
      return `auto-approved: ${answer.email} gets ${answer.resourceId} for ${humanizeDuration(answer.durationMs)}`;
    case 'needs_approval':
      return (
        `needs ${answer.approvalsRequired} approval(s) from: ${answer.approvers.join(', ')}` +
        ` (${answer.email} asks for ${answer.resourceId} for ${humanizeDuration(answer.durationMs)})`
      );
  }
}
