/**
 * Sandbox mode: with no platform credentials, Gatehouse runs its real Slack surface and delivery
 * worker against a pretend Slack served by itself, and a web page at `/` that plays the Slack
 * client. The bot is not told it is in a sandbox: it gets Slack credentials made up for this run (a
 * random signing secret, a made-up bot token) and a Web API URL on its own server, and every
 * interaction from the page reaches it as a correctly signed request on `/slack/events`.
 *
 * `launchSandbox` listens first (the Web API URL and the provider receiver need the real port, which
 * may be chosen at listen time); `attach` adds the sandbox's routes once the bot is built.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import { readConfig, SANDBOX_WEBHOOK_SECRET } from '../config.js';
import type { HttpApp } from '../http/http-server.js';
import { registerSandboxProvider } from '../http/sandbox-provider-endpoint.js';
import { SLACK_EVENTS_PATH } from '../slack/slack-receiver.js';
import type { Db } from '../store/open-database.js';
import { registerPageApi } from './page-api.js';
import { localizeSandboxProviders } from './sandbox-policy.js';
import { sandboxChannels, sandboxPeople } from './sandbox-people.js';
import { createSandboxWorkspace } from './sandbox-workspace.js';
import { createSlackBridge } from './slack-bridge.js';
import { createSlackWebApi, SANDBOX_SLACK_PREFIX } from './slack-web-api.js';
import { registerStaticAssets } from './static-assets.js';
import { keepWorkspaceFile, loadWorkspaceFile, workspaceFileFor } from './workspace-file.js';

/** Sandbox mode never listens anywhere but the loopback interface: its endpoints act as anyone. */
export const SANDBOX_HOST = '127.0.0.1';

export interface SandboxLaunch {
  port: number;
  /** `http://127.0.0.1:PORT/`: what the bot and the worker call. */
  baseUrl: string;
  /** `http://localhost:PORT/`: what a person opens. */
  pageUrl: string;
  /** The bot's environment: the real one plus this run's made-up Slack credentials and Web API URL. */
  env: Record<string, string | undefined>;
  /** The policy as the sandbox runs it: the example's provider URLs point at this server. */
  localize(policy: Policy): Policy;
  attach(deps: { db: Db; policy: Policy }): void;
  /** Saves what is pending (call on shutdown). */
  stop(): void;
  /** A few lines for the terminal: where to open the page. */
  banner(): string;
}

export async function launchSandbox(app: HttpApp, input: { env: Record<string, string | undefined>; port: number; logger: Logger }): Promise<SandboxLaunch> {
  const { logger } = input;
  const { port } = await app.listen(input.port, SANDBOX_HOST);
  const baseUrl = `http://${SANDBOX_HOST}:${port}/`;
  const pageUrl = `http://localhost:${port}/`;
  const signingSecret = randomBytes(32).toString('hex');
  const botToken = `xoxb-sandbox-${randomBytes(16).toString('hex')}`;
  const env = {
    ...input.env,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: botToken,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: `${baseUrl}${SANDBOX_SLACK_PREFIX.slice(1)}/api/`,
    // The example policy's webhooks go to the built-in receiver, which checks this published secret.
    GATEHOUSE_WEBHOOK_SECRET: input.env.GATEHOUSE_WEBHOOK_SECRET || SANDBOX_WEBHOOK_SECRET,
  };

  const workspaceFile = workspaceFileFor(readConfig(input.env).GATEHOUSE_DB);
  let saved: { flush(): void } | null = null;
  return {
    port,
    baseUrl,
    pageUrl,
    env,
    localize: (policy) => localizeSandboxProviders(policy, baseUrl),
    attach({ db, policy }) {
      const restore = workspaceFile ? loadWorkspaceFile(workspaceFile, logger) : null;
      const workspace = createSandboxWorkspace({ people: sandboxPeople(policy), channels: sandboxChannels(policy), restore });
      if (workspaceFile) saved = keepWorkspaceFile(workspace, workspaceFile, logger);
      const api = createSlackWebApi({ workspace, botToken, baseUrl: () => baseUrl, logger });
      const bridge = createSlackBridge({ workspace, api, signingSecret, eventsUrl: () => new URL(SLACK_EVENTS_PATH, baseUrl).toString(), logger });
      const provider = registerSandboxProvider(app, { secret: env.GATEHOUSE_WEBHOOK_SECRET, logger });
      app.mount(SANDBOX_SLACK_PREFIX, api.handle);
      registerPageApi(app, { workspace, bridge, db, policy, providerCalls: provider.calls, port: () => port, logger });
      registerStaticAssets(app);
    },
    stop: () => saved?.flush(),
    banner: () => ['', '  Gatehouse is running in sandbox mode (no Slack or Teams credentials are set).', `  Open ${pageUrl} in your browser to try it.`, ''].join('\n'),
  };
}
