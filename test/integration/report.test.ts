import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { buildReport, percentile } from '../../src/report/build-report.js';
import { formatReport } from '../../src/report/format-report.js';
import { actor, createHarness, type Harness } from '../support/engine-harness.js';

const MIN = 60_000;
const H = 60 * MIN;
let h: Harness;
let since: number;

function tryRefused(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}

/**
 * A known history: decision times 10, 20, 30, 40 and 50 minutes; one denial among them; one auto
 * approval, one break-glass, one cancelled, one expired; refusals; four support sessions with known
 * outcomes. The figures below are worked out by hand from it.
 */
beforeAll(async () => {
  h = createHarness();
  const e = h.engine;
  // Something before the window, which --since must leave out.
  e.createRequest({ actor: actor('carol@example.com'), resourceId: 'prod-db', justification: 'old request outside window' });
  h.clock.advance(24 * H);
  since = h.clock.now();

  const alice = actor('alice@example.com');
  for (const [i, minutes] of [10, 20, 30, 40, 50].entries()) {
    const { request } = e.createRequest({ actor: alice, resourceId: 'prod-db', justification: `investigating INC-${i} slow queries` });
    h.clock.advance(minutes * MIN);
    if (i === 2) e.denyRequest({ actor: actor('dave@example.com'), requestId: request.id, reason: 'use the replica' });
    else e.approveRequest({ actor: actor('dave@example.com'), requestId: request.id });
  }
  e.createRequest({ actor: alice, resourceId: 'staging', justification: 'load test for release 4.2' });
  e.requestBreakGlass({ actor: alice, resourceId: 'prod-db', justification: 'database down, SEV1 INC-77' });
  const cancelled = e.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'changed my mind later' });
  e.cancelRequest({ actor: alice, requestId: cancelled.request.id });
  e.createRequest({ actor: actor('bob@example.com'), resourceId: 'prod-db', justification: 'nobody will decide this' });
  tryRefused(() => e.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'short' }));
  const pending = e.createRequest({ actor: alice, resourceId: 'prod-db', justification: 'self approval attempt' });
  tryRefused(() => e.approveRequest({ actor: alice, requestId: pending.request.id }));

  const s = e.support;
  const tom = actor('tom@example.com');
  const scope = { device: 'LAPTOP', interaction: 'control' as const, adminRights: false, prohibitedActions: [] };
  // 1: documented, 30 minutes from request to end, with an elevation.
  const one = s.request({ actor: alice, description: 'vpn broken' });
  s.claim({ actor: tom, sessionId: one.id });
  s.setScope({ actor: tom, sessionId: one.id, scope });
  s.respondConsent({ actor: alice, sessionId: one.id, allow: true });
  s.requestElevation({ actor: tom, sessionId: one.id, description: 'admin repair', durationMs: 10 * MIN });
  h.clock.advance(30 * MIN);
  s.end({ actor: tom, sessionId: one.id });
  s.document({ actor: tom, sessionId: one.id, documentation: { actionsTaken: 'fixed', outcome: 'ok', followUps: '' } });
  // 2: ended idle after 15 + grace 3 minutes of silence, never documented.
  const two = s.request({ actor: actor('bob@example.com'), description: 'printer' });
  s.claim({ actor: tom, sessionId: two.id });
  s.setScope({ actor: tom, sessionId: two.id, scope });
  s.respondConsent({ actor: actor('bob@example.com'), sessionId: two.id, allow: true });
  h.clock.advance(15 * MIN);
  await e.sweep();
  h.clock.advance(3 * MIN);
  await e.sweep();
  // 3: declined. 4: consent expired.
  const three = s.request({ actor: actor('carol@example.com'), description: 'mail' });
  s.claim({ actor: tom, sessionId: three.id });
  s.setScope({ actor: tom, sessionId: three.id, scope });
  s.respondConsent({ actor: actor('carol@example.com'), sessionId: three.id, allow: false });
  const four = s.request({ actor: actor('carol@example.com'), description: 'screen' });
  s.claim({ actor: tom, sessionId: four.id });
  s.setScope({ actor: tom, sessionId: four.id, scope });
  tryRefused(() => s.respondConsent({ actor: tom, sessionId: four.id, allow: true }));
  h.clock.advance(5 * MIN);
  await e.sweep();
});
afterAll(() => h.close());

describe('gatehouse report', () => {
  it('counts the access workflow', () => {
    const r = buildReport(h.db, { since, now: h.clock.now() });
    expect(r.access).toMatchObject({
      requests: 10,
      approved: 6, // four by dave, one automatic, one break-glass
      denied: 1,
      cancelled: 1,
      autoApproved: 1,
      breakGlass: 1,
      refusedActions: 2,
    });
    // bob's request and the self-approval target are still pending, or expired by the later sweeps.
    expect(r.access.pending + r.access.expired).toBe(2);
    expect(r.access.timeToDecision).toEqual({ count: 5, medianMs: 30 * MIN, p90Ms: 50 * MIN });
  });

  it('counts the support workflow and its deviations', () => {
    const r = buildReport(h.db, { since, now: h.clock.now() });
    expect(r.support).toMatchObject({
      requests: 4,
      started: 2,
      ended: 2,
      escalationShare: 0.5,
      documentationCompleteness: 0.5,
      deviations: { consentDeclined: 1, consentExpired: 1, idleTerminations: 1, undocumentedClosures: 1, refusedActions: 1 },
    });
    // Session 1 took 30 minutes from request to end; session 2 took 18 (idle 15 + grace 3).
    expect(r.support.averageResolutionMs).toBe(24 * MIN);
  });

  it('leaves out what happened before --since, and formats for people', () => {
    const all = buildReport(h.db, { now: h.clock.now() });
    expect(all.access.requests).toBe(11);
    const text = formatReport(buildReport(h.db, { since, now: h.clock.now() }));
    expect(text).toContain('median 30m, p90 50m (5 decisions)');
    expect(text).toContain('documentation complete   50.0%');
  });

  it.each([
    [[], 50, null],
    [[5], 90, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  ])('percentile(%j, %i) = %j', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
