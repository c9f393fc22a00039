/**
 * The outbox worker: claims due effects, runs them outside any transaction, and records each
 * outcome in a transaction of its own. Delivery is at-least-once; providers and notifiers are
 * keyed by grant id and effect id so a repeat is harmless.
 */
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.js';
import type { OutboxRow } from '../effects.js';
import type { EngineDeps, ProviderGrant, WriteTx } from '../ports.js';
import type { Grant } from '../types.js';
import { recordProviderDone, recordProviderFailure, recordProviderPending } from './record-provider-outcome.js';
import { SYSTEM_ACTOR } from '../types.js';

/**
 * Most outcomes recorded per transaction. Outcomes are also recorded with each claim (when the
 * lanes' queue runs dry), so at the default sizes they ride along with the next claim and a group
 * rarely fills: each commit writes every page it dirtied to the WAL, so fewer, larger commits
 * write fewer pages in all.
 */
const OUTCOME_GROUP = 128;

export interface RunEffectsOptions {
  batchSize?: number;
  concurrency?: number;
  /** How long a claim lasts; must exceed twice the slowest provider timeout (one call waiting, one running). */
  claimForMs?: number;
  /** Notifications and replies are given up after this many attempts (provider calls never are). */
  maxNotifyAttempts?: number;
  backoff?: BackoffPolicy;
  /** Stop after this many batches even if more work keeps arriving. */
  maxBatches?: number;
  /**
   * Lets pending I/O run (the composition root passes a macrotask yield). Called after each claim:
   * a lane working through effects that finish at once (a notifier that answers immediately) would
   * otherwise keep the thread in one chain of microtasks until the whole backlog is done, while the
   * answers to the other lanes' provider calls wait unread and their outcomes unrecorded.
   */
  pause?: () => Promise<void>;
  /**
   * What the notifier kept about its deliveries (which message was posted where), written inside
   * every transaction that records outcomes so it commits with them instead of on its own.
   */
  bookkeeping?: { pending(): boolean; flush(): void };
}

export interface RunEffectsResult {
  attempted: number;
  succeeded: number;
  failed: number;
}

export function toProviderGrant(grant: Grant): ProviderGrant {
  return {
    id: grant.id,
    request_id: grant.requestId,
    resource: grant.resourceId,
    subject_email: grant.subjectEmail,
    expires_at: grant.expiresAt === null ? null : new Date(grant.expiresAt).toISOString(),
    approvers: grant.approvers,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runDueEffects(deps: EngineDeps, options: RunEffectsOptions = {}): Promise<RunEffectsResult> {
  const concurrency = options.concurrency ?? 32;
  // A claim is only as long as claimForMs: claiming no more than the lanes can start at once keeps
  // every claimed effect's wait under one provider timeout, so another worker never takes it over.
  const batchSize = options.batchSize ?? concurrency;
  const claimForMs = options.claimForMs ?? 30_000;
  const maxNotifyAttempts = options.maxNotifyAttempts ?? 12;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const maxBatches = options.maxBatches ?? 1_000;
  const result: RunEffectsResult = { attempted: 0, succeeded: 0, failed: 0 };

  const fail = (row: OutboxRow, error: string, grant: Grant | null) => {
    flush();
    const attempt = row.attempts + 1;
    const dead = row.effect.type !== 'provider' && attempt >= maxNotifyAttempts;
    deps.store.write((tx) => {
      options.bookkeeping?.flush();
      const retryAt = deps.clock.now() + retryDelayMs(attempt, row.id, backoff);
      if (!tx.outbox.fail(row.id, row.claimToken, error, retryAt, dead)) return;
      if (row.effect.type === 'provider' && grant) {
        const fresh = tx.grants.get(grant.id);
        if (fresh) recordProviderFailure(tx, deps, fresh, row.effect.action, error);
      }
      if (dead) {
        tx.audit.append({ type: 'notification.undeliverable', actor: SYSTEM_ACTOR, subject: null, data: { effectId: row.id, attempts: attempt, error } });
      }
    });
    deps.logger.warn('effect.failed', { effectId: row.id, type: row.effect.type, attempt, dead, error });
    result.failed++;
  };

  // Outcomes are recorded in groups: one transaction per group instead of one per effect. The cost is
  // a short delay before an outcome is visible (never past the end of this run), and if the process
  // dies first the effect simply runs again, which at-least-once delivery allows for anyway.
  const outcomes: Array<(tx: WriteTx) => void> = [];
  const recordAll = (tx: WriteTx) => {
    options.bookkeeping?.flush();
    for (const record of outcomes.splice(0)) record(tx);
  };
  const flush = () => {
    if (outcomes.length === 0 && !options.bookkeeping?.pending()) return;
    deps.store.write(recordAll);
  };
  const recordOutcome = (record: (tx: WriteTx) => void) => {
    outcomes.push(record);
    if (outcomes.length >= OUTCOME_GROUP) flush();
  };

  // The grant each claimed provider call is about, read in the claiming transaction: one read
  // transaction per call was a good part of its cost. The snapshot is only used to decide whether
  // the call is still needed and what to send; outcomes are compare-and-set against the live row.
  const grantsOf = new Map<number, Grant | null>();
  const runOne = async (row: OutboxRow): Promise<void> => {
    result.attempted++;
    const effect = row.effect;
    if (effect.type !== 'provider') {
      try {
        if (effect.type === 'notify') await deps.notifier.deliver(effect.recipient, effect.notification, row.id);
        else await deps.notifier.reply(effect.reply, row.id);
      } catch (error) {
        fail(row, errorText(error), null);
        return;
      }
      recordOutcome((tx) => void tx.outbox.complete(row.id, row.claimToken, deps.clock.now()));
      result.succeeded++;
      return;
    }

    const grant = grantsOf.has(row.id) ? grantsOf.get(row.id)! : deps.store.read((tx) => tx.grants.get(effect.grantId));
    grantsOf.delete(row.id);
    const stillNeeded =
      grant !== null &&
      (effect.action === 'grant' ? ['provisioning', 'provision_failed'] : ['revoking', 'revoke_failed']).includes(grant.status);
    if (!grant || !stillNeeded) {
      // Already settled (ended before provisioning, or confirmed by a person): nothing to send.
      recordOutcome((tx) => void tx.outbox.complete(row.id, row.claimToken, deps.clock.now()));
      result.succeeded++;
      return;
    }
    let outcome;
    try {
      const provider = deps.providers.forResource(grant.resourceId);
      const payload = toProviderGrant(grant);
      outcome = effect.action === 'grant' ? await provider.grant(payload) : await provider.revoke(payload);
    } catch (error) {
      fail(row, errorText(error), grant);
      return;
    }
    recordOutcome((tx) => {
      // A lost claim means another worker took this effect over; its outcome will be recorded there.
      if (!tx.outbox.complete(row.id, row.claimToken, deps.clock.now())) return;
      if (outcome.status === 'done') recordProviderDone(tx, deps, grant.id, effect.action);
      else recordProviderPending(tx, deps, grant, effect.action);
    });
    result.succeeded++;
  };

  // Lanes pull from one queue and claim more when it runs dry, so a slow call holds up only its
  // own lane, never a whole batch. Claiming is synchronous, so lanes never claim the same row.
  let batches = 0;
  for (;;) {
    const queue: OutboxRow[] = [];
    let exhausted = false;
    // After each claim every lane waits at this gate before its next effect, so they are all
    // suspended at once and pending I/O (answers to provider calls) is read before work goes on.
    let gate: Promise<void> | null = null;
    const pause = options.pause;
    const before = result.attempted;
    const refill = (): boolean => {
      if (exhausted || batches >= maxBatches) {
        flush();
        return false;
      }
      batches++;
      const token = deps.ids.next('claim');
      // Record what is done before claiming more (a finished effect may release the next one with
      // its key), in the same transaction: one commit instead of two.
      const rows = deps.store.write((tx) => {
        recordAll(tx);
        const claimed = tx.outbox.claimDue(deps.clock.now(), batchSize, claimForMs, token);
        for (const row of claimed) if (row.effect.type === 'provider') grantsOf.set(row.id, tx.grants.get(row.effect.grantId));
        return claimed;
      });
      if (rows.length === 0) exhausted = true;
      queue.push(...rows);
      if (rows.length > 0 && pause && !gate) {
        gate = pause().then(() => {
          gate = null;
        });
      }
      return rows.length > 0;
    };
    const lane = async () => {
      for (;;) {
        if (gate) await gate;
        const row = queue.shift() ?? (refill() ? queue.shift() : undefined);
        if (!row) return;
        await runOne(row);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    flush();
    // Outcomes can queue new effects (a provider answer queues messages): go again until a round finds nothing.
    if (result.attempted === before || batches >= maxBatches) break;
  }
  return result;
}
