/** The request thread's handle on the delivery worker: kick it after a commit, ask when it is idle, stop it. */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/ports.js';
import type { EffectsPump } from './effects-pump.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './effects-worker-protocol.js';

const ENTRY = fileURLToPath(new URL('../../bin/effects-worker.js', import.meta.url));

export interface EffectsWorker extends EffectsPump {
  lastSweepAt(): number | null;
  stop(): Promise<void>;
}

export async function startEffectsWorker(input: WorkerInput, logger: Logger): Promise<EffectsWorker> {
  const worker = new Worker(ENTRY, { workerData: input });
  let lastSweepAt: number | null = null;
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  let stopped: (() => void) | null = null;
  const post = (request: WorkerRequest) => worker.postMessage(request);
  // Under load every request kicks; one message per turn of the event loop says the same thing
  // (the worker coalesces kicks anyway) without a structured clone per request.
  let kickQueued = false;
  const postKick = () => {
    if (!kickQueued) return;
    kickQueued = false;
    post({ type: 'kick' });
  };

  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') resolve();
      else if (reply.type === 'swept') lastSweepAt = reply.at;
      else if (reply.type === 'idle') waiting.get(reply.id)?.();
      else if (reply.type === 'stopped') stopped?.();
    });
  });
  // A crashed worker means nothing is delivered: say so loudly. The outbox keeps the work for a restart.
  worker.on('error', (error) => logger.error('effects_worker.crashed', { error: error.message }));

  return {
    kick: () => {
      if (kickQueued) return;
      kickQueued = true;
      setImmediate(postKick);
    },
    idle: () =>
      new Promise<void>((resolve) => {
        const id = nextId++;
        // A kick still waiting for the end of this turn goes first, or "idle" could overtake it.
        postKick();
        waiting.set(id, () => {
          waiting.delete(id);
          resolve();
        });
        post({ type: 'idle', id });
      }),
    lastSweepAt: () => lastSweepAt,
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = resolve;
        post({ type: 'stop' });
        // Never hang shutdown on a stuck worker.
        setTimeout(() => void worker.terminate().then(() => resolve()), 10_000).unref();
      }),
  };
}
