/**
 * Cron wiring only: each tick asks the engine for due work. Ticks never overlap in one process (a
 * slow sweep makes the next tick a no-op), and a sweep runs once at start-up so anything that fell
 * due while the process was down is handled at once.
 */
import cron from 'node-cron';
import type { Logger } from '../core/ports.js';
import type { SweepResult } from '../core/services/sweep.js';

export interface Sweeper {
  /** Runs a sweep now unless one is running; resolves when it ends. */
  runNow(): Promise<void>;
  /** Time of the last finished sweep (epoch ms), for health checks. */
  lastFinishedAt(): number | null;
  stop(): Promise<void>;
}

export function startSweeper(options: { cron: string; sweep: () => Promise<SweepResult>; logger: Logger; runAtStart?: boolean; onSwept?: (at: number) => void }): Sweeper {
  let running: Promise<void> | null = null;
  let finishedAt: number | null = null;
  const runNow = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        const result = await options.sweep();
        const worked = result.requestsExpired + result.grantsEnded + result.grantsWarned + result.reviewsFlagged + result.effects.attempted;
        if (worked > 0) options.logger.info('sweep', { ...result, effects: undefined, ...result.effects });
      } catch (error) {
        options.logger.error('sweep.failed', { error: error instanceof Error ? error.message : String(error) });
      } finally {
        finishedAt = Date.now();
        options.onSwept?.(finishedAt);
        running = null;
      }
    })();
    return running;
  };
  const task = cron.schedule(options.cron, () => void runNow(), { noOverlap: true });
  if (options.runAtStart !== false) void runNow();
  return {
    runNow,
    lastFinishedAt: () => finishedAt,
    async stop() {
      await task.stop();
      if (running) await running;
    },
  };
}
