import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/core/services/backoff.js';

describe('retryDelayMs', () => {
  const policy = { baseMs: 1_000, capMs: 60_000 };
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000],
    [50, 60_000],
  ])('attempt %i waits up to %i ms, and no less than 80%% of it', (attempt, ceiling) => {
    for (let seed = 0; seed < 50; seed++) {
      const delay = retryDelayMs(attempt, seed, policy);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(delay).toBeGreaterThanOrEqual(ceiling * 0.8);
    }
  });

  it('spreads effects that fail together', () => {
    const delays = new Set(Array.from({ length: 20 }, (_, seed) => retryDelayMs(3, seed, policy)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('is deterministic for one effect and attempt', () => {
    expect(retryDelayMs(4, 17, policy)).toBe(retryDelayMs(4, 17, policy));
  });
});
