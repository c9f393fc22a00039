/**
 * Universal Actions carrying an id Gatehouse never issued, or a damaged form, are refused like any
 * other action: the clicker reads why, and the audit trail says who tried what.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, REVIEW_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, type TeamsE2E, type TeamsPerson } from '../support/teams-e2e-harness.js';
import { answerOf, auditRows } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
});
afterEach(async () => {
  await e.close();
});

const NOT_AN_ID = 'req_1; DROP TABLE requests';

describe('Action.Execute with data Gatehouse never issued', () => {
  const cases: Array<[string, TeamsPerson, string, Record<string, unknown>, string, RegExp]> = [
    ['Approve with a forged id', 'dave', ACTION.approve, { value: NOT_AN_ID }, 'access.approve', /does not belong to a Gatehouse request/],
    ['Approve with a number for an id', 'dave', ACTION.approve, { value: 42 }, 'access.approve', /does not belong to a Gatehouse request/],
    ['Claim with no id at all', 'tina', ACTION.claimSession, {}, 'support.claim', /does not belong to a Gatehouse support session/],
    ['a review with an outcome no card offers', 'sam', MODAL.review, { value: 'rev_abc', outcome: 'rubber-stamp', [REVIEW_FIELD.notes]: '' }, 'break_glass.review', /damaged/],
  ];

  it.each(cases)('%s is answered and audited', async (_what, person, verb, data, action, answer) => {
    const res = await e.teams.execute(e.user(person), verb, data);
    expect(res.status).toBe(200);
    expect(answerOf(res)).toMatch(answer);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code])).toEqual([[`${person}@example.com`, action, 'INVALID_INPUT']]);
  });

  it('a verb Gatehouse does not know is answered and audited with what was sent', async () => {
    const res = await e.teams.execute(e.user('dave'), 'gatehouse.approve_all', { value: 'req_abc' });
    expect(res.status).toBe(200);
    expect(answerOf(res)).toMatch(/not one Gatehouse knows/);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code, r.data.value])).toEqual([
      ['dave@example.com', 'card.unknown', 'INVALID_INPUT', JSON.stringify({ verb: 'gatehouse.approve_all', data: { value: 'req_abc' } })],
    ]);
  });

  it('data no Gatehouse card sends (a nested object) is answered and audited', async () => {
    const res = await e.teams.execute(e.user('dave'), ACTION.approve, { value: { id: 'req_abc' } });
    expect(res.status).toBe(200);
    expect(answerOf(res)).toMatch(/does not understand/);
    expect(auditRows(e, 'refused').map((r) => [r.actor_email, r.data.action, r.data.code])).toEqual([['dave@example.com', 'card.unreadable', 'INVALID_INPUT']]);
  });
});
