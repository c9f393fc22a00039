import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { verifyAuditLog } from '../../src/store/audit-repository.js';
import { actor, createHarness, type Harness } from '../support/engine-harness.js';

const MIN = 60_000;
const ed = actor('alice@example.com'); // the end user in these tests
const tina = actor('tina@example.com'); // technician and lead
const tom = actor('tom@example.com'); // technician
const lena = actor('lena@example.com'); // lead
const scope = { device: 'LAPTOP-ALICE', interaction: 'control' as const, adminRights: false, prohibitedActions: ['copy personal files'] };

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

function refused(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

const session = (id: string) => h.deps.store.read((tx) => tx.sessions.get(id))!;
const auditTypes = (subject: string) =>
  (h.db.$client.prepare('SELECT type FROM audit_log WHERE subject = ? ORDER BY seq').all(subject) as { type: string }[]).map((r) => r.type);

/** Filed, claimed by tom, scoped without admin rights: waiting for consent. */
function toConsent(): string {
  const s = h.engine.support.request({ actor: ed, description: 'VPN drops every few minutes', device: 'LAPTOP-ALICE', urgency: 'high' });
  h.engine.support.claim({ actor: tom, sessionId: s.id });
  h.engine.support.setScope({ actor: tom, sessionId: s.id, scope });
  return s.id;
}

describe('the support path', () => {
  it('goes from request to documented closure', async () => {
    const id = toConsent();
    expect(session(id).status).toBe('awaiting_consent');
    await h.engine.runEffects();
    expect(h.inbox('alice@example.com')).toEqual(['support.received', 'support.claimed', 'support.consent_needed']);
    expect(h.delivered.find((d) => d.notification.kind === 'support.requested')?.recipient).toEqual({ kind: 'channel', channel: 'support' });

    h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: true });
    await h.engine.runEffects();
    expect(session(id).status).toBe('active');
    expect(h.provider.calls.map((c) => [c.action, c.grant.subject_email, c.grant.resource])).toEqual([['grant', 'tom@example.com', 'support']]);

    h.clock.advance(5 * MIN);
    h.engine.support.addNote({ actor: tom, sessionId: id, text: 'reinstalled the VPN client' });
    h.clock.advance(5 * MIN);
    h.engine.support.end({ actor: tom, sessionId: id });
    await h.engine.runEffects();
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant', 'revoke']);
    expect(session(id)).toMatchObject({ status: 'ended', endReason: 'ended_by_technician', documentedAt: null });
    // No closure summary until the technician documents.
    expect(h.delivered.some((d) => d.notification.kind === 'support.closed')).toBe(false);

    h.engine.support.document({ actor: tom, sessionId: id, documentation: { actionsTaken: 'reinstalled VPN client', outcome: 'stable for 10 minutes', followUps: '' } });
    await h.engine.runEffects();
    const closures = h.delivered.filter((d) => d.notification.kind === 'support.closed');
    expect(closures.map((d) => (d.recipient.kind === 'person' ? d.recipient.email : d.recipient.channel)).sort()).toEqual(['alice@example.com', 'support', 'tom@example.com']);
    const closure = closures[0]!.notification.kind === 'support.closed' ? closures[0]!.notification.closure : null;
    expect(closure).toMatchObject({ technicianEmail: 'tom@example.com', notes: 1, documentation: { outcome: 'stable for 10 minutes' } });
    expect(closure!.durationMs).toBe(10 * MIN);
    expect(auditTypes(id)).toEqual([
      'support.requested',
      'support.claimed',
      'support.scoped',
      'support.consent_requested',
      'support.consented',
      'support.note',
      'support.ended',
      'support.documented',
      'support.closed',
    ]);
    expect(verifyAuditLog(h.db).ok).toBe(true);
    refused(() => h.engine.support.document({ actor: tom, sessionId: id, documentation: { actionsTaken: 'x', outcome: 'y', followUps: '' } }), 'ALREADY_DOCUMENTED');
  });

  it('never lets a technician take their own request', () => {
    const s = h.engine.support.request({ actor: tom, description: 'my own laptop is slow' });
    refused(() => h.engine.support.claim({ actor: tom, sessionId: s.id }), 'SELF_SUPPORT');
    refused(() => h.engine.support.claim({ actor: lena, sessionId: s.id }), 'NOT_A_TECHNICIAN');
    h.engine.support.claim({ actor: tina, sessionId: s.id });
    refused(() => h.engine.support.claim({ actor: actor('uma@example.com'), sessionId: s.id }), 'ALREADY_DECIDED');
  });

  it('only the end user can consent, and declining ends it', () => {
    const id = toConsent();
    refused(() => h.engine.support.respondConsent({ actor: tom, sessionId: id, allow: true }), 'NOT_THE_END_USER');
    refused(() => h.engine.support.respondConsent({ actor: lena, sessionId: id, allow: true }), 'NOT_THE_END_USER');
    h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: false });
    expect(session(id).status).toBe('declined');
    expect(h.provider.calls).toHaveLength(0);
    refused(() => h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: true }), 'WRONG_SESSION_STATE');
  });

  it('expires consent that is not given in time', async () => {
    const id = toConsent();
    h.clock.advance(5 * MIN);
    refused(() => h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: true }), 'CONSENT_EXPIRED');
    const swept = await h.engine.sweep();
    expect(swept.support.consentExpired).toBe(1);
    expect(session(id).status).toBe('consent_expired');
    expect(h.provider.calls).toHaveLength(0);
  });

  it('needs an independent escalation approver for admin rights', async () => {
    const s = h.engine.support.request({ actor: ed, description: 'install the signed printer driver' });
    h.engine.support.claim({ actor: tina, sessionId: s.id });
    h.engine.support.setScope({ actor: tina, sessionId: s.id, scope: { ...scope, adminRights: true } });
    expect(session(s.id).status).toBe('awaiting_approval');
    await h.engine.runEffects();
    // tina is a lead but is the technician: only lena is asked.
    expect(h.inbox('lena@example.com')).toEqual(['support.escalation_needed']);
    expect(h.inbox('tina@example.com')).not.toContain('support.escalation_needed');
    const escalationId = (h.db.$client.prepare('SELECT id FROM support_escalations').get() as { id: string }).id;
    refused(() => h.engine.support.decideEscalation({ actor: tina, escalationId, approve: true }), 'SELF_ESCALATION');
    refused(() => h.engine.support.decideEscalation({ actor: tom, escalationId, approve: true }), 'NOT_AN_ESCALATION_APPROVER');
    h.engine.support.decideEscalation({ actor: lena, escalationId, approve: true });
    expect(session(s.id).status).toBe('awaiting_consent');
    refused(() => h.engine.support.decideEscalation({ actor: lena, escalationId, approve: false, reason: 'x' }), 'ALREADY_DECIDED');
  });

  it('sends a denied admin scope back to the technician', () => {
    const s = h.engine.support.request({ actor: ed, description: 'install the signed printer driver' });
    h.engine.support.claim({ actor: tom, sessionId: s.id });
    h.engine.support.setScope({ actor: tom, sessionId: s.id, scope: { ...scope, adminRights: true } });
    const escalationId = (h.db.$client.prepare('SELECT id FROM support_escalations').get() as { id: string }).id;
    refused(() => h.engine.support.decideEscalation({ actor: lena, escalationId, approve: false, reason: '' }), 'INVALID_INPUT');
    h.engine.support.decideEscalation({ actor: lena, escalationId, approve: false, reason: 'use the self-service portal' });
    expect(session(s.id)).toMatchObject({ status: 'claimed', scope: null });
    h.engine.support.setScope({ actor: tom, sessionId: s.id, scope });
    expect(session(s.id).status).toBe('awaiting_consent');
  });

  it('time-boxes elevations approved during a session', async () => {
    const id = toConsent();
    h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: true });
    const esc = h.engine.support.requestElevation({ actor: tom, sessionId: id, description: 'run the disk repair tool as admin', durationMs: 15 * MIN });
    refused(() => h.engine.support.decideEscalation({ actor: tom, escalationId: esc.id, approve: true }), 'SELF_ESCALATION');
    const decided = h.engine.support.decideEscalation({ actor: tina, escalationId: esc.id, approve: true });
    expect(decided.expiresAt).toBe(h.clock.now() + 15 * MIN);
    h.clock.advance(15 * MIN);
    expect((await h.engine.sweep()).support.elevationsLapsed).toBe(1);
  });

  it('warns an idle technician, then ends the session by itself', async () => {
    const id = toConsent();
    h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: true });
    await h.engine.runEffects();
    h.clock.advance(14 * MIN);
    expect((await h.engine.sweep()).support.idleWarned).toBe(0);
    // A heartbeat from the remote tool counts as activity.
    expect(h.engine.support.heartbeat(id)).toEqual({ alive: true });
    h.clock.advance(14 * MIN);
    expect((await h.engine.sweep()).support.idleWarned).toBe(0);
    h.clock.advance(MIN);
    expect((await h.engine.sweep()).support.idleWarned).toBe(1);
    expect(h.inbox('tom@example.com')).toContain('support.idle_warning');
    h.clock.advance(3 * MIN);
    expect((await h.engine.sweep()).support.ended).toBe(1);
    expect(session(id)).toMatchObject({ status: 'ended', endReason: 'idle' });
    expect(h.provider.calls.map((c) => c.action)).toEqual(['grant', 'revoke']);
    expect(h.engine.support.heartbeat(id)).toEqual({ alive: false });
  });

  it('stops at max_duration even when busy, and the end user can stop at any time', async () => {
    const id = toConsent();
    h.engine.support.respondConsent({ actor: ed, sessionId: id, allow: true });
    for (let i = 0; i < 12; i++) {
      h.clock.advance(10 * MIN);
      h.engine.support.heartbeat(id);
      await h.engine.sweep();
    }
    expect(session(id)).toMatchObject({ status: 'ended', endReason: 'max_duration' });

    const other = toConsent();
    h.engine.support.respondConsent({ actor: ed, sessionId: other, allow: true });
    refused(() => h.engine.support.end({ actor: lena, sessionId: other }), 'NOT_THE_TECHNICIAN');
    h.engine.support.end({ actor: ed, sessionId: other });
    expect(session(other)).toMatchObject({ status: 'ended', endReason: 'stopped_by_user' });
  });

  it('offers unclaimed requests to the least-loaded technician, and reminds undocumented closures', async () => {
    const busy = h.engine.support.request({ actor: ed, description: 'first' });
    h.engine.support.claim({ actor: tina, sessionId: busy.id });
    const waiting = h.engine.support.request({ actor: actor('bob@example.com'), description: 'second' });
    h.clock.advance(10 * MIN);
    expect((await h.engine.sweep()).support.offered).toBe(1);
    expect(session(waiting.id).offeredToEmail).toBe('tom@example.com');
    expect((await h.engine.sweep()).support.offered).toBe(0);

    h.engine.support.setScope({ actor: tina, sessionId: busy.id, scope });
    h.engine.support.respondConsent({ actor: ed, sessionId: busy.id, allow: true });
    h.engine.support.end({ actor: tina, sessionId: busy.id });
    h.clock.advance(4 * 60 * MIN);
    expect((await h.engine.sweep()).support.reminded).toBe(1);
    expect((await h.engine.sweep()).support.reminded).toBe(0);
    expect(session(busy.id).docReminders).toBe(1);
  });

  it('lets a lead reassign before the session starts, never to the end user', () => {
    const id = toConsent();
    refused(() => h.engine.support.reassign({ actor: tom, sessionId: id, technicianEmail: 'uma@example.com' }), 'NOT_A_LEAD');
    refused(() => h.engine.support.reassign({ actor: lena, sessionId: id, technicianEmail: 'alice@example.com' }), 'SELF_SUPPORT');
    h.engine.support.reassign({ actor: lena, sessionId: id, technicianEmail: 'uma@example.com' });
    expect(session(id)).toMatchObject({ status: 'claimed', technicianEmail: 'uma@example.com', scope: null });
    refused(() => h.engine.support.setScope({ actor: tom, sessionId: id, scope }), 'NOT_THE_TECHNICIAN');
  });
});
