/**
 * Runs outbox effects right after a command commits instead of waiting for the next sweep tick.
 * Kicks that arrive while a run is going coalesce into one follow-up run.
 */
import type { Logger } from '../core/ports.js';

export interface EffectsPump {
  kick(): void;
  idle(): Promise<void>;
}

export function createEffectsPump(run: () => Promise<unknown>, logger: Logger): EffectsPump {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try {
        await run();
      } catch (error) {
        logger.error('effects.failed', { error: error instanceof Error ? error.message : String(error) });
      }
    } while (again);
    running = null;
  };
  return {
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = new Promise((resolve) => setImmediate(() => void loop().then(resolve)));
    },
    idle: () => running ?? Promise.resolve(),
  };
}
