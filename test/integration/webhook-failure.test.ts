/**
 * A customer's webhook endpoint fails for a while. The revocation is retried with growing backoff
 * (never before the backoff has elapsed), the grant stays `revoke_failed` with its failures counted,
 * the audit channel is alerted once after three failures, and the grant is marked `revoked` only
 * when the endpoint finally confirms, with the closure summary sent then.
 *
 * Real pieces: SQLite file and migrations, composition root, provider resolver, webhook provider,
 * and a local signed-webhook receiver. Fake: the engine's clock, so backoff is stepped exactly.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeGatehouse, type Gatehouse } from '../../src/compose-gatehouse.js';
import type { Notification, Recipient } from '../../src/core/notifications.js';
import { retryDelayMs } from '../../src/core/services/backoff.js';
import { ALERT_AFTER_FAILURES } from '../../src/core/services/record-provider-outcome.js';
import type { Grant } from '../../src/core/types.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { verifyAuditLog } from '../../src/store/audit-repository.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fixtures/webhook-receiver.js';
import { actor, ENGINE_POLICY_PATH, silentLogger } from '../support/engine-harness.js';
import { createFakeClock, type FakeClock } from '../support/fake-clock.js';

const H = 3_600_000;
const SECRET = 'webhook-failure-test-secret';
/** Failed attempts before the endpoint recovers: past the alert threshold, with room to see the delays grow. */
const FAILING_ATTEMPTS = 6;

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-webhook-failure-'));
let receiver: WebhookReceiver;
let gatehouse: Gatehouse;
let clock: FakeClock;
const delivered: { recipient: Recipient; notification: Notification }[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  const text = readFileSync(ENGINE_POLICY_PATH, 'utf8').replaceAll('url: "http://127.0.0.1:9/hook"', `url: "${receiver.url}"`);
  expect(text).toContain(receiver.url);
  clock = createFakeClock();
  gatehouse = composeGatehouse({
    dbPath: join(dir, 'gatehouse.db'),
    policy: parsePolicy(text),
    env: { TEST_WEBHOOK_SECRET: SECRET },
    clock,
    logger: silentLogger,
    notifier: {
      deliver: async (recipient, notification) => {
        delivered.push({ recipient, notification });
      },
      reply: async () => {},
    },
    // No effects options: the production backoff (2 s base, doubling, up to 20% jitter) is under test.
  });
});

afterAll(async () => {
  gatehouse?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface OutboxRow {
  id: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

describe('a webhook endpoint failing for a while', () => {
  it('backs off, alerts once, and marks the grant revoked only when the endpoint confirms', async () => {
    const { engine, db } = gatehouse;
    const { request } = engine.createRequest({ actor: actor('alice@example.com'), resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211 slow queries' });
    const { grantId } = engine.approveRequest({ actor: actor('dave@example.com'), requestId: request.id });
    await engine.runEffects();
    const grant = (): Grant => engine.deps.store.read((tx) => tx.grants.get(grantId!))!;
    expect(grant().status).toBe('active');
    expect(receiver.granted.get(grantId!)?.times).toBe(1);
    const provisionedAt = grant().provisionedAt!;

    const revokeCalls = () => receiver.calls.filter((c) => c.event === 'revoke');
    const revokeEffect = (): OutboxRow =>
      db.$client
        .prepare("SELECT id, status, attempts, next_attempt_at, last_error FROM outbox WHERE type = 'provider' AND json_extract(payload, '$.action') = 'revoke'")
        .get() as OutboxRow;
    const alerts = () => delivered.filter((d) => d.notification.kind === 'access.revoke_failing');
    const closures = () => delivered.filter((d) => d.notification.kind === 'access.closed');
    const expectStillFailing = (failures: number) => {
      expect(grant()).toMatchObject({ status: 'revoke_failed', failures, revokedAt: null });
      expect(grant().lastError).toContain('HTTP 500');
      expect(revokeCalls()).toHaveLength(failures);
      expect(receiver.revoked.has(grantId!)).toBe(false);
      expect(closures()).toHaveLength(0);
    };

    // The grant expires while the endpoint is down: the first attempt fails.
    receiver.setFailing(true);
    clock.advance(H);
    const expiredAt = clock.now();
    expect((await engine.sweep()).grantsEnded).toBe(1);
    expectStillFailing(1);
    expect(grant()).toMatchObject({ endedAt: expiredAt, endReason: 'expired' });

    let lastAttemptAt = expiredAt;
    const delays: number[] = [];
    for (let failures = 1; failures <= FAILING_ATTEMPTS; failures++) {
      const row = revokeEffect();
      expect(row).toMatchObject({ status: 'pending', attempts: failures });
      expect(row.last_error).toContain('HTTP 500');
      const delay = row.next_attempt_at - lastAttemptAt;
      // The production backoff, exactly: base 2 s doubling per failure, minus the effect's jitter.
      expect(delay).toBe(retryDelayMs(failures, row.id));
      delays.push(delay);

      // Less than the backoff, in a few steps: sweeps find nothing due, nothing reaches the endpoint.
      for (const step of [1, Math.floor(delay / 2), delay - 1]) {
        clock.set(lastAttemptAt + step);
        const swept = await engine.sweep();
        expect(swept.effects.attempted).toBe(0);
        expectStillFailing(failures);
      }
      expect(alerts()).toHaveLength(failures >= ALERT_AFTER_FAILURES ? 1 : 0);

      if (failures === FAILING_ATTEMPTS) break;
      // Past the backoff: exactly one more attempt, which fails again.
      clock.set(lastAttemptAt + delay + 1);
      lastAttemptAt = clock.now();
      await engine.sweep();
      expectStillFailing(failures + 1);
    }

    // The delays grow, from the 2 s base towards the cap.
    expect(delays).toHaveLength(FAILING_ATTEMPTS);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
    expect(delays[0]!).toBeGreaterThanOrEqual(1_600);
    expect(delays[0]!).toBeLessThanOrEqual(2_000);

    // One alert to the audit channel, sent with the third failure, and audited with it.
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.recipient).toEqual({ kind: 'channel', channel: 'audit' });
    expect(alerts()[0]!.notification).toMatchObject({ grantId, failures: ALERT_AFTER_FAILURES });
    const failedAudits = db.$client.prepare("SELECT data FROM audit_log WHERE type = 'access.revoke_failed' ORDER BY seq").all() as { data: string }[];
    expect(failedAudits.map((a) => (JSON.parse(a.data) as { failures: number }).failures)).toEqual([1, ALERT_AFTER_FAILURES]);

    // The endpoint recovers; nothing happens before the next attempt is due...
    receiver.setFailing(false);
    const due = revokeEffect().next_attempt_at;
    clock.set(due - 1);
    expect((await engine.sweep()).effects.attempted).toBe(0);
    expectStillFailing(FAILING_ATTEMPTS);

    // ...and the due attempt succeeds: now, and only now, the grant is revoked.
    clock.set(due);
    await engine.sweep();
    expect(grant()).toMatchObject({ status: 'revoked', revokedAt: due, failures: 0, lastError: null, endReason: 'expired' });
    expect(revokeEffect()).toMatchObject({ status: 'done', attempts: FAILING_ATTEMPTS });
    expect(revokeCalls()).toHaveLength(FAILING_ATTEMPTS + 1);
    expect(revokeCalls().map((c) => c.status)).toEqual([...Array<number>(FAILING_ATTEMPTS).fill(500), 200]);
    expect(receiver.revoked.get(grantId!)).toBe(1);
    expect(receiver.activeGrantIds()).toEqual([]);

    // The closure summary goes to the holder and the audit channel, once each.
    expect(closures().map((c) => (c.recipient.kind === 'person' ? c.recipient.email : `#${c.recipient.channel}`)).sort()).toEqual(['#audit', 'alice@example.com']);
    for (const closure of closures()) {
      expect(closure.notification).toMatchObject({
        kind: 'access.closed',
        summary: { grantId, requestId: request.id, requesterEmail: 'alice@example.com', approvers: ['dave@example.com'], endReason: 'expired', provisionedAt, endedAt: expiredAt, revokedAt: due, usedMs: H },
      });
    }
    expect(alerts()).toHaveLength(1);

    // Settled: later sweeps send nothing more.
    clock.advance(H);
    await engine.sweep();
    expect(revokeCalls()).toHaveLength(FAILING_ATTEMPTS + 1);

    // Every call was correctly signed: failures were the endpoint's 500s, never a rejected signature.
    expect(receiver.calls.filter((c) => !c.signatureOk || c.status === 401)).toEqual([]);
    const types = (db.$client.prepare('SELECT type FROM audit_log ORDER BY seq').all() as { type: string }[]).map((r) => r.type);
    expect(types).toEqual([
      'access.requested',
      'access.approval_recorded',
      'access.approved',
      'access.provisioned',
      'access.ended',
      'access.revoke_failed',
      'access.revoke_failed',
      'access.revoked',
    ]);
    expect(verifyAuditLog(db).ok).toBe(true);
  }, 30_000);
});
