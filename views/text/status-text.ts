/** Words for engine states: why a grant ended, what a grant is doing, how a review came out. */
import type { GrantEndReason, ReviewOutcome } from '../../src/core/types.js';

const END_REASON: Record<GrantEndReason, string> = {
  expired: 'expired',
  ended_by_holder: 'ended early by the holder',
  revoked_by_admin: 'revoked by an administrator',
  session_ended: 'ended with its support session',
};

/** `expired`, `ended early by the holder`, `revoked by an administrator`. */
export function describeEndReason(reason: GrantEndReason): string {
  return END_REASON[reason] ?? String(reason);
}

const GRANT_STATUS: Record<string, string> = {
  provisioning: 'being set up',
  provision_failed: 'set-up failing, retrying',
  active: 'active',
  revoking: 'being removed',
  revoke_failed: 'removal failing, retrying',
  revoked: 'removed',
  covered: 'ended (covered by another grant)',
};

/** A grant status for people; unknown statuses are shown as they are rather than hidden. */
export function describeGrantStatus(status: string): string {
  return GRANT_STATUS[status] ?? status.replace(/_/g, ' ');
}

/** `appropriate` / `inappropriate`. */
export function describeReviewOutcome(outcome: ReviewOutcome): string {
  return outcome === 'appropriate' ? 'appropriate' : 'inappropriate';
}
