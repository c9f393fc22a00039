/**
 * The repositories prepare their statements once and bind values per call. These tests pin what
 * the per-call drizzle builder used to guarantee: NULL stays NULL in json and boolean columns,
 * undefined patch fields are left alone, compare-and-set reports exactly one change, column
 * defaults apply, and statements reused across patch shapes never leak values between calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SupportSession } from '../../../src/core/support-types.js';
import type { AccessRequest, Grant } from '../../../src/core/types.js';
import { createAuditLog, verifyAuditLog } from '../../../src/store/audit-repository.js';
import { createIdentityStore, createInboundDedup, createMessageRefStore } from '../../../src/store/chat-repositories.js';
import { createGrantRepository, createTaskRepository } from '../../../src/store/grant-repository.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { createOutbox } from '../../../src/store/outbox-repository.js';
import { createApprovalRepository, createRequestRepository } from '../../../src/store/request-repository.js';
import { createReviewRepository } from '../../../src/store/review-repository.js';
import { createEscalationRepository, createNoteRepository, createSessionRepository } from '../../../src/store/support-repository.js';
import { createFakeClock } from '../../support/fake-clock.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-prepared-'));
  db = openDatabase(join(dir, 'g.db'));
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const raw = <T>(query: string, ...params: unknown[]) => db.$client.prepare(query).get(...params) as T;

function request(id: string, over: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id,
    requesterEmail: 'alice@example.com',
    requesterPlatform: 'slack',
    requesterPlatformUserId: 'U1',
    resourceId: 'prod-db',
    durationMs: 3_600_000,
    justification: 'why',
    status: 'pending',
    approvalsRequired: 1,
    breakGlass: false,
    autoApproved: false,
    createdAt: T0,
    pendingUntil: T0 + 1000,
    decidedAt: null,
    decidedByEmail: null,
    decisionReason: null,
    policyHash: 'h',
    ...over,
  };
}

function grant(id: string, over: Partial<Grant> = {}): Grant {
  return {
    id,
    kind: 'access',
    requestId: `req_${id}`,
    subjectEmail: 'alice@example.com',
    resourceId: 'prod-db',
    status: 'provisioning',
    durationMs: 1000,
    approvers: ['dave@example.com'],
    createdAt: T0,
    provisionedAt: null,
    expiresAt: null,
    endedAt: null,
    endReason: null,
    revokedAt: null,
    coveredByGrantId: null,
    failures: 0,
    lastError: null,
    warnedAt: null,
    ...over,
  };
}

function session(id: string, over: Partial<SupportSession> = {}): SupportSession {
  return {
    id,
    endUserEmail: 'erin@example.com',
    endUserPlatform: 'slack',
    endUserPlatformUserId: null,
    description: 'printer',
    device: null,
    urgency: 'normal' as SupportSession['urgency'],
    ticketRef: null,
    status: 'open',
    technicianEmail: null,
    offeredToEmail: null,
    scope: null,
    createdAt: T0,
    claimedAt: null,
    scopedAt: null,
    consentRequestedAt: null,
    consentExpiresAt: null,
    consentedAt: null,
    startedAt: null,
    lastActivityAt: null,
    idleWarnedAt: null,
    endedAt: null,
    endReason: null,
    documentation: null,
    documentedAt: null,
    docRemindedAt: null,
    docReminders: 0,
    policyHash: 'h',
    ...over,
  };
}

describe('requests', () => {
  it('stores booleans as 0/1, reads them back as booleans, and compare-and-sets once', () => {
    const repo = createRequestRepository(db);
    repo.insert(request('r1', { breakGlass: true }));
    repo.insert(request('r2'));
    expect(raw<{ b: number; a: number }>('SELECT break_glass AS b, auto_approved AS a FROM requests WHERE id = ?', 'r1')).toEqual({ b: 1, a: 0 });
    expect(repo.get('r1')).toEqual(request('r1', { breakGlass: true }));
    expect(repo.get('missing')).toBeNull();

    const decided = { status: 'approved' as const, decidedAt: T0 + 5, decidedByEmail: 'dave@example.com', autoApproved: true };
    expect(repo.transition('r1', 'pending', decided)).toBe(true);
    expect(repo.transition('r1', 'pending', decided)).toBe(false);
    expect(repo.get('r1')).toMatchObject({ ...decided, breakGlass: true, decisionReason: null });
    // The same patch shape again, on another row, with other values: nothing leaks from the first call.
    expect(repo.transition('r2', 'pending', { status: 'denied', decidedAt: T0 + 9, decidedByEmail: 'bob@example.com', autoApproved: false })).toBe(true);
    expect(repo.get('r2')).toMatchObject({ status: 'denied', decidedAt: T0 + 9, decidedByEmail: 'bob@example.com', autoApproved: false });
  });

  it('lists pending requests with the bound limit and times', () => {
    const repo = createRequestRepository(db);
    for (let i = 0; i < 5; i++) repo.insert(request(`r${i}`, { createdAt: T0 + i, pendingUntil: T0 + 100 - i, requesterEmail: i % 2 ? 'bob@example.com' : 'alice@example.com' }));
    repo.transition('r4', 'pending', { status: 'cancelled' as AccessRequest['status'] });
    expect(repo.listPending(2).map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(repo.listPending(10).map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(repo.listPendingDue(T0 + 98, 10).map((r) => r.id)).toEqual(['r3', 'r2']);
    expect(repo.listPendingFor('bob@example.com').map((r) => r.id)).toEqual(['r1', 'r3']);
  });

  it('refuses a second approval by the same person', () => {
    createRequestRepository(db).insert(request('r1'));
    const approvals = createApprovalRepository(db);
    const a = { requestId: 'r1', approverEmail: 'dave@example.com', platform: 'slack' as const, platformUserId: null, at: T0 + 2 };
    expect(approvals.insert(a)).toBe(true);
    expect(approvals.insert({ ...a, at: T0 + 3 })).toBe(false);
    expect(approvals.insert({ ...a, approverEmail: 'erin@example.com', at: T0 + 1 })).toBe(true);
    expect(approvals.list('r1').map((x) => x.approverEmail)).toEqual(['erin@example.com', 'dave@example.com']);
  });
});

describe('grants', () => {
  it('applies column defaults to fields left out, and keeps json arrays', () => {
    const repo = createGrantRepository(db);
    const { kind: _kind, failures: _failures, ...partial } = grant('g1');
    repo.insert(partial as Grant);
    expect(repo.get('g1')).toEqual(grant('g1'));
    expect(raw<{ approvers: string }>('SELECT approvers FROM grants WHERE id = ?', 'g1').approvers).toBe('["dave@example.com"]');
    expect(repo.getByRequest('req_g1')?.id).toBe('g1');
  });

  it('compare-and-sets from any of several statuses, skipping undefined and unknown patch fields', () => {
    const repo = createGrantRepository(db);
    repo.insert(grant('g1', { lastError: 'boom', failures: 2 }));
    expect(repo.transition('g1', ['active', 'revoking'], { status: 'revoked' })).toBe(false);
    expect(repo.transition('g1', [], { status: 'revoked' })).toBe(false);
    const patch = { status: 'active' as const, provisionedAt: T0 + 1, expiresAt: T0 + 1001, lastError: undefined, notAColumn: 'x' };
    expect(repo.transition('g1', ['provisioning', 'provision_failed'], patch)).toBe(true);
    expect(repo.get('g1')).toMatchObject({ status: 'active', provisionedAt: T0 + 1, expiresAt: T0 + 1001, lastError: 'boom', failures: 2 });
    expect(repo.update('g1', ['active'], { warnedAt: T0 + 7, lastError: null })).toBe(true);
    expect(repo.get('g1')).toMatchObject({ warnedAt: T0 + 7, lastError: null, status: 'active' });
    expect(repo.update('g1', ['revoking'], { warnedAt: T0 + 8 })).toBe(false);
    expect(repo.get('g1')?.warnedAt).toBe(T0 + 7);
  });

  it('lists due, ending and live grants', () => {
    const repo = createGrantRepository(db);
    repo.insert(grant('g1', { status: 'active', expiresAt: T0 + 10 }));
    repo.insert(grant('g2', { status: 'active', expiresAt: T0 + 5, warnedAt: T0 }));
    repo.insert(grant('g3', { status: 'active', expiresAt: T0 + 1, kind: 'support' }));
    repo.insert(grant('g4', { status: 'revoked', expiresAt: T0 + 1 }));
    repo.insert(grant('g5', { status: 'provisioning', resourceId: 'other' }));
    expect(repo.listActiveDue(T0 + 10, 10).map((g) => g.id)).toEqual(['g2', 'g1']);
    expect(repo.listActiveDue(T0 + 10, 1).map((g) => g.id)).toEqual(['g2']);
    expect(repo.listActiveEndingBefore(T0 + 10, 10).map((g) => g.id)).toEqual(['g1']);
    expect(repo.listLiveFor('alice@example.com', 'prod-db').map((g) => g.id).sort()).toEqual(['g1', 'g2']);
    expect(repo.listLiveOf('alice@example.com').map((g) => g.id)).toEqual(['g5', 'g2', 'g1']);
  });

  it('closes a fulfilment task once', () => {
    createGrantRepository(db).insert(grant('g1'));
    const tasks = createTaskRepository(db);
    tasks.insert({ id: 't1', grantId: 'g1', action: 'grant', status: 'open', createdAt: T0, doneAt: null, doneByEmail: null, fulfillers: ['ops@example.com', 'fred@example.com'] });
    expect(tasks.openFor('g1', 'grant')).toMatchObject({ id: 't1', fulfillers: ['ops@example.com', 'fred@example.com'] });
    expect(tasks.openFor('g1', 'revoke')).toBeNull();
    expect(tasks.close('t1', 'ops@example.com', T0 + 3)).toBe(true);
    expect(tasks.close('t1', 'ops@example.com', T0 + 4)).toBe(false);
    expect(tasks.get('t1')).toMatchObject({ status: 'done', doneByEmail: 'ops@example.com', doneAt: T0 + 3 });
    expect(tasks.openFor('g1', 'grant')).toBeNull();
  });
});

describe('support sessions', () => {
  it('keeps a null json column NULL, on insert and on update', () => {
    const repo = createSessionRepository(db);
    repo.insert(session('s1'));
    const stored = () => raw<{ scope: string | null; documentation: string | null }>('SELECT scope, documentation FROM support_sessions WHERE id = ?', 's1');
    expect(stored()).toEqual({ scope: null, documentation: null });
    const scope = { device: 'laptop', interaction: 'control' as const, adminRights: false, prohibitedActions: ['x'] };
    expect(repo.transition('s1', ['open'], { status: 'claimed', technicianEmail: 'tom@example.com', claimedAt: T0 + 1 })).toBe(true);
    expect(repo.update('s1', ['claimed'], { scope, scopedAt: T0 + 2 })).toBe(true);
    expect(JSON.parse(stored().scope!)).toEqual(scope);
    expect(repo.get('s1')?.scope).toEqual(scope);
    expect(repo.transition('s1', ['claimed'], { status: 'claimed', scope: null, scopedAt: null })).toBe(true);
    expect(stored().scope).toBeNull();
    expect(repo.get('s1')).toMatchObject({ scope: null, scopedAt: null, technicianEmail: 'tom@example.com' });
  });

  it('counts each technician load with one statement for any number of technicians', () => {
    const repo = createSessionRepository(db);
    repo.insert(session('s1', { status: 'claimed', technicianEmail: 'tom@example.com' }));
    repo.insert(session('s2', { status: 'active', technicianEmail: 'tom@example.com' }));
    repo.insert(session('s3', { status: 'ended', technicianEmail: 'tom@example.com' }));
    repo.insert(session('s4', { status: 'awaiting_consent', technicianEmail: 'ann@example.com' }));
    repo.insert(session('s5', { status: 'active', technicianEmail: 'zed@example.com' }));
    expect(repo.loadOf([])).toEqual(new Map());
    expect(repo.loadOf(['tom@example.com'])).toEqual(new Map([['tom@example.com', 2]]));
    expect(repo.loadOf(['ann@example.com', 'tom@example.com', 'nobody@example.com'])).toEqual(
      new Map([
        ['ann@example.com', 1],
        ['tom@example.com', 2],
        ['nobody@example.com', 0],
      ]),
    );
  });

  it('lists sessions by status, person, offer and documentation due', () => {
    const repo = createSessionRepository(db);
    repo.insert(session('s1', { createdAt: T0 + 1 }));
    repo.insert(session('s2', { createdAt: T0 + 2, offeredToEmail: 'tom@example.com' }));
    repo.insert(session('s3', { createdAt: T0 + 3, status: 'active', technicianEmail: 'erin@example.com', endUserEmail: 'zoe@example.com' }));
    repo.insert(session('s4', { createdAt: T0 + 4, status: 'ended', endedAt: T0 + 10 }));
    repo.insert(session('s5', { createdAt: T0 + 5, status: 'ended', endedAt: T0 + 5, docRemindedAt: T0 + 50 }));
    expect(repo.listByStatus('open', 10).map((s) => s.id)).toEqual(['s1', 's2']);
    expect(repo.listByStatus('open', 1).map((s) => s.id)).toEqual(['s1']);
    expect(repo.listFor('erin@example.com').map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(repo.listUnofferedOpen(T0 + 5, 10).map((s) => s.id)).toEqual(['s1']);
    expect(repo.listUndocumentedDue(T0 + 20, 10).map((s) => s.id)).toEqual(['s4']);
    expect(repo.listUndocumentedDue(T0 + 50, 10).map((s) => s.id)).toEqual(['s5', 's4']);
  });

  it('transitions escalations and lists notes', () => {
    createSessionRepository(db).insert(session('s1'));
    const escalations = createEscalationRepository(db);
    const e = {
      id: 'e1',
      sessionId: 's1',
      kind: 'elevation' as const,
      description: 'admin',
      durationMs: 1000,
      status: 'pending' as const,
      requestedByEmail: 'tom@example.com',
      requestedAt: T0,
      decidedByEmail: null,
      decidedAt: null,
      reason: null,
      expiresAt: null,
    };
    escalations.insert(e);
    expect(escalations.transition('e1', 'approved', { status: 'expired' })).toBe(false);
    expect(escalations.transition('e1', 'pending', { status: 'approved', decidedAt: T0 + 1, expiresAt: T0 + 100 })).toBe(true);
    expect(escalations.listApprovedLapsed(T0 + 99, 10)).toEqual([]);
    expect(escalations.listApprovedLapsed(T0 + 100, 10).map((x) => x.id)).toEqual(['e1']);
    expect(escalations.listForSession('s1')).toEqual([{ ...e, status: 'approved', decidedAt: T0 + 1, expiresAt: T0 + 100 }]);

    const notes = createNoteRepository(db);
    notes.insert({ sessionId: 's1', authorEmail: 'tom@example.com', text: 'second', at: T0 + 2 });
    notes.insert({ sessionId: 's1', authorEmail: 'tom@example.com', text: 'first', at: T0 + 1 });
    expect(notes.list('s1').map((n) => n.text)).toEqual(['first', 'second']);
  });
});

describe('reviews', () => {
  it('completes once and flags once', () => {
    createRequestRepository(db).insert(request('r1', { breakGlass: true }));
    const reviews = createReviewRepository(db);
    const base = { id: 'v1', requestId: 'r1', status: 'open' as const, dueAt: T0 + 10, overdueFlaggedAt: null, reviewerEmail: null, outcome: null, notes: null, reviewedAt: null };
    reviews.insert(base);
    expect(reviews.listOverdueUnflagged(T0 + 9, 10)).toEqual([]);
    expect(reviews.listOverdueUnflagged(T0 + 10, 10).map((r) => r.id)).toEqual(['v1']);
    expect(reviews.markFlagged('v1', T0 + 11)).toBe(true);
    expect(reviews.markFlagged('v1', T0 + 12)).toBe(false);
    expect(reviews.listOverdueUnflagged(T0 + 20, 10)).toEqual([]);
    const done = { reviewerEmail: 'sec@example.com', outcome: 'appropriate' as const, notes: 'ok', reviewedAt: T0 + 13 };
    expect(reviews.complete('v1', done)).toBe(true);
    expect(reviews.complete('v1', done)).toBe(false);
    expect(reviews.get('v1')).toEqual({ ...base, ...done, status: 'done', overdueFlaggedAt: T0 + 11 });
  });
});

describe('outbox', () => {
  it('claims, fails (counting attempts) and completes only under the live claim', () => {
    const clock = createFakeClock(T0);
    const box = createOutbox(db, clock);
    box.enqueue({ effect: { type: 'notify' } as never, orderingKey: 'k1' });
    box.enqueue({ effect: { type: 'notify' } as never, orderingKey: 'k1' });
    expect(raw<{ attempts: number; status: string; next: number }>('SELECT attempts, status, next_attempt_at AS next FROM outbox WHERE id = 1')).toEqual({
      attempts: 0,
      status: 'pending',
      next: T0,
    });
    const [first, ...rest] = box.claimDue(T0, 10, 1000, 'tok');
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ id: 1, attempts: 0, claimToken: 'tok', orderingKey: 'k1', effect: { type: 'notify' } });
    expect(box.fail(1, 'other', 'nope', T0 + 5, false)).toBe(false);
    expect(box.fail(1, 'tok', 'x'.repeat(600), T0 + 5, false)).toBe(true);
    expect(box.fail(1, 'tok', 'again', T0 + 6, false)).toBe(true);
    expect(raw<{ attempts: number; err: string }>('SELECT attempts, last_error AS err FROM outbox WHERE id = 1')).toEqual({ attempts: 2, err: 'again' });
    expect(box.claimDue(T0 + 6, 10, 1000, 'tok2').map((r) => [r.id, r.attempts])).toEqual([[1, 2]]);
    expect(box.complete(1, 'tok', T0 + 7)).toBe(false);
    expect(box.complete(1, 'tok2', T0 + 7)).toBe(true);
    expect(raw<{ status: string; err: string | null; done: number }>('SELECT status, last_error AS err, done_at AS done FROM outbox WHERE id = 1')).toEqual({
      status: 'done',
      err: null,
      done: T0 + 7,
    });
    expect(box.claimDue(T0 + 7, 10, 1000, 'tok3').map((r) => r.id)).toEqual([2]);
    expect(box.fail(2, 'tok3', 'dead', T0 + 8, true)).toBe(true);
    expect(raw<{ status: string }>('SELECT status FROM outbox WHERE id = 2').status).toBe('dead');
  });
});

describe('audit log', () => {
  it('keeps one linear chain when two connections append in turn', () => {
    const other = openDatabase(join(dir, 'g.db'), { migrate: false });
    try {
      const clock = createFakeClock(T0);
      const logs = [createAuditLog(db, clock), createAuditLog(other, clock)];
      const conns = [db, other];
      for (let i = 0; i < 20; i++) {
        const k = i % 3 === 0 ? 1 : 0;
        const record = conns[k]!.$client
          .transaction(() => logs[k]!.append({ type: 'test.event', actor: { email: 'system', platform: 'system', platformUserId: null }, subject: `s${i}`, data: { i } }))
          .immediate();
        expect(record.seq).toBe(i + 1);
        clock.advance(1);
      }
      expect(verifyAuditLog(db)).toMatchObject({ ok: true, records: 20, headSeq: 20 });
    } finally {
      other.$client.close();
    }
  });
});

describe('chat stores', () => {
  it('upserts identities, records message refs once and de-duplicates deliveries', () => {
    const ids = createIdentityStore(db);
    ids.remember({ platform: 'slack', platformUserId: 'U1', email: 'a@example.com', displayName: 'A', updatedAt: T0 });
    ids.remember({ platform: 'slack', platformUserId: 'U1', email: 'a2@example.com', displayName: null, updatedAt: T0 + 1 });
    expect(ids.byUserId('slack', 'U1')).toEqual({ platform: 'slack', platformUserId: 'U1', email: 'a2@example.com', displayName: null, updatedAt: T0 + 1 });
    expect(ids.byEmail('slack', 'a2@example.com')?.platformUserId).toBe('U1');
    expect(ids.byEmail('teams', 'a2@example.com')).toBeNull();

    const refs = createMessageRefStore(db);
    const ref = { platform: 'slack' as const, effectId: 7, subject: 'r1', recipient: 'person:a@example.com', kind: 'card', conversationId: 'C', messageId: 'M1', createdAt: T0 };
    refs.record(ref);
    refs.record({ ...ref, messageId: 'M2' });
    refs.record({ ...ref, effectId: 8, recipient: 'channel:ops', messageId: 'M3' });
    expect(refs.forEffect('slack', 7, 'person:a@example.com')).toMatchObject(ref);
    expect(refs.forEffect('slack', 9, 'person:a@example.com')).toBeNull();
    expect(refs.find('slack', 'r1', 'card').map((r) => r.messageId)).toEqual(['M1', 'M3']);

    const dedup = createInboundDedup(db);
    expect(dedup.firstDelivery('d1', T0)).toBe(true);
    expect(dedup.firstDelivery('d1', T0 + 1)).toBe(false);
    expect(dedup.firstDelivery('d2', T0 + 5)).toBe(true);
    dedup.prune(T0 + 5);
    expect(dedup.firstDelivery('d1', T0 + 6)).toBe(true);
    expect(dedup.firstDelivery('d2', T0 + 6)).toBe(false);
  });
});
