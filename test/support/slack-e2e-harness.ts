/**
 * Gatehouse as it runs in production (the real `serve`, the real Bolt app over HTTP) against a local
 * fake of the Slack Web API and a local webhook receiver. Only the engine's clock is fake, so tests
 * can reach expiry without waiting; request signatures use real time as Slack's do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type RunningGatehouse } from '../../src/serve.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/fake-slack-api.js';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.js';
import { ENGINE_POLICY_PATH, silentLogger } from './engine-harness.js';
import { createEffectsSettling } from './effects-settling.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { createSlackClient, type SlackClient } from './slack-signed-client.js';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';
export const WEBHOOK_SECRET = 'e2e-webhook-secret';

/** Slack users for the people of test/fixtures/engine-policy.yaml (plus one outsider). */
export const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'fred', 'sam', 'sue', 'mallory', 'zed'] as const;
export type Person = (typeof PEOPLE)[number];
export const userId = (name: Person) => `U${name.toUpperCase()}`;

export interface SlackE2E {
  gatehouse: RunningGatehouse;
  slack: FakeSlackApi;
  client: SlackClient;
  clock: FakeClock;
  webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  /** Waits until every effect triggered so far has been delivered. */
  settle(): Promise<void>;
  /** Advances the engine clock and runs a sweep, as the cron would. */
  sweepAfter(ms: number): Promise<void>;
  dm(name: Person): string;
  close(): Promise<void>;
}

/**
 * `effects: 'worker'` runs deliveries in the production delivery worker thread on the real clock
 * (then `clock` is not the engine's clock and `sweepAfter` cannot move time).
 */
export async function startSlackE2E(options: { policyText?: (text: string) => string; effects?: 'inline' | 'worker' } = {}): Promise<SlackE2E> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  const webhook = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
  const slack = await startFakeSlackApi({
    users: PEOPLE.map((name) => ({ id: userId(name), email: `${name}@example.com`, name })),
    channels: ['C0APPROVALS', 'C0AUDIT', 'C0SUPPORT', 'CGENERAL'],
  });
  let policy = readFileSync(ENGINE_POLICY_PATH, 'utf8').replaceAll('http://127.0.0.1:9/hook', webhook.url);
  if (options.policyText) policy = options.policyText(policy);
  const policyPath = join(dir, 'policy.yaml');
  writeFileSync(policyPath, policy);
  const clock = createFakeClock(Date.now());
  const gatehouse = await serve(
    {
      PORT: '0',
      GATEHOUSE_DB: join(dir, 'gatehouse.db'),
      GATEHOUSE_POLICY: policyPath,
      // Sweeps are driven by the tests; the yearly schedule only keeps the cron quiet.
      GATEHOUSE_SWEEP_CRON: '0 0 1 1 *',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_API_URL: slack.slackApiUrl,
      TEST_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
    options.effects === 'worker' ? { effects: 'worker', logger: silentLogger } : { clock, logger: silentLogger },
  );
  const client = createSlackClient({
    baseUrl: `http://127.0.0.1:${gatehouse.port}`,
    signingSecret: SIGNING_SECRET,
    messageSource: (channel, ts) => slack.message(channel, ts),
  });
  const { settle, sweepAfter } = createEffectsSettling(gatehouse, clock, options.effects);
  return {
    gatehouse,
    slack,
    client,
    clock,
    webhook,
    settle,
    sweepAfter,
    dm: (name) => slack.dmChannelOf(userId(name)),
    async close() {
      await gatehouse.stop();
      await slack.close();
      await webhook.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
