/** `gatehouse serve` (what `npm start` runs): the composition root of the running bot. */
import type { Engine } from './core/create-engine.js';
import type { Clock, Logger, Notifier } from './core/ports.js';
import { composeNotifier } from './compose-notifier.js';
import { composeGatehouse, loadPolicyFile, type Gatehouse } from './compose-gatehouse.js';
import { resolvePolicyPath } from './policy/policy-path.js';
import { isSandbox, readConfig, type Config } from './config.js';
import { createHeartbeatHandler, HEARTBEAT_PREFIX } from './http/heartbeat-endpoint.js';
import { createHttpApp, json } from './http/http-server.js';
import { missingProviderSecrets } from './providers/provider-resolver.js';
import { createEffectsPump, type EffectsPump } from './runtime/effects-pump.js';
import { startEffectsWorker } from './runtime/start-effects-worker.js';
import { createJsonLogger } from './runtime/json-logger.js';
import { systemClock } from './runtime/system-clock.js';
import { launchSandbox, SANDBOX_HOST } from './sandbox/start-sandbox.js';
import { createSlackSurface, type SlackSurface } from './slack/create-slack-app.js';
import { SLACK_EVENTS_PATH } from './slack/slack-receiver.js';
import { createIdentityStore, createInboundDedup, createMessageRefStore } from './store/chat-repositories.js';
import { openDatabase } from './store/open-database.js';
import { startSweeper } from './sweeper/start-sweeper.js';
import { startTeams, TEAMS_MESSAGES_PATH, type TeamsSurface } from './teams/start-teams.js';

const inWorker = async () => {
  throw new Error('effects are delivered by the delivery worker, not the request thread');
};
const undeliverable: Notifier = { deliver: inWorker, reply: inWorker };

/** A sweeper that has not finished a sweep for this long is reported unhealthy. */
const SWEEP_STALE_MS = 5 * 60_000;
/** Retried-delivery ids are kept this long (Slack retries within minutes). */
const DEDUP_KEEP_MS = 24 * 3_600_000;

export interface RunningGatehouse {
  port: number;
  url: string;
  config: Config;
  gatehouse: Gatehouse;
  slack: SlackSurface | null;
  teams: TeamsSurface | null;
  /** Resolves when effects triggered so far have run (tests and benchmarks). */
  idle(): Promise<void>;
  /** Asks the effects pump (or the delivery worker) to look for due effects now. */
  kick(): void;
  stop(): Promise<void>;
}

export interface ServeOptions {
  logger?: Logger;
  /** The engine's clock (tests). Inbound request signatures are always checked against real time. */
  clock?: Clock;
  /**
   * Where outbox effects and the sweeper run: `worker` (default) is a thread of its own, so deliveries
   * never compete with request handling; `inline` runs them on the request thread (needed with a fake clock).
   */
  effects?: 'inline' | 'worker';
}

export async function serve(env: Record<string, string | undefined> = process.env, options: ServeOptions = {}): Promise<RunningGatehouse> {
  const given = readConfig(env);
  const logger = options.logger ?? createJsonLogger({ level: given.GATEHOUSE_LOG_LEVEL });
  const clock = options.clock ?? systemClock;
  // Decided from the real environment: with any real credential set, the sandbox never runs.
  const sandbox = isSandbox(given);
  const app = createHttpApp(logger);
  const { path: policyPath, isExample } = resolvePolicyPath(given.GATEHOUSE_POLICY);
  // Read before anything listens: a policy that cannot be used ends start-up, and an open listener
  // would keep the process running after the error was printed.
  const loaded = loadPolicyFile(policyPath);
  // The sandbox listens first (on loopback only): its stand-in Slack needs the real port before the bot is built.
  const sandboxRun = sandbox ? await launchSandbox(app, { env, port: given.PORT, logger }) : null;
  const effectiveEnv = sandboxRun ? sandboxRun.env : { ...env };
  const config = readConfig(effectiveEnv);
  const host = sandbox ? SANDBOX_HOST : config.HOST;

  const policy = sandboxRun ? sandboxRun.localize(loaded) : loaded;
  if (isExample) logger.warn('policy.example', { path: policyPath, hint: 'set GATEHOUSE_POLICY or create ./policy.yaml for real use' });
  const missing = missingProviderSecrets(policy, effectiveEnv);
  if (missing.length > 0) logger.warn('provider.secrets_missing', { env: missing, effect: 'calls to these providers fail and are retried until the secret is set' });

  const effectsMode = options.effects ?? (options.clock ? 'inline' : 'worker');
  // With a delivery worker, it checkpoints the WAL, so answering people never waits on one.
  const db = openDatabase(config.GATEHOUSE_DB, { walCheckpoints: effectsMode === 'worker' ? 'background' : 'auto' });
  let engine: Engine | null = null;
  const currentEngine = () => {
    if (!engine) throw new Error('engine used before it was built');
    return engine;
  };
  const worker = effectsMode === 'worker' ? await startEffectsWorker({ env: effectiveEnv, policyPath, ...(sandboxRun ? { sandboxUrl: sandboxRun.baseUrl } : {}) }, logger) : null;
  const pump: EffectsPump = worker ?? createEffectsPump(() => currentEngine().runEffects(), logger);
  const dedup = createInboundDedup(db);

  let slack: SlackSurface | null = null;
  if (config.SLACK_SIGNING_SECRET && config.SLACK_BOT_TOKEN) {
    slack = createSlackSurface({
      settings: { signingSecret: config.SLACK_SIGNING_SECRET, botToken: config.SLACK_BOT_TOKEN, appToken: config.SLACK_APP_TOKEN, apiUrl: config.SLACK_API_URL },
      engine: currentEngine,
      pump,
      identities: createIdentityStore(db),
      messages: createMessageRefStore(db),
      dedup,
      clock,
      logger,
    });
  } else if (config.SLACK_SIGNING_SECRET || config.SLACK_BOT_TOKEN) {
    // Half a configuration is a mistake, not a request for sandbox mode.
    throw new Error('Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  }
  const teams = await startTeams(config, { engine: currentEngine, pump, db, clock, logger });
  const teamsMode = teams ? (teams.settings.authenticated ? 'on' : 'unauthenticated') : 'off';
  // With a delivery worker this thread never delivers: its notifier exists only to satisfy the engine.
  const notifier: Notifier = worker ? undeliverable : composeNotifier(config, { db, policy: () => policy, clock, logger, slack: slack ?? undefined });
  const gatehouse = composeGatehouse({ db, policy, env: effectiveEnv, logger, notifier, clock });
  engine = gatehouse.engine;

  const sweeper = worker
    ? null
    : startSweeper({
        cron: config.GATEHOUSE_SWEEP_CRON,
        sweep: async () => {
          dedup.prune(Date.now() - DEDUP_KEEP_MS);
          return gatehouse.engine.sweep();
        },
        logger,
      });
  const lastSweepAt = () => (worker ? worker.lastSweepAt() : (sweeper?.lastFinishedAt() ?? null));

  app.route('GET', '/healthz', () => {
    try {
      db.$client.prepare('SELECT 1').get();
    } catch {
      return json(503, { ok: false, database: 'unavailable' });
    }
    const last = lastSweepAt();
    const sweeperAlive = last !== null && Date.now() - last < SWEEP_STALE_MS;
    return json(sweeperAlive ? 200 : 503, {
      ok: sweeperAlive,
      mode: sandbox ? 'sandbox' : 'production',
      slack: slack ? (slack.receiver ? 'http' : 'socket') : 'off',
      teams: teamsMode,
      policyHash: policy.hash,
      lastSweepAt: last === null ? null : new Date(last).toISOString(),
    });
  });
  if (slack?.receiver) app.mount(SLACK_EVENTS_PATH, slack.receiver.handle);
  if (teams) app.route('POST', TEAMS_MESSAGES_PATH, teams.handle);
  app.mount(
    HEARTBEAT_PREFIX,
    createHeartbeatHandler({
      engine: currentEngine,
      secret: () => {
        const provider = policy.support?.provider;
        return provider?.type === 'webhook' ? (effectiveEnv[provider.secretEnv] ?? null) : null;
      },
      logger,
    }),
  );
  sandboxRun?.attach({ db, policy });

  const { port } = sandboxRun ?? (await app.listen(config.PORT, host));
  await slack?.start();
  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}/`;
  if (sandboxRun) process.stdout.write(`${sandboxRun.banner()}\n`);
  logger.info('started', { url, mode: sandbox ? 'sandbox' : 'production', effects: effectsMode, slack: slack ? (slack.receiver ? 'http' : 'socket') : 'off', teams: teamsMode, policy: policyPath, policyHash: policy.hash, db: config.GATEHOUSE_DB });
  return {
    port,
    url,
    config,
    gatehouse,
    slack,
    teams,
    idle: () => pump.idle(),
    kick: () => pump.kick(),
    async stop() {
      await sweeper?.stop();
      await slack?.stop();
      await app.close();
      sandboxRun?.stop();
      await pump.idle();
      await worker?.stop();
      gatehouse.close();
    },
  };
}
