/**
 * Access requests through the real teams-ai app over HTTP against the fake Bot Connector: request to
 * approval to expiry with the closure summary, deny, self-approval refused, two approvers at once,
 * and a person who cannot be reached in Teams.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, DENY_FIELD, MODAL, REVIEW_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, TEAMS_APPROVALS_CHANNEL, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, chatOf, dbAll, dbGet, executesOf, H, installAll, latestRequestOf, press, shownIn, textOf, typeRequest } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
  await installAll(e, ['alice', 'bob', 'dave', 'erin', 'mallory']);
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';
const grantCalls = (requestId: string) => e.webhook.calls.filter((c) => c.event === 'grant' && c.grant?.request_id === requestId);
const hasDecisionButtons = (card: unknown) => executesOf(card).some((x) => x.verb === ACTION.approve || x.verb === MODAL.deny);

async function requestProdDb(person: 'alice' | 'bob' = 'alice', resource = 'prod-db'): Promise<string> {
  const arrived = await typeRequest(e, person, `${resource} 2h ${JUSTIFICATION}`);
  expect(arrived).toContain('Request sent: ');
  expect(arrived).toContain(`(${resource})`);
  return latestRequestOf(e, person);
}

describe('request, approval, expiry', () => {
  it('asks every approver with a card, grants on approval, refreshes every copy, and closes with a summary', async () => {
    const requestId = await requestProdDb();
    const daveCard = cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId);
    const erinCard = cardWith(e, chatOf(e, 'erin'), ACTION.approve, requestId);
    const channelCard = cardWith(e, TEAMS_APPROVALS_CHANNEL, ACTION.approve, requestId);
    expect(textOf(daveCard)).toContain(JUSTIFICATION);
    // The requester never gets an approval card for their own request.
    expect(shownIn(e, chatOf(e, 'alice')).some((s) => hasDecisionButtons(s.card))).toBe(false);

    const res = await press(e, 'dave', daveCard, ACTION.approve, { value: requestId });
    expect(answerOf(res)).toBe(`You approved alice@example.com's request for prod-db.`);
    await e.settle();

    expect(dbGet<{ status: string; decided_by_email: string }>(e, 'SELECT status, decided_by_email FROM requests WHERE id = ?', requestId)).toEqual({ status: 'approved', decided_by_email: 'dave@example.com' });
    expect(grantCalls(requestId)).toHaveLength(1);
    for (const copy of [daveCard, erinCard, channelCard]) {
      const now = shownIn(e, copy.conversationId).find((s) => s.id === copy.id)!;
      expect(now.updates).toBeGreaterThan(0);
      expect(hasDecisionButtons(now.card)).toBe(false);
      expect(textOf(now)).toContain('dave@example.com');
    }
    const aliceSees = shownIn(e, chatOf(e, 'alice')).map(textOf).join('\n');
    expect(aliceSees).toMatch(/approved/i);

    const endNow = cardWith(e, chatOf(e, 'alice'), ACTION.endGrant);
    expect(endNow).toBeDefined();
    await e.sweepAfter(2 * H + 60_000);
    expect(e.webhook.calls.filter((c) => c.event === 'revoke' && c.grant?.request_id === requestId)).toHaveLength(1);
    const closure = shownIn(e, chatOf(e, 'alice')).at(-1)!;
    expect(textOf(closure)).toMatch(/closed|ended|expired/i);
    expect(textOf(closure)).toContain('prod-db');
    expect(dbGet<{ status: string }>(e, "SELECT status FROM grants WHERE request_id = ?", requestId).status).toBe('revoked');
    // The card that offered End now was replaced once the access ended: no button on gone access.
    const activeCopy = shownIn(e, endNow!.conversationId).find((s) => s.id === endNow!.id)!;
    expect(activeCopy.updates).toBeGreaterThan(0);
    expect(textOf(activeCopy)).toContain('The closure summary is in the message below');
    expect(() => cardWith(e, chatOf(e, 'alice'), ACTION.endGrant)).toThrow(/no card with/);
  });
});

describe('deny', () => {
  it('takes the reason from the inline form, tells the requester and turns every card into the outcome', async () => {
    const requestId = await requestProdDb();
    const erinCard = cardWith(e, chatOf(e, 'erin'), MODAL.deny, requestId);
    const daveCard = cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId);

    const empty = await press(e, 'erin', erinCard, MODAL.deny, { value: requestId, [DENY_FIELD.reason]: '   ' });
    expect(answerOf(empty)).toMatch(/Give a reason/);
    expect(dbGet<{ status: string }>(e, 'SELECT status FROM requests WHERE id = ?', requestId).status).toBe('pending');

    const res = await press(e, 'erin', erinCard, MODAL.deny, { value: requestId, [DENY_FIELD.reason]: 'not during the **freeze**' });
    expect(answerOf(res)).toBe(`You denied alice@example.com's request for prod-db.`);
    await e.settle();
    expect(dbGet<{ status: string; decision_reason: string }>(e, 'SELECT status, decision_reason FROM requests WHERE id = ?', requestId)).toEqual({ status: 'denied', decision_reason: 'not during the **freeze**' });
    for (const copy of [erinCard, daveCard]) {
      const now = shownIn(e, copy.conversationId).find((s) => s.id === copy.id)!;
      expect(now.updates).toBeGreaterThan(0);
      expect(hasDecisionButtons(now.card)).toBe(false);
      expect(textOf(now)).toContain('erin@example.com');
    }
    const aliceSees = shownIn(e, chatOf(e, 'alice')).map(textOf).join('\n');
    expect(aliceSees).toMatch(/denied/i);
    // The reason is shown as typed, its markdown escaped.
    expect(aliceSees).toContain('\\\\*\\\\*freeze\\\\*\\\\*');
    expect(grantCalls(requestId)).toHaveLength(0);
  });
});

describe('separation of duties', () => {
  it('refuses self-approval with the same words as Slack, audits it, and changes nothing', async () => {
    const requestId = await requestProdDb('bob', 'prod-db-write');
    // bob is an SRE, and SREs approve prod-db-write: the card never reaches him, but a forged press is refused too.
    const res = await e.teams.execute(e.user('bob'), ACTION.approve, { value: requestId }, {});
    expect(answerOf(res)).toMatch(/own request.*Another approver has to decide\.$/);
    await e.settle();
    expect(dbGet<{ status: string }>(e, 'SELECT status FROM requests WHERE id = ?', requestId).status).toBe('pending');
    expect(dbAll(e, "SELECT * FROM approvals WHERE request_id = ?", requestId)).toHaveLength(0);
    const refusals = dbAll<{ actor_email: string; data: string }>(e, "SELECT actor_email, data FROM audit_log WHERE type = 'refused' AND subject = ?", requestId);
    expect(refusals.map((r) => [r.actor_email, JSON.parse(r.data).code])).toEqual([['bob@example.com', 'SELF_APPROVAL']]);
  });

  it('lets two approvers press at once: one grant, and both cards refreshed to the outcome', async () => {
    const requestId = await requestProdDb();
    const daveCard = cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId);
    const erinCard = cardWith(e, chatOf(e, 'erin'), ACTION.approve, requestId);
    const answers = (await Promise.all([press(e, 'dave', daveCard, ACTION.approve, { value: requestId }), press(e, 'erin', erinCard, ACTION.approve, { value: requestId })])).map(answerOf);
    await e.settle();
    expect(answers.filter((a) => a.startsWith('You approved'))).toHaveLength(1);
    expect(answers.filter((a) => /already approved/i.test(a))).toHaveLength(1);
    expect(grantCalls(requestId)).toHaveLength(1);
    expect(dbAll(e, 'SELECT * FROM grants WHERE request_id = ?', requestId)).toHaveLength(1);
    for (const copy of [daveCard, erinCard]) {
      const now = shownIn(e, copy.conversationId).find((s) => s.id === copy.id)!;
      expect(now.updates).toBeGreaterThan(0);
      expect(hasDecisionButtons(now.card)).toBe(false);
    }
  });
});

describe('people Teams cannot reach', () => {
  it('tells the requester who could not be reached, audits it, and does not retry forever', async () => {
    await e.close();
    e = await startTeamsE2E();
    // Only alice and erin have the app; dave and mallory (approvers too) have never opened a chat with it.
    await installAll(e, ['alice', 'erin']);
    const requestId = await requestProdDb();
    const aliceSees = shownIn(e, chatOf(e, 'alice')).map(textOf).join('\n');
    expect(aliceSees).toContain('dave@example.com could not be reached in Teams; ask them to open a chat with Gatehouse');
    expect(aliceSees).toContain('mallory@example.com could not be reached in Teams');
    expect(cardWith(e, chatOf(e, 'erin'), ACTION.approve, requestId)).toBeDefined();
    const audited = dbAll<{ data: string }>(e, "SELECT data FROM audit_log WHERE type = 'notification.unreachable' AND subject = ?", requestId).map((r) => JSON.parse(r.data));
    expect(audited.map((d) => d.recipient).sort()).toEqual(['dave@example.com', 'mallory@example.com']);
    expect(audited.every((d) => d.toldEmail === 'alice@example.com')).toBe(true);
    // Nothing is left to retry.
    expect(dbGet<{ n: number }>(e, "SELECT count(*) AS n FROM outbox WHERE status NOT IN ('done')").n).toBe(0);
  });
});

describe('delivery', () => {
  it('retries a failed send from the outbox and posts the card exactly once', async () => {
    e.connector.failSends(chatOf(e, 'dave'), 502, 1);
    const requestId = await requestProdDb();
    expect(() => cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId)).toThrow();
    expect(cardWith(e, chatOf(e, 'erin'), ACTION.approve, requestId)).toBeDefined();
    await e.sweepAfter(5 * 60_000);
    const cards = shownIn(e, chatOf(e, 'dave')).filter((s) => executesOf(s.card).some((x) => x.verb === ACTION.approve && x.data.value === requestId));
    expect(cards).toHaveLength(1);
    // Running the outbox again sends nothing more.
    const before = e.connector.activities.length;
    await e.sweepAfter(60 * 60_000);
    expect(e.connector.activities.length).toBe(before);
  });

  it('shows user text as typed: no link, mention or formatting can be smuggled into a card', async () => {
    const hostile = '[your bank](https://evil.example) **urgent** <at>everyone</at> # now';
    expect(await typeRequest(e, 'alice', `prod-db 1h ${hostile}`)).toContain('Request sent');
    const card = JSON.stringify(cardWith(e, chatOf(e, 'dave'), ACTION.approve, latestRequestOf(e, 'alice')).card);
    expect(card).not.toContain('[your bank](https://evil.example)');
    expect(card).not.toContain('**urgent**');
    expect(card).not.toContain('<at>');
    expect(card).toContain('\\\\[your bank\\\\]\\\\(https://evil.example\\\\)');
  });
});

describe('break-glass', () => {
  it('grants at once and is reviewed from the reviewer\'s card with notes', async () => {
    await installAll(e, ['sam']);
    expect(await typeRequest(e, 'alice', 'emergency prod-db 30m primary is down, failing over now')).toContain('Emergency access granted: ');
    const requestId = latestRequestOf(e, 'alice');
    expect(grantCalls(requestId)).toHaveLength(1);
    const reviewCard = cardWith(e, chatOf(e, 'sam'), MODAL.review);
    const submit = executesOf(reviewCard.card).find((x) => x.verb === MODAL.review && x.data.outcome === 'appropriate')!;
    const res = await press(e, 'sam', reviewCard, MODAL.review, { ...submit.data, [REVIEW_FIELD.notes]: 'failover was needed' });
    expect(answerOf(res)).toBe('Review recorded: appropriate.');
    expect(dbGet<{ outcome: string; reviewer_email: string }>(e, 'SELECT outcome, reviewer_email FROM break_glass_reviews WHERE request_id = ?', requestId)).toEqual({ outcome: 'appropriate', reviewer_email: 'sam@example.com' });
  });
});
