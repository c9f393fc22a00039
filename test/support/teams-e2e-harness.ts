/**
 * Gatehouse as it runs in production with Teams on (the real `serve`, the real teams-ai app over HTTP)
 * against a local fake Bot Connector and identity service, a local webhook receiver and, for mixed
 * tests, the fake Slack Web API. Only the engine's clock is fake.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/core/ports.js';
import { serve, type RunningGatehouse } from '../../src/serve.js';
import { startFakeBotConnector, type FakeBotConnector, type FakeTeamsUser } from '../fixtures/fake-bot-connector.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fixtures/fake-slack-api.js';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.js';
import { ENGINE_POLICY_PATH } from './engine-harness.js';
import { createEffectsSettling } from './effects-settling.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';
import { createSlackClient, type SlackClient } from './slack-signed-client.js';
import { PEOPLE, SIGNING_SECRET, userId as slackUserId, type Person } from './slack-e2e-harness.js';
import { createTeamsClient, TENANT_ID, type TeamsClient } from './teams-client.js';

export const TEAMS_APP_ID = '00000000-0000-4000-8000-00000000e2e0';
export const TEAMS_APP_PASSWORD = 'e2e-teams-app-password';
export const WEBHOOK_SECRET = 'e2e-webhook-secret';
/** The Teams channel the test policy posts approvals to. */
export const TEAMS_APPROVALS_CHANNEL = '19:approvals@thread.tacv2';

export const teamsUser = (name: Person | 'tina' | 'tom' | 'uma' | 'lena'): FakeTeamsUser => ({
  id: `29:${name}`,
  aadObjectId: `aad-${name}`,
  name,
  email: `${name}@example.com`,
  userPrincipalName: `${name}@example.com`,
  tenantId: TENANT_ID,
});

export const TEAMS_PEOPLE = [...PEOPLE, 'tina', 'tom', 'uma', 'lena'] as const;
export type TeamsPerson = (typeof TEAMS_PEOPLE)[number];

export interface TeamsE2E {
  gatehouse: RunningGatehouse;
  connector: FakeBotConnector;
  teams: TeamsClient;
  slack: FakeSlackApi | null;
  slackClient: SlackClient | null;
  clock: FakeClock;
  webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  logs: Array<{ level: string; event: string; fields?: Record<string, unknown> }>;
  user(name: TeamsPerson): FakeTeamsUser;
  settle(): Promise<void>;
  sweepAfter(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** The Teams channel the test policy posts support requests to. */
export const TEAMS_SUPPORT_CHANNEL = '19:support@thread.tacv2';

export interface TeamsE2EOptions {
  /** Also run Slack (against the fake Slack Web API), for mixed-platform tests. */
  slack?: boolean;
  /** Slack users (default: every person of the Slack tests). */
  slackPeople?: readonly Person[];
  /** No app id and `TEAMS_ALLOW_UNAUTHENTICATED=true` (the connector then takes requests without a token). */
  unauthenticated?: boolean;
  policyText?: (text: string) => string;
  /** A single-tenant bot (`TEAMS_TENANT_ID`). */
  tenantId?: string;
  /** `worker`: deliveries run in the production delivery worker thread on the real clock. */
  effects?: 'inline' | 'worker';
  /** Members the Bot Connector knows besides the policy's people (guests, people of other tenants). */
  extraUsers?: FakeTeamsUser[];
}

export async function startTeamsE2E(options: TeamsE2EOptions = {}): Promise<TeamsE2E> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-teams-e2e-'));
  const webhook = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
  const connector = await startFakeBotConnector({ appId: TEAMS_APP_ID, appPassword: TEAMS_APP_PASSWORD, users: [...TEAMS_PEOPLE.map(teamsUser), ...(options.extraUsers ?? [])], requireAuth: !options.unauthenticated });
  const slack = options.slack
    ? await startFakeSlackApi({
        users: (options.slackPeople ?? PEOPLE).map((name) => ({ id: slackUserId(name), email: `${name}@example.com`, name })),
        channels: ['C0APPROVALS', 'C0AUDIT', 'C0SUPPORT', 'CGENERAL'],
      })
    : null;
  let policy = readFileSync(ENGINE_POLICY_PATH, 'utf8')
    .replaceAll('http://127.0.0.1:9/hook', webhook.url)
    .replace('approvals: { slack: C0APPROVALS }', `approvals: { slack: C0APPROVALS, teams: "${TEAMS_APPROVALS_CHANNEL}" }`)
    .replace('support: { slack: C0SUPPORT }', `support: { slack: C0SUPPORT, teams: "${TEAMS_SUPPORT_CHANNEL}" }`);
  if (options.policyText) policy = options.policyText(policy);
  const policyPath = join(dir, 'policy.yaml');
  writeFileSync(policyPath, policy);
  const clock = createFakeClock(Date.now());
  const logs: TeamsE2E['logs'] = [];
  const logger: Logger = {
    info: (event, fields) => void logs.push({ level: 'info', event, fields }),
    warn: (event, fields) => void logs.push({ level: 'warn', event, fields }),
    error: (event, fields) => void logs.push({ level: 'error', event, fields }),
  };
  const gatehouse = await serve(
    {
      PORT: '0',
      GATEHOUSE_DB: join(dir, 'gatehouse.db'),
      GATEHOUSE_POLICY: policyPath,
      GATEHOUSE_SWEEP_CRON: '0 0 1 1 *',
      ...(options.unauthenticated ? { TEAMS_ALLOW_UNAUTHENTICATED: 'true' } : { TEAMS_APP_ID, TEAMS_APP_PASSWORD }),
      TEAMS_LOGIN_URL: connector.loginUrl,
      ...(options.tenantId ? { TEAMS_TENANT_ID: options.tenantId } : {}),
      TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
      TEST_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...(slack ? { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-e2e-token', SLACK_API_URL: slack.slackApiUrl } : {}),
    },
    options.effects === 'worker' ? { effects: 'worker', logger } : { clock, logger },
  );
  const baseUrl = `http://127.0.0.1:${gatehouse.port}`;
  const { settle, sweepAfter } = createEffectsSettling(gatehouse, clock, options.effects);
  return {
    gatehouse,
    connector,
    teams: createTeamsClient({ baseUrl, connector }),
    slack,
    slackClient: slack ? createSlackClient({ baseUrl, signingSecret: SIGNING_SECRET, messageSource: (channel, ts) => slack.message(channel, ts) }) : null,
    clock,
    webhook,
    logs,
    user: teamsUser,
    settle,
    sweepAfter,
    async close() {
      await gatehouse.stop();
      await connector.close();
      await slack?.close();
      await webhook.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
