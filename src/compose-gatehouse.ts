/**
 * Builds Gatehouse from configuration: database, policy, providers, notifier and engine. The CLI, the
 * server and the multi-process tests all start from here, so they run the same wiring.
 */
import { createEngine, type Engine } from './core/create-engine.js';
import type { Clock, IdSource, Logger, Notifier, ProviderResolver } from './core/ports.js';
import type { Policy } from './core/policy.js';
import type { RunEffectsOptions } from './core/services/run-effects.js';
import { loadPolicyFile } from './policy/load-policy.js';
import { createProviderResolver } from './providers/provider-resolver.js';
import { createRandomIds } from './runtime/random-ids.js';
import { systemClock } from './runtime/system-clock.js';
import { yieldToIo } from './runtime/yield-to-io.js';
import { openDatabase, type Db } from './store/open-database.js';
import { createSqliteStore } from './store/sqlite-store.js';

export interface GatehouseOptions {
  /** An open database, or a path to open (and migrate). */
  db?: Db;
  dbPath?: string;
  policy: Policy;
  env: Record<string, string | undefined>;
  logger: Logger;
  notifier: Notifier;
  clock?: Clock;
  ids?: IdSource;
  providers?: ProviderResolver;
  effects?: RunEffectsOptions;
}

export interface Gatehouse {
  engine: Engine;
  db: Db;
  policy: Policy;
  close(): void;
}

export function composeGatehouse(options: GatehouseOptions): Gatehouse {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openDatabase(options.dbPath ?? './data/gatehouse.db');
  const policy = options.policy;
  const engine = createEngine(
    {
      store: createSqliteStore(db, clock),
      clock,
      ids: options.ids ?? createRandomIds(clock.now),
      policy: () => policy,
      providers: options.providers ?? createProviderResolver({ policy: () => policy, env: options.env }),
      notifier: options.notifier,
      logger: options.logger,
    },
    { pause: yieldToIo, ...options.effects },
  );
  return { engine, db, policy, close: () => db.$client.close() };
}

export { loadPolicyFile };
