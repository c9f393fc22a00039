/**
 * A provider answer must not wait behind a backlog of effects that finish at once: after each claim
 * every lane pauses, so pending I/O is read and the answer recorded with the next claim.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/create-engine.js';
import type { AccessProvider } from '../../src/core/ports.js';
import { yieldToIo } from '../../src/runtime/yield-to-io.js';
import { actor, createHarness, type Harness } from '../support/engine-harness.js';

let h: Harness;
afterEach(() => h.close());

const PENDING_REQUESTS = 150;

/** Runs the outbox with a provider that answers on a later turn of the event loop; returns how many
 * notifications had been delivered when the grant was first seen active, and how many in all. */
async function deliveriesBeforeActive(pause: (() => Promise<void>) | undefined): Promise<{ before: number; total: number }> {
  h = createHarness();
  // The provider call comes first in the outbox, then a backlog of cards and DMs.
  const { grantId } = h.engine.createRequest({ actor: actor('alice@example.com'), resourceId: 'staging', durationMs: 3_600_000, justification: 'deploying the fix' });
  for (let i = 0; i < PENDING_REQUESTS; i++) {
    h.engine.createRequest({ actor: actor('bob@example.com'), resourceId: 'prod-db', durationMs: 3_600_000, justification: `looking at slow queries ${i}` });
  }
  const slow: AccessProvider = {
    // The answer is there on the next turn of the event loop, like a socket read.
    grant: () => new Promise((resolve) => setImmediate(() => resolve({ status: 'done' }))),
    revoke: async () => ({ status: 'done' }),
  };
  const status = h.db.$client.prepare('SELECT status FROM grants WHERE id = ?').pluck();
  let delivered = 0;
  let before: number | null = null;
  const engine = createEngine(
    {
      ...h.deps,
      providers: { forResource: () => slow },
      notifier: {
        deliver: async () => {
          delivered++;
          if (before === null && status.get(grantId) === 'active') before = delivered;
        },
        reply: async () => {},
      },
    },
    { concurrency: 8, ...(pause ? { pause } : {}) },
  );
  await engine.runEffects();
  expect(status.get(grantId)).toBe('active');
  return { before: before ?? delivered, total: delivered };
}

describe('effect lanes and pending I/O', () => {
  it('records a provider answer while a backlog of instant deliveries is still being worked through', async () => {
    const { before, total } = await deliveriesBeforeActive(yieldToIo);
    expect(total).toBeGreaterThan(PENDING_REQUESTS * 2);
    // Recorded with one of the next claims (8 effects each), not after the whole backlog.
    expect(before).toBeLessThanOrEqual(4 * 8);
  });

  it('without a pause, the answer waits until the backlog is done (why the pause exists)', async () => {
    const { before, total } = await deliveriesBeforeActive(undefined);
    expect(before).toBe(total);
  });
});
