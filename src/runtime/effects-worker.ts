/**
 * The delivery worker: a thread of its own that runs outbox effects (chat messages, provider calls)
 * and the sweeper, on its own database connection. The request thread only writes and acks; a slow
 * Slack API or provider never delays an answer to a click.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { composeGatehouse, loadPolicyFile } from '../compose-gatehouse.js';
import { composeNotifier } from '../compose-notifier.js';
import { readConfig } from '../config.js';
import { localizeSandboxProviders } from '../sandbox/sandbox-policy.js';
import { startSweeper } from '../sweeper/start-sweeper.js';
import { createBufferedMessageRefStore, createInboundDedup } from '../store/chat-repositories.js';
import { openDatabase } from '../store/open-database.js';
import { createEffectsPump } from './effects-pump.js';
import { startWalCheckpointer } from './start-wal-checkpointer.js';
import { createJsonLogger } from './json-logger.js';
import { systemClock } from './system-clock.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './effects-worker-protocol.js';

/** Retried-delivery ids are kept this long (Slack retries within minutes). */
const DEDUP_KEEP_MS = 24 * 3_600_000;

// Deliveries are background work: when the CPU is short, answering people comes first. On Linux a
// thread's nice value is its own, so this lowers only this thread; elsewhere it may not apply.
try {
  setPriority(10);
} catch {
  // Not permitted or not supported: deliveries simply compete as equals.
}

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('the effects worker must run in a worker thread');
const send = (reply: WorkerReply) => port.postMessage(reply);

const config = readConfig(input.env);
const logger = createJsonLogger({ level: config.GATEHOUSE_LOG_LEVEL });
const loaded = loadPolicyFile(input.policyPath);
const policy = input.sandboxUrl ? localizeSandboxProviders(loaded, input.sandboxUrl) : loaded;
// The request thread has already applied the migrations. This thread checkpoints the WAL for both.
const db = openDatabase(config.GATEHOUSE_DB, { migrate: false, walCheckpoints: 'background' });
const checkpointer = startWalCheckpointer(db.$client, logger);
const messages = createBufferedMessageRefStore(db);
const notifier = composeNotifier(config, { db, policy: () => policy, clock: systemClock, logger, messages });
const gatehouse = composeGatehouse({ db, policy, env: input.env, logger, notifier, effects: { bookkeeping: messages } });
const dedup = createInboundDedup(db);
const pump = createEffectsPump(() => gatehouse.engine.runEffects(), logger);
const sweeper = startSweeper({
  cron: config.GATEHOUSE_SWEEP_CRON,
  sweep: async () => {
    dedup.prune(Date.now() - DEDUP_KEEP_MS);
    return gatehouse.engine.sweep();
  },
  logger,
  onSwept: (at) => send({ type: 'swept', at }),
});

port.on('message', (message: WorkerRequest) => {
  switch (message.type) {
    case 'kick':
      pump.kick();
      return;
    case 'idle':
      void pump.idle().then(() => send({ type: 'idle', id: message.id }));
      return;
    case 'stop':
      void (async () => {
        await sweeper.stop();
        await pump.idle();
        checkpointer.stop();
        gatehouse.close();
        send({ type: 'stopped' });
        port.close();
      })();
  }
});
send({ type: 'ready' });
