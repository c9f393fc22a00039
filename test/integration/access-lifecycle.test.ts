import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { verifyAuditLog } from '../../src/store/audit-repository.js';
import { actor, createHarness, ENGINE_POLICY_PATH, type Harness } from '../support/engine-harness.js';

const H = 3_600_000;
const alice = actor('alice@example.com');
const bob = actor('bob@example.com');
const carol = actor('carol@example.com');
const dave = actor('dave@example.com');
const erin = actor('erin@example.com');

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

function count(table: string): number {
  return (h.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function auditTypes(): string[] {
  return (h.db.$client.prepare('SELECT type FROM audit_log ORDER BY seq').all() as { type: string }[]).map((r) => r.type);
}

function expectRefusal(fn: () => unknown, code: string): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }
  throw new Error(`expected a refusal with ${code}`);
}

describe('request, approve, provision, expire, revoke', () => {
  it('runs the whole lifecycle and sends a closure summary', async () => {
    const { request, approvers } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: 2 * H, justification: 'investigating INC-4211 slow queries' });
    expect(request.status).toBe('pending');
    expect(approvers).toEqual(['dave@example.com', 'erin@example.com', 'mallory@example.com']);
    await h.engine.runEffects();
    expect(h.inbox('alice@example.com')).toEqual(['access.submitted']);
    expect(h.inbox('dave@example.com')).toEqual(['access.approval_needed']);
    expect(h.delivered.some((d) => d.recipient.kind === 'channel' && d.recipient.channel === 'approvals')).toBe(true);

    // Approval is not activation: the clock for the duration starts when the provider confirms.
    h.clock.advance(5 * 60_000);
    const approved = h.engine.approveRequest({ actor: dave, requestId: request.id });
    expect(approved.approved).toBe(true);
    const provisionedAt = h.clock.now() + 1_000;
    h.clock.advance(1_000);
    await h.engine.runEffects();
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant']);
    expect(h.provider.calls[0]!.grant).toMatchObject({ request_id: request.id, resource: 'prod-db', subject_email: 'alice@example.com', approvers: ['dave@example.com'] });
    const grant = h.deps.store.read((tx) => tx.grants.getByRequest(request.id))!;
    expect(grant.status).toBe('active');
    expect(grant.expiresAt).toBe(provisionedAt + 2 * H);

    h.clock.advance(2 * H - 1);
    await h.engine.sweep();
    expect(h.deps.store.read((tx) => tx.grants.get(grant.id))!.status).toBe('active');
    h.clock.advance(1);
    const swept = await h.engine.sweep();
    expect(swept.grantsEnded).toBe(1);
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant', 'revoke']);
    const ended = h.deps.store.read((tx) => tx.grants.get(grant.id))!;
    expect(ended.status).toBe('revoked');

    const closures = h.delivered.filter((d) => d.notification.kind === 'access.closed');
    expect(closures.map((d) => (d.recipient.kind === 'person' ? d.recipient.email : d.recipient.channel)).sort()).toEqual(['alice@example.com', 'audit']);
    const summary = closures[0]!.notification.kind === 'access.closed' ? closures[0]!.notification.summary : null;
    expect(summary).toMatchObject({ requesterEmail: 'alice@example.com', approvers: ['dave@example.com'], justification: 'investigating INC-4211 slow queries', provisionedAt, usedMs: 2 * H, endReason: 'expired' });
    expect(auditTypes()).toEqual(['access.requested', 'access.approval_recorded', 'access.approved', 'access.provisioned', 'access.ended', 'access.revoked']);
    expect(verifyAuditLog(h.db).ok).toBe(true);

    // A second sweep finds nothing to do: terminal states are final.
    const again = await h.engine.sweep();
    expect(again.grantsEnded).toBe(0);
    expect(h.provider.calls).toHaveLength(2);
  });

  it('records the platform user id of every decision', () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'routine maintenance window' });
    h.engine.approveRequest({ actor: dave, requestId: request.id });
    const row = h.db.$client.prepare("SELECT actor_email, actor_platform, actor_platform_user_id FROM audit_log WHERE type = 'access.approved'").get();
    expect(row).toEqual({ actor_email: 'dave@example.com', actor_platform: 'slack', actor_platform_user_id: 'U-DAVE' });
  });

  it('denies with a reason the requester reads', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'investigating INC-4211 slow queries' });
    expectRefusal(() => h.engine.denyRequest({ actor: dave, requestId: request.id, reason: '   ' }), 'INVALID_INPUT');
    const denied = h.engine.denyRequest({ actor: dave, requestId: request.id, reason: 'use the replica instead' });
    expect(denied.status).toBe('denied');
    await h.engine.runEffects();
    const note = h.delivered.find((d) => d.notification.kind === 'access.denied' && d.recipient.kind === 'person' && d.recipient.email === 'alice@example.com');
    expect(note?.notification).toMatchObject({ deniedBy: 'dave@example.com', reason: 'use the replica instead' });
    expect(count('grants')).toBe(0);
    const err = expectRefusal(() => h.engine.approveRequest({ actor: erin, requestId: request.id }), 'ALREADY_DECIDED');
    expect(err.message).toContain('denied by dave@example.com');
  });

  it('lets the requester cancel, and nobody else', () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'investigating INC-4211 slow queries' });
    expectRefusal(() => h.engine.cancelRequest({ actor: bob, requestId: request.id }), 'NOT_THE_REQUESTER');
    expect(h.engine.cancelRequest({ actor: alice, requestId: request.id }).status).toBe('cancelled');
    expectRefusal(() => h.engine.cancelRequest({ actor: alice, requestId: request.id }), 'ALREADY_DECIDED');
  });

  it('expires requests nobody decided within pending_ttl', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'investigating INC-4211 slow queries' });
    h.clock.advance(2 * H - 1);
    expect((await h.engine.sweep()).requestsExpired).toBe(0);
    h.clock.advance(1);
    expect((await h.engine.sweep()).requestsExpired).toBe(1);
    expect(h.deps.store.read((tx) => tx.requests.get(request.id))!.status).toBe('expired');
    expect(h.inbox('alice@example.com')).toContain('access.request_expired');
    expectRefusal(() => h.engine.approveRequest({ actor: dave, requestId: request.id }), 'ALREADY_DECIDED');
  });

  it('warns the holder ten minutes before the end, once', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211 slow queries' });
    h.engine.approveRequest({ actor: dave, requestId: request.id });
    await h.engine.runEffects();
    h.clock.advance(49 * 60_000);
    await h.engine.sweep();
    expect(h.inbox('alice@example.com')).not.toContain('access.ending_soon');
    h.clock.advance(60_000);
    await h.engine.sweep();
    await h.engine.sweep();
    expect(h.inbox('alice@example.com').filter((k) => k === 'access.ending_soon')).toHaveLength(1);
  });
});

describe('separation of duties, audited', () => {
  it('refuses self-approval even inside the approver group, and audits it', () => {
    const { request } = h.engine.createRequest({ actor: bob, resourceId: 'prod-db-write', justification: 'schema migration for INC-9' });
    expectRefusal(() => h.engine.approveRequest({ actor: bob, requestId: request.id }), 'SELF_APPROVAL');
    const refusal = h.db.$client.prepare("SELECT actor_email, data FROM audit_log WHERE type = 'refused'").get() as { actor_email: string; data: string };
    expect(refusal.actor_email).toBe('bob@example.com');
    expect(JSON.parse(refusal.data)).toMatchObject({ action: 'access.approve', code: 'SELF_APPROVAL' });
    expect(h.deps.store.read((tx) => tx.requests.get(request.id))!.status).toBe('pending');
  });

  it('needs two distinct approvers when approvals_required is 2', () => {
    const { request } = h.engine.createRequest({ actor: bob, resourceId: 'prod-db-write', justification: 'schema migration for INC-9' });
    expect(h.engine.approveRequest({ actor: alice, requestId: request.id }).approved).toBe(false);
    expectRefusal(() => h.engine.approveRequest({ actor: alice, requestId: request.id }), 'DUPLICATE_APPROVAL');
    const second = h.engine.approveRequest({ actor: dave, requestId: request.id });
    expect(second.approved).toBe(true);
    expect(second.approvedBy).toEqual(['alice@example.com', 'dave@example.com']);
    expect(count('grants')).toBe(1);
  });

  it('refuses people who are not approvers, and accepts the manager', () => {
    const { request } = h.engine.createRequest({ actor: carol, resourceId: 'prod-db', justification: 'investigating INC-4211 slow queries' });
    expectRefusal(() => h.engine.approveRequest({ actor: bob, requestId: request.id }), 'NOT_AN_APPROVER');
    // alice is carol's manager.
    expect(h.engine.approveRequest({ actor: alice, requestId: request.id }).approved).toBe(true);
  });

  it('keeps the requester and the approvers from fulfilling manual access', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'vpn', justification: 'contractor onboarding week' });
    h.engine.approveRequest({ actor: dave, requestId: request.id });
    await h.engine.runEffects();
    const task = h.db.$client.prepare('SELECT id FROM fulfilment_tasks').get() as { id: string };
    // dave is a fulfiller but approved this request; only fred is asked.
    expect(h.inbox('fred@example.com')).toEqual(['access.fulfilment_needed']);
    expect(h.inbox('dave@example.com')).not.toContain('access.fulfilment_needed');
    expectRefusal(() => h.engine.confirmFulfilment({ actor: dave, taskId: task.id }), 'FULFILLER_CONFLICT');
    expectRefusal(() => h.engine.confirmFulfilment({ actor: alice, taskId: task.id }), 'FULFILLER_CONFLICT');
    expectRefusal(() => h.engine.confirmFulfilment({ actor: bob, taskId: task.id }), 'NOT_A_FULFILLER');
    const grantId = h.engine.confirmFulfilment({ actor: actor('fred@example.com'), taskId: task.id }).grantId;
    expect(h.deps.store.read((tx) => tx.grants.get(grantId))!.status).toBe('active');
    expectRefusal(() => h.engine.confirmFulfilment({ actor: actor('fred@example.com'), taskId: task.id }), 'TASK_CLOSED');

    // Revocation of manual access waits for a person too, and only then is the grant revoked.
    h.engine.endGrant({ actor: alice, grantId });
    await h.engine.runEffects();
    expect(h.deps.store.read((tx) => tx.grants.get(grantId))!.status).toBe('revoking');
    const revokeTask = h.db.$client.prepare("SELECT id FROM fulfilment_tasks WHERE action = 'revoke'").get() as { id: string };
    h.engine.confirmFulfilment({ actor: actor('fred@example.com'), taskId: revokeTask.id });
    expect(h.deps.store.read((tx) => tx.grants.get(grantId))!.status).toBe('revoked');
  });
});

describe('manual fulfilment across a policy reload', () => {
  const fred = actor('fred@example.com');
  const reloaded = readFileSync(ENGINE_POLICY_PATH, 'utf8').replace(
    'fulfillers: [fred@example.com, dave@example.com]',
    'fulfillers: [fred@example.com, gina@example.com]',
  );

  /** Who was told that this task is closed. */
  function closedTo(taskId: string): string[] {
    return h.delivered
      .filter((d) => d.notification.kind === 'access.fulfilment_closed' && d.notification.taskId === taskId)
      .map((d) => (d.recipient.kind === 'person' ? d.recipient.email : `channel:${d.recipient.channel}`))
      .sort();
  }

  it.each<[string, (grantId: string, taskId: string) => void, string | null]>([
    ['marked done by a fulfiller in both policies', (_grantId, taskId) => h.engine.confirmFulfilment({ actor: fred, taskId }), 'fred@example.com'],
    ['no longer needed because the holder ended the access', (grantId) => h.engine.endGrant({ actor: alice, grantId }), null],
  ])('closes the cards of the people who got them: %s', async (_name, close, doneBy) => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'vpn', justification: 'contractor onboarding week' });
    const { grantId } = h.engine.approveRequest({ actor: erin, requestId: request.id });
    await h.engine.runEffects();
    const task = h.db.$client.prepare("SELECT id FROM fulfilment_tasks WHERE action = 'grant'").get() as { id: string };
    expect(h.inbox('fred@example.com')).toEqual(['access.fulfilment_needed']);
    expect(h.inbox('dave@example.com')).toContain('access.fulfilment_needed');

    // dave is no longer a fulfiller and gina now is, while the task is open.
    h.reloadPolicy(reloaded);
    close(grantId!, task.id);
    await h.engine.runEffects();

    // dave's card must show the outcome; gina never had one to edit.
    expect(closedTo(task.id)).toEqual(['dave@example.com', 'fred@example.com']);
    expect(h.deps.store.read((tx) => tx.tasks.get(task.id))).toMatchObject({ status: 'done', doneByEmail: doneBy });
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['unknown resource', { actor: alice, resourceId: 'nope', justification: 'investigating INC-4211' }, 'UNKNOWN_RESOURCE', 'there is no resource "nope"'],
    ['over-long duration', { actor: alice, resourceId: 'prod-db', durationMs: 5 * H, justification: 'investigating INC-4211' }, 'DURATION_TOO_LONG', '5h is longer than the 4h allowed for prod-db'],
    ['short justification', { actor: alice, resourceId: 'prod-db', justification: 'pls' }, 'JUSTIFICATION_TOO_SHORT', 'at least 10 characters (it has 3)'],
    ['unknown person', { actor: actor('zed@example.com'), resourceId: 'prod-db', justification: 'investigating INC-4211' }, 'UNKNOWN_PERSON', 'zed@example.com is not a person this policy knows'],
    ['not a requester', { actor: dave, resourceId: 'prod-db', justification: 'investigating INC-4211' }, 'NOT_A_REQUESTER', 'dave@example.com may not request prod-db'],
  ])('%s', (_name, input, code, message) => {
    const error = expectRefusal(() => h.engine.createRequest(input), code);
    expect(error.message).toContain(message);
    expect(count('requests')).toBe(0);
    expect(count('outbox')).toBe(0);
    expect(auditTypes()).toEqual(['refused']);
  });
});

describe('auto-approval and break-glass', () => {
  it('auto-approves within the auto_approve limit and asks approvers above it', async () => {
    const auto = h.engine.createRequest({ actor: alice, resourceId: 'staging', durationMs: 2 * H, justification: 'load test for release 4.2' });
    expect(auto.request.status).toBe('approved');
    expect(auto.request.autoApproved).toBe(true);
    await h.engine.runEffects();
    expect(h.provider.calls).toHaveLength(1);
    const manual = h.engine.createRequest({ actor: alice, resourceId: 'staging', durationMs: 3 * H, justification: 'load test for release 4.2' });
    expect(manual.request.status).toBe('pending');
  });

  it('grants emergency access at once, broadcasts it, and demands an independent review', async () => {
    const result = h.engine.requestBreakGlass({ actor: alice, resourceId: 'prod-db', justification: 'database down, SEV1 INC-77' });
    await h.engine.runEffects();
    expect(h.deps.store.read((tx) => tx.grants.get(result.grantId))!.status).toBe('active');
    const broadcast = h.delivered.find((d) => d.notification.kind === 'break_glass.used');
    expect(broadcast?.recipient).toEqual({ kind: 'channel', channel: 'audit' });
    // alice is in the security group but may not review her own emergency access.
    expect(h.inbox('sam@example.com')).toContain('break_glass.review_needed');
    expect(h.inbox('alice@example.com')).not.toContain('break_glass.review_needed');
    expectRefusal(() => h.engine.reviewBreakGlass({ actor: alice, reviewId: result.reviewId, outcome: 'appropriate', notes: 'fine' }), 'SELF_REVIEW');
    expectRefusal(() => h.engine.requestBreakGlass({ actor: alice, resourceId: 'prod-db', durationMs: 2 * H, justification: 'database down, SEV1 INC-77' }), 'DURATION_TOO_LONG');
    expectRefusal(() => h.engine.requestBreakGlass({ actor: dave, resourceId: 'prod-db', justification: 'database down, SEV1 INC-77' }), 'BREAK_GLASS_NOT_ALLOWED');

    h.clock.advance(24 * H);
    const swept = await h.engine.sweep();
    expect(swept.reviewsFlagged).toBe(1);
    expect(swept.grantsEnded).toBe(1);
    expect(h.delivered.some((d) => d.notification.kind === 'break_glass.review_overdue')).toBe(true);
    expect((await h.engine.sweep()).reviewsFlagged).toBe(0);
    h.engine.reviewBreakGlass({ actor: actor('sam@example.com'), reviewId: result.reviewId, outcome: 'appropriate', notes: 'SEV1 confirmed' });
    expectRefusal(() => h.engine.reviewBreakGlass({ actor: actor('sue@example.com'), reviewId: result.reviewId, outcome: 'appropriate', notes: 'x' }), 'REVIEW_CLOSED');
    const reviewed = h.db.$client.prepare("SELECT data FROM audit_log WHERE type = 'break_glass.reviewed'").get() as { data: string };
    expect(JSON.parse(reviewed.data)).toMatchObject({ outcome: 'appropriate', overdue: true });
  });
});

describe('overlapping grants', () => {
  it('never revokes access another grant still covers', async () => {
    const first = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211 slow queries' });
    h.engine.approveRequest({ actor: dave, requestId: first.request.id });
    await h.engine.runEffects();
    h.clock.advance(30 * 60_000);
    const second = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'still investigating INC-4211' });
    h.engine.approveRequest({ actor: erin, requestId: second.request.id });
    await h.engine.runEffects();
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant', 'grant']);

    h.clock.advance(30 * 60_000);
    await h.engine.sweep();
    const firstGrant = h.deps.store.read((tx) => tx.grants.getByRequest(first.request.id))!;
    expect(firstGrant.status).toBe('covered');
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant', 'grant']);

    h.clock.advance(30 * 60_000);
    await h.engine.sweep();
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant', 'grant', 'revoke']);
    expect(h.provider.calls[2]!.grant.request_id).toBe(second.request.id);
    expect(h.deps.store.read((tx) => tx.grants.getByRequest(second.request.id))!.status).toBe('revoked');
  });
});

describe('ending early', () => {
  it('lets the holder end their access, and nobody else', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'investigating INC-4211 slow queries' });
    const { grantId } = h.engine.approveRequest({ actor: dave, requestId: request.id });
    await h.engine.runEffects();
    expectRefusal(() => h.engine.endGrant({ actor: bob, grantId: grantId! }), 'NOT_THE_HOLDER');
    h.clock.advance(10 * 60_000);
    h.engine.endGrant({ actor: alice, grantId: grantId! });
    await h.engine.runEffects();
    const grant = h.deps.store.read((tx) => tx.grants.get(grantId!))!;
    expect(grant).toMatchObject({ status: 'revoked', endReason: 'ended_by_holder' });
    expectRefusal(() => h.engine.endGrant({ actor: alice, grantId: grantId! }), 'NOT_ACTIVE');
  });
});

describe('failing providers', () => {
  it('retries with backoff, alerts after three failures, and revokes only when the provider confirms', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211 slow queries' });
    const { grantId } = h.engine.approveRequest({ actor: dave, requestId: request.id });
    await h.engine.runEffects();
    h.provider.failWith = 'HTTP 503';
    h.clock.advance(H);
    await h.engine.sweep();
    const read = () => h.deps.store.read((tx) => tx.grants.get(grantId!))!;
    expect(read()).toMatchObject({ status: 'revoke_failed', failures: 1 });
    // Not due again until the backoff has passed.
    await h.engine.sweep();
    expect(read().failures).toBe(1);
    for (let i = 0; i < 6; i++) {
      h.clock.advance(60_000);
      await h.engine.sweep();
    }
    expect(read().status).toBe('revoke_failed');
    expect(read().failures).toBeGreaterThanOrEqual(3);
    expect(h.delivered.filter((d) => d.notification.kind === 'access.revoke_failing')).toHaveLength(1);
    h.provider.failWith = null;
    h.clock.advance(60_000);
    await h.engine.sweep();
    expect(read().status).toBe('revoked');
  });

  it('counts revocation failures afresh after provisioning failures', async () => {
    const { request } = h.engine.createRequest({ actor: alice, resourceId: 'prod-db', durationMs: H, justification: 'investigating INC-4211 slow queries' });
    const { grantId } = h.engine.approveRequest({ actor: dave, requestId: request.id });
    h.provider.failWith = 'HTTP 503';
    for (let i = 0; i < 4; i++) {
      await h.engine.runEffects();
      h.clock.advance(2 * 60_000);
    }
    const read = () => h.deps.store.read((tx) => tx.grants.get(grantId!))!;
    expect(read()).toMatchObject({ status: 'provision_failed', failures: 4 });
    h.engine.endGrant({ actor: alice, grantId: grantId! });
    expect(read()).toMatchObject({ status: 'revoking', failures: 0 });
    for (let i = 0; i < 6; i++) {
      await h.engine.runEffects();
      h.clock.advance(2 * 60_000);
    }
    expect(h.delivered.filter((d) => d.notification.kind === 'access.revoke_failing')).toHaveLength(1);
    const audited = (h.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE type = 'access.revoke_failed'").get() as { n: number }).n;
    expect(audited).toBe(2);
  });
});
