/**
 * The app side of bench/slack-throughput.bench.ts, run in a worker thread so the apps get an event
 * loop (and a core) of their own, apart from the load generator and the fake Slack API:
 *
 * - bare: a stock Bolt `App` on Bolt's own `HTTPReceiver` whose two listeners only ack;
 * - gatehouse: the real `serve` (the real Bolt app, engine, SQLite file, outbox and effects pump).
 *
 * Both talk to the fake Slack Web API and the webhook receiver that live on the main thread. The
 * main thread drives this worker with the small request/answer protocol below.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '../src/serve.js';
import { ENGINE_POLICY_PATH, silentLogger } from '../test/support/engine-harness.js';

export interface AppsConfig {
  slackApiUrl: string;
  webhookUrl: string;
  signingSecret: string;
  webhookSecret: string;
  botToken: string;
}

export interface Counts {
  requests: number;
  requestsByStatus: Record<string, number>;
  approvals: number;
  grants: number;
  grantsByStatus: Record<string, number>;
  refusals: Record<string, number>;
  auditRecords: number;
  outboxByStatus: Record<string, number>;
  chatMessages: number;
  identities: number;
}

export interface AppsOps {
  ready: { args: Record<string, never>; result: { barePort: number; gatehousePort: number } };
  /** Pending requests created through the engine (as a slash command would), in one transaction per 500. */
  precreate: { args: { count: number; requesters: Array<{ email: string; userId: string }>; resourceId: string }; result: { ids: string[]; ms: number } };
  /** Waits for the pump, then runs the outbox until nothing is due. */
  drain: { args: Record<string, never>; result: { effects: number; ms: number; pendingLeft: number } };
  /** The approval card each request got in `channel`: request id -> message ts. */
  cards: { args: { ids: string[]; channel: string }; result: Record<string, string> };
  counts: { args: Record<string, never>; result: Counts };
  /** Outbox rows not done yet (the pump's backlog). */
  backlog: { args: Record<string, never>; result: { pending: number } };
  /** Starts metering this thread: event-loop busy time, and time inside Gatehouse's write transactions. */
  meterStart: { args: Record<string, never>; result: Record<string, never> };
  meterStop: { args: Record<string, never>; result: Meter };
  profileStart: { args: Record<string, never>; result: Record<string, never> };
  profileStop: { args: { file: string }; result: { file: string } };
  stop: { args: Record<string, never>; result: Record<string, never> };
}

export interface Meter {
  /** Milliseconds this thread's event loop was busy, and idle. */
  busyMs: number;
  idleMs: number;
  /** Gatehouse's store.write calls on this thread, and the milliseconds spent inside them. */
  writes: number;
  writeMs: number;
}

export type AppsRequest = { [K in keyof AppsOps]: { id: number; op: K; args: AppsOps[K]['args'] } }[keyof AppsOps];
export type AppsAnswer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

const config = workerData as AppsConfig;
const port = parentPort;
if (!port) throw new Error('bench/slack-throughput-apps.ts runs as a worker thread of bench/slack-throughput.bench.ts');

// --- bare Bolt: the stock HTTPReceiver, listeners that only ack ---------------------------------
const bareReceiver = new HTTPReceiver({ signingSecret: config.signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
const bare = new App({
  token: config.botToken,
  receiver: bareReceiver,
  clientOptions: { slackApiUrl: config.slackApiUrl },
  // auth.test against the fake, once, as a real app with a bot token does.
  tokenVerificationEnabled: true,
  logLevel: LogLevel.ERROR,
});
bare.command('/request-access', async ({ ack }) => {
  await ack();
});
bare.action('gatehouse.approve', async ({ ack }) => {
  await ack();
});
const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
const barePort = (bareServer.address() as AddressInfo).port;

// --- Gatehouse: the real serve, as test/support/slack-e2e-harness.ts starts it (real clock) -----
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-slack-'));
const policyPath = join(dir, 'policy.yaml');
writeFileSync(policyPath, readFileSync(ENGINE_POLICY_PATH, 'utf8').replaceAll('http://127.0.0.1:9/hook', config.webhookUrl));
const gatehouse = await serve(
  {
    PORT: '0',
    HOST: '127.0.0.1',
    GATEHOUSE_DB: join(dir, 'gatehouse.db'),
    GATEHOUSE_POLICY: policyPath,
    // Keeps the cron quiet during the run (one sweep still runs at start-up).
    GATEHOUSE_SWEEP_CRON: '0 0 1 1 *',
    SLACK_SIGNING_SECRET: config.signingSecret,
    SLACK_BOT_TOKEN: config.botToken,
    SLACK_API_URL: config.slackApiUrl,
    TEST_WEBHOOK_SECRET: config.webhookSecret,
  },
  { logger: silentLogger },
);
const engine = gatehouse.gatehouse.engine;
const sqlite = gatehouse.gatehouse.db.$client;

// Every write transaction the request thread runs goes through store.write: timing it here shows how
// much of a request is the durable write (BEGIN IMMEDIATE, the work, COMMIT) and how much the rest.
const store = engine.deps.store;
const write = store.write.bind(store);
let writes = 0;
let writeMs = 0;
store.write = <T>(work: Parameters<typeof write<T>>[0]): T => {
  const started = performance.now();
  try {
    return write(work);
  } finally {
    writeMs += performance.now() - started;
    writes += 1;
  }
};
let meterFrom: { elu: ReturnType<typeof performance.eventLoopUtilization>; writes: number; writeMs: number } | null = null;

const count = (sql: string, ...params: unknown[]): number => (sqlite.prepare(sql).get(...params) as { n: number }).n;
const groups = (sql: string): Record<string, number> =>
  Object.fromEntries((sqlite.prepare(sql).all() as Array<{ k: string; n: number }>).map((r) => [r.k, r.n]));

let profiler: Session | null = null;

const handlers: { [K in keyof AppsOps]: (args: AppsOps[K]['args']) => Promise<AppsOps[K]['result']> | AppsOps[K]['result'] } = {
  ready: () => ({ barePort, gatehousePort: gatehouse.port }),

  precreate({ count: n, requesters, resourceId }) {
    const started = performance.now();
    const ids: string[] = [];
    for (let start = 0; start < n; start += 500) {
      // Each createRequest is its own write transaction; an outer one makes them savepoints.
      sqlite
        .transaction(() => {
          for (let i = start; i < Math.min(start + 500, n); i++) {
            const who = requesters[i % requesters.length]!;
            const { request } = engine.createRequest({
              actor: { email: who.email, platform: 'slack', platformUserId: who.userId },
              resourceId,
              durationMs: 3_600_000,
              justification: `bench pool request ${i}`,
            });
            if (request.status !== 'pending') throw new Error(`pool request ${i} is ${request.status}, expected pending`);
            ids.push(request.id);
          }
        })
        .immediate();
    }
    return { ids, ms: performance.now() - started };
  },

  async drain() {
    // The delivery worker delivers; this thread only waits for it (its own engine has no notifier).
    const started = performance.now();
    const finished = () => count("SELECT count(*) AS n FROM outbox WHERE status <> 'pending'");
    const pending = () => count("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
    const before = finished();
    while (pending() > 0 && performance.now() - started < 600_000) {
      gatehouse.kick();
      await gatehouse.idle();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { effects: finished() - before, ms: performance.now() - started, pendingLeft: pending() };
  },

  cards({ ids, channel }) {
    const wanted = new Set(ids);
    const rows = sqlite
      .prepare("SELECT subject, message_id AS ts FROM chat_messages WHERE platform = 'slack' AND kind = 'approval_card' AND conversation_id = ?")
      .all(channel) as Array<{ subject: string; ts: string }>;
    return Object.fromEntries(rows.filter((r) => wanted.has(r.subject)).map((r) => [r.subject, r.ts]));
  },

  counts: () => ({
    requests: count('SELECT count(*) AS n FROM requests'),
    requestsByStatus: groups('SELECT status AS k, count(*) AS n FROM requests GROUP BY status'),
    approvals: count('SELECT count(*) AS n FROM approvals'),
    grants: count('SELECT count(*) AS n FROM grants'),
    grantsByStatus: groups('SELECT status AS k, count(*) AS n FROM grants GROUP BY status'),
    refusals: groups("SELECT json_extract(data, '$.code') AS k, count(*) AS n FROM audit_log WHERE type = 'refused' GROUP BY k"),
    auditRecords: count('SELECT count(*) AS n FROM audit_log'),
    outboxByStatus: groups('SELECT status AS k, count(*) AS n FROM outbox GROUP BY status'),
    chatMessages: count('SELECT count(*) AS n FROM chat_messages'),
    identities: count('SELECT count(*) AS n FROM identities'),
  }),

  backlog: () => ({ pending: count("SELECT count(*) AS n FROM outbox WHERE status = 'pending'") }),

  meterStart() {
    meterFrom = { elu: performance.eventLoopUtilization(), writes, writeMs };
    return {};
  },

  meterStop() {
    if (!meterFrom) throw new Error('meter not started');
    const elu = performance.eventLoopUtilization(meterFrom.elu);
    const meter = { busyMs: elu.active, idleMs: elu.idle, writes: writes - meterFrom.writes, writeMs: writeMs - meterFrom.writeMs };
    meterFrom = null;
    return meter;
  },

  async profileStart() {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
    return {};
  },

  async profileStop({ file }) {
    if (!profiler) throw new Error('profiler not started');
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    profiler = null;
    writeFileSync(file, JSON.stringify(profile));
    return { file };
  },

  async stop() {
    await bare.stop();
    await gatehouse.stop();
    rmSync(dir, { recursive: true, force: true });
    setImmediate(() => port.close());
    return {};
  },
};

port.on('message', (message: AppsRequest) => {
  const handler = handlers[message.op] as (args: unknown) => unknown;
  Promise.resolve()
    .then(() => handler(message.args))
    .then(
      (result) => port.postMessage({ id: message.id, ok: true, result } satisfies AppsAnswer),
      (error: unknown) => port.postMessage({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies AppsAnswer),
    );
});
port.postMessage({ id: 0, ok: true, result: 'started' } satisfies AppsAnswer);
