/** Retry delays for outbox effects: capped exponential backoff with deterministic jitter. */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 300_000 };

/**
 * Delay before attempt `attempt + 1` after `attempt` failures. The jitter (up to -20%) is derived
 * from the effect id, so many effects failing together spread out without a random-number port.
 */
export function retryDelayMs(attempt: number, seed: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const raw = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const spread = ((seed * 2_654_435_761 + attempt * 40_503) >>> 0) % 1000;
  return Math.round(raw * (1 - (spread / 1000) * 0.2));
}
