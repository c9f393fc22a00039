/** Where a request stands on its way to approval. */
import { formatPeople } from './people.js';

/** `1 of 2 approvals: dave@example.com`, `0 of 1 approval`. */
export function formatApprovalProgress(approvalsSoFar: readonly string[], approvalsRequired: number): string {
  const count = `${approvalsSoFar.length} of ${approvalsRequired} ${approvalsRequired === 1 ? 'approval' : 'approvals'}`;
  return approvalsSoFar.length === 0 ? count : `${count}: ${formatPeople(approvalsSoFar)}`;
}

/** How many approvals are still missing (never negative). */
export function approvalsMissing(approvalsSoFar: readonly string[], approvalsRequired: number): number {
  return Math.max(0, approvalsRequired - approvalsSoFar.length);
}
