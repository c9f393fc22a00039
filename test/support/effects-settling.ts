/** Waiting for a served Gatehouse's effects to finish, shared by the Slack and Teams e2e harnesses. */
import type { RunningGatehouse } from '../../src/serve.js';
import type { FakeClock } from './fake-clock.js';

export interface EffectsSettling {
  settle(): Promise<void>;
  /** Settles, moves the fake clock on, sweeps, and settles again. */
  sweepAfter(ms: number): Promise<void>;
}

export function createEffectsSettling(gatehouse: RunningGatehouse, clock: FakeClock, effects: 'inline' | 'worker' | undefined): EffectsSettling {
  const settle = async () => {
    // Effects can trigger effects (a provider answer queues a notification): drain until quiet.
    for (let i = 0; i < 10; i++) {
      await gatehouse.idle();
      // With the delivery worker, this thread must not deliver (its notifier refuses): waiting is all.
      if (effects === 'worker') return;
      const result = await gatehouse.gatehouse.engine.runEffects();
      if (result.attempted === 0) return;
    }
  };
  return {
    settle,
    async sweepAfter(ms) {
      await settle();
      clock.advance(ms);
      await gatehouse.gatehouse.engine.sweep();
      await settle();
    },
  };
}
