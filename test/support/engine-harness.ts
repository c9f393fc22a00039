/** A real engine on a real SQLite file with the real migrations; clock, ids, provider and chat are fakes. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src/core/create-engine.js';
import type { Notification, Recipient } from '../../src/core/notifications.js';
import type { PrivateReply } from '../../src/core/effects.js';
import type { AccessProvider, EngineDeps, Logger, ProviderGrant } from '../../src/core/ports.js';
import type { Actor } from '../../src/core/types.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { createManualProvider } from '../../src/providers/manual-provider.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';

export const ENGINE_POLICY_PATH = new URL('../fixtures/engine-policy.yaml', import.meta.url).pathname;

export interface ProviderCall {
  action: 'grant' | 'revoke';
  grant: ProviderGrant;
}

/** A provider that records calls and fails while told to. */
export interface FakeProvider extends AccessProvider {
  calls: ProviderCall[];
  failures: number;
  failWith: string | null;
}

export function createFakeProvider(): FakeProvider {
  const provider: FakeProvider = {
    calls: [],
    failures: 0,
    failWith: null,
    async grant(grant) {
      provider.calls.push({ action: 'grant', grant });
      if (provider.failWith) {
        provider.failures++;
        throw new Error(provider.failWith);
      }
      return { status: 'done' };
    },
    async revoke(grant) {
      provider.calls.push({ action: 'revoke', grant });
      if (provider.failWith) {
        provider.failures++;
        throw new Error(provider.failWith);
      }
      return { status: 'done' };
    },
  };
  return provider;
}

export interface Delivered {
  recipient: Recipient;
  notification: Notification;
  effectId: number;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface Harness {
  engine: Engine;
  deps: EngineDeps;
  clock: FakeClock;
  db: Db;
  dbPath: string;
  provider: FakeProvider;
  delivered: Delivered[];
  replies: Array<{ reply: PrivateReply; effectId: number }>;
  /** Messages delivered to one person, by kind. */
  inbox(email: string): string[];
  /** Replaces the policy the engine reads from now on, as a reload of the policy file does. */
  reloadPolicy(policyText: string): void;
  close(): void;
}

export function actor(email: string, platform: Actor['platform'] = 'slack'): Actor {
  return { email, platform, platformUserId: `U-${email.split('@')[0]?.toUpperCase()}` };
}

export function createHarness(options: { policyText?: string; dbPath?: string } = {}): Harness {
  const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const dbPath = options.dbPath ?? join(dir!, 'gatehouse.db');
  const db = openDatabase(dbPath);
  const clock = createFakeClock();
  let seq = 0;
  let policy = parsePolicy(options.policyText ?? readFileSync(ENGINE_POLICY_PATH, 'utf8'));
  const provider = createFakeProvider();
  const manual = createManualProvider();
  const delivered: Delivered[] = [];
  const replies: Harness['replies'] = [];
  const deps: EngineDeps = {
    store: createSqliteStore(db, clock),
    clock,
    ids: { next: (prefix) => `${prefix}_${String(++seq).padStart(4, '0')}` },
    policy: () => policy,
    providers: {
      forResource: (id) => (policy.resources.find((r) => r.id === id)?.provider.type === 'manual' ? manual : provider),
    },
    notifier: {
      deliver: async (recipient, notification, effectId) => {
        delivered.push({ recipient, notification, effectId });
      },
      reply: async (reply, effectId) => {
        replies.push({ reply, effectId });
      },
    },
    logger: silentLogger,
  };
  const engine = createEngine(deps, { backoff: { baseMs: 1_000, capMs: 60_000 } });
  return {
    engine,
    deps,
    clock,
    db,
    dbPath,
    replies,
    provider,
    delivered,
    inbox: (email) =>
      delivered.filter((d) => d.recipient.kind === 'person' && d.recipient.email === email).map((d) => d.notification.kind),
    reloadPolicy: (policyText) => {
      policy = parsePolicy(policyText);
    },
    close: () => {
      db.$client.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
