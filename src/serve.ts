/** `gatehouse serve` (what `npm start` runs): the composition root of the running bot. */
import type { Logger } from './core/ports.js';
import { composeGatehouse, loadPolicyFile, resolvePolicyPath } from './compose-gatehouse.js';
import { isSandbox, readConfig, SANDBOX_WEBHOOK_SECRET, type Config } from './config.js';
import { createHttpApp, json } from './http/http-server.js';
import { registerSandboxProvider } from './http/sandbox-provider-endpoint.js';
import { missingProviderSecrets } from './providers/provider-resolver.js';
import { createEffectsPump } from './runtime/effects-pump.js';
import { createJsonLogger } from './runtime/json-logger.js';
import { createLogNotifier } from './runtime/log-notifier.js';
import { startSweeper } from './sweeper/start-sweeper.js';

export interface RunningGatehouse {
  port: number;
  url: string;
  config: Config;
  stop(): Promise<void>;
}

export async function serve(env: Record<string, string | undefined> = process.env, logger: Logger = createJsonLogger()): Promise<RunningGatehouse> {
  const config = readConfig(env);
  const sandbox = isSandbox(config);
  const effectiveEnv = { ...env };
  // Embedded defaults: the example policy's webhook points at the built-in receiver with this secret.
  if (sandbox && !effectiveEnv.GATEHOUSE_WEBHOOK_SECRET) effectiveEnv.GATEHOUSE_WEBHOOK_SECRET = SANDBOX_WEBHOOK_SECRET;
  // Sandbox mode exposes test endpoints, so it only ever listens on the loopback interface.
  const host = sandbox ? '127.0.0.1' : config.HOST;

  const { path: policyPath, isExample } = resolvePolicyPath(config.GATEHOUSE_POLICY);
  const policy = loadPolicyFile(policyPath);
  if (isExample) logger.warn('policy.example', { path: policyPath, hint: 'set GATEHOUSE_POLICY or create ./policy.yaml for real use' });
  const missing = missingProviderSecrets(policy, effectiveEnv);
  if (missing.length > 0) logger.warn('provider.secrets_missing', { env: missing, effect: 'calls to these providers fail and are retried until the secret is set' });

  const gatehouse = composeGatehouse({ dbPath: config.GATEHOUSE_DB, policy, env: effectiveEnv, logger, notifier: createLogNotifier(logger) });
  const pump = createEffectsPump(() => gatehouse.engine.runEffects(), logger);
  const sweeper = startSweeper({ cron: config.GATEHOUSE_SWEEP_CRON, sweep: () => gatehouse.engine.sweep(), logger });

  const app = createHttpApp(logger);
  app.route('GET', '/healthz', () => {
    try {
      gatehouse.db.$client.prepare('SELECT 1').get();
    } catch {
      return json(503, { ok: false, database: 'unavailable' });
    }
    return json(200, { ok: true, mode: sandbox ? 'sandbox' : 'production', policyHash: policy.hash, lastSweepAt: sweeper.lastFinishedAt() });
  });
  if (sandbox) registerSandboxProvider(app, { secret: effectiveEnv.GATEHOUSE_WEBHOOK_SECRET!, logger });

  const { port } = await app.listen(config.PORT, host);
  const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}/`;
  logger.info('started', { url, mode: sandbox ? 'sandbox' : 'production', policy: policyPath, policyHash: policy.hash, db: config.GATEHOUSE_DB });
  return {
    port,
    url,
    config,
    async stop() {
      await sweeper.stop();
      await pump.idle();
      await app.close();
      gatehouse.close();
    },
  };
}
