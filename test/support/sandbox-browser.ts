/**
 * Browser tests of the sandbox: a real `gatehouse serve` child process on its embedded defaults
 * (no platform credentials, a temporary database, a free port), driven by Debian's Chromium through
 * playwright-core. Nothing leaves the machine: the page talks to the bot, the bot to its own
 * pretend Slack and provider receiver.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { sandboxUserId } from '../../src/sandbox/sandbox-people.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(PROJECT_ROOT, 'bin/gatehouse.js');
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'sandbox');
/** Deliveries go through the worker thread and the outbox; on a loaded machine that can take seconds. */
export const WAIT_MS = 20_000;

/** The Chromium to drive: CHROMIUM_PATH, else the first one on PATH; null when there is none. */
export function findChromium(): string | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return null;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface SandboxProcess {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** `gatehouse serve` as `npm start` runs it, with every platform credential removed from the environment. */
export async function startSandboxServer(): Promise<SandboxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sandbox-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(SLACK_|TEAMS_|GATEHOUSE_|PORT$|HOST$)/.test(key)) env[key] = value;
  }
  Object.assign(env, { PORT: '0', GATEHOUSE_DB: join(dir, 'gatehouse.db'), GATEHOUSE_LOG_LEVEL: 'info' });
  // cwd is the empty temp dir, so no ./policy.yaml is found and the example policy is used.
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 45 s:\n${out}`)), 45_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { event?: string; url?: string; mode?: string };
          if (entry.event === 'started' && entry.url) {
            clearTimeout(timer);
            if (entry.mode !== 'sandbox') reject(new Error(`expected sandbox mode, got ${entry.mode}`));
            resolve(entry.url);
          }
        } catch {
          // a partial line; the rest arrives with the next chunk
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SandboxSession {
  server: SandboxProcess;
  browser: Browser;
  page: Page;
  /** Messages of any alert/confirm/prompt the page opened (hostile text must never open one). */
  dialogs: string[];
  close(): Promise<void>;
}

/** The server and the browser (started together), and one page on the sandbox. */
export async function openSandbox(chromiumPath: string): Promise<SandboxSession> {
  const [server, browser] = await Promise.all([startSandboxServer(), launchBrowser(chromiumPath)]);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(server.url);
  return {
    server,
    browser,
    page,
    dialogs,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** Saves a screenshot under test-results/sandbox/ (kept by every run, for people to look at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Plays the Slack client as one person at a time. */
export function sandboxPage(page: Page) {
  const message = (text: string | RegExp) => page.locator('#messages .message', { hasText: text });
  return {
    page,
    async become(email: string) {
      await page.selectOption('#me', sandboxUserId(email));
      await page.locator('#conversation-title').filter({ hasNotText: '…' }).waitFor();
    },
    async open(conversation: string) {
      await page.locator('.sidebar [data-conversation]', { hasText: new RegExp(`^${conversation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
      await page.locator('#conversation-title', { hasText: conversation }).waitFor();
    },
    async command(text: string) {
      await page.fill('#composer-input', text);
      await page.press('#composer-input', 'Enter');
    },
    message,
    /** The newest message with this text, once it is there. */
    async waitForMessage(text: string | RegExp): Promise<Locator> {
      const found = message(text).last();
      await found.waitFor({ timeout: WAIT_MS });
      return found;
    },
    async click(inMessage: string | RegExp, button: string) {
      const target = (await this.waitForMessage(inMessage)).getByRole('button', { name: button, exact: true });
      await target.waitFor({ timeout: WAIT_MS });
      await target.click();
    },
    /** Confirms Slack's confirm dialog, when the button has one. */
    async confirm() {
      await page.locator('.confirm .confirm-ok').click();
    },
    modal: () => page.locator('#modal-root .modal'),
    async waitForModal(title: string) {
      const modal = page.locator('#modal-root .modal', { has: page.locator('.modal-title', { hasText: title }) });
      await modal.waitFor({ timeout: WAIT_MS });
      return modal;
    },
    async submitModal() {
      await page.locator('#modal-root .modal .modal-submit').click();
    },
    async waitForModalClosed() {
      await page.locator('#modal-root .modal').waitFor({ state: 'detached', timeout: WAIT_MS });
    },
    field: (blockId: string) => page.locator(`#modal-root [data-input-block="${blockId}"]`),
  };
}
