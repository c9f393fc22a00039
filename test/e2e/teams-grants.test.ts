/**
 * Living with access from Teams, through the real teams-ai app over HTTP against the fake Bot
 * Connector: End now on the holder's card, a manual provider's task card and its separation of
 * duties, and Request more time on the ending-soon card.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, REQUEST_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, type TeamsE2E } from '../support/teams-e2e-harness.js';
import {
  answerOf,
  auditRows,
  cardWith,
  chatOf,
  dbAll,
  dbGet,
  executesOf,
  H,
  inputOf,
  installAll,
  latestRequestOf,
  MIN,
  nowShown,
  press,
  shownIn,
  submitForm,
  readableOf,
  typeRequest,
  valueOf,
} from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
  await installAll(e, ['alice', 'bob', 'dave', 'erin', 'fred', 'mallory']);
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';

const grantRow = (grantId: string) => dbGet<{ status: string; end_reason: string | null }>(e, 'SELECT status, end_reason FROM grants WHERE id = ?', grantId);
const providerCalls = (event: 'grant' | 'revoke', grantId: string) => e.webhook.calls.filter((c) => c.event === event && c.grant?.id === grantId);

/** alice asks for `resource` in her chat and `approver` approves from their card. */
async function aliceGets(resource: string, duration: string, approver: 'dave' | 'erin' = 'dave'): Promise<string> {
  expect(await typeRequest(e, 'alice', `${resource} ${duration} ${JUSTIFICATION}`)).toContain(`(${resource})`);
  const requestId = latestRequestOf(e, 'alice');
  const card = cardWith(e, chatOf(e, approver), ACTION.approve, requestId);
  expect(answerOf(await press(e, approver, card, ACTION.approve, { value: requestId }))).toBe(`You approved alice@example.com's request for ${resource}.`);
  await e.settle();
  return requestId;
}

describe('End now', () => {
  it('only the holder can end the access; it is revoked, her card loses its buttons, and the closure says it ended early', async () => {
    const requestId = await aliceGets('prod-db', '2h');
    const activeCard = cardWith(e, chatOf(e, 'alice'), ACTION.endGrant);
    expect(readableOf(activeCard)).toContain('Access active');
    const grantId = valueOf(activeCard, ACTION.endGrant);
    expect(grantRow(grantId).status).toBe('active');
    expect(providerCalls('grant', grantId)).toHaveLength(1);

    // bob has the grant id (a screenshot, a forwarded card) and presses End now with it: refused and audited.
    const refused = await e.teams.execute(e.user('bob'), ACTION.endGrant, { value: grantId });
    expect(answerOf(refused)).toBe('Only the holder may end this access.');
    await e.settle();
    expect(grantRow(grantId).status).toBe('active');
    expect(providerCalls('revoke', grantId)).toHaveLength(0);
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: 'bob@example.com', subject: grantId, data: { action: 'access.end', code: 'NOT_THE_HOLDER' } }]);
    expect(nowShown(e, activeCard).updates).toBe(0);

    // alice confirms End now on her own card.
    const ended = await press(e, 'alice', activeCard, ACTION.endGrant, { value: grantId });
    expect(answerOf(ended)).toBe('Your access is ending now; you will get a summary when the provider confirms it is revoked.');
    await e.settle();
    expect(providerCalls('revoke', grantId)).toHaveLength(1);
    expect(grantRow(grantId)).toEqual({ status: 'revoked', end_reason: 'ended_by_holder' });
    expect(auditRows(e, 'access.ended')).toMatchObject([{ actor_email: 'alice@example.com', subject: grantId, data: { reason: 'ended_by_holder' } }]);

    // The card she pressed is replaced by a line without buttons; the closure is a new message beside it.
    const activeNow = nowShown(e, activeCard);
    expect(activeNow.updates).toBe(1);
    expect(readableOf(activeNow)).toContain('Access ended: Production database, read-only');
    expect(readableOf(activeNow)).toContain('The closure summary is in the message below');
    expect(executesOf(activeNow.card)).toEqual([]);
    expect(() => cardWith(e, chatOf(e, 'alice'), ACTION.endGrant)).toThrow(/no card with/);
    const closures = shownIn(e, chatOf(e, 'alice')).filter((s) => s.id !== activeCard.id && readableOf(s).includes('ended early by the holder'));
    expect(closures).toHaveLength(1);
    expect(readableOf(closures[0]!)).toContain(`Grant ${grantId} · request ${requestId}`);
    expect(executesOf(closures[0]!.card).some((x) => x.verb === ACTION.endGrant)).toBe(false);

    // A second press on the stale copy changes nothing.
    const again = await press(e, 'alice', activeCard, ACTION.endGrant, { value: grantId });
    expect(answerOf(again)).toBe('This access has already ended.');
    await e.settle();
    expect(providerCalls('revoke', grantId)).toHaveLength(1);
    expect(auditRows(e, 'access.ended')).toHaveLength(1);

    // Expiry later has nothing left to do.
    await e.sweepAfter(3 * H);
    expect(providerCalls('revoke', grantId)).toHaveLength(1);
  });
});

describe('manual fulfilment', () => {
  it('sends the task to fulfillers who did not decide; the requester and the approver are refused; a fulfiller marks it done', async () => {
    // vpn's provider is manual (fulfillers: fred and dave). dave approves, so only fred may fulfil it.
    const requestId = await aliceGets('vpn', '4h', 'dave');
    const grant = dbGet<{ id: string; status: string }>(e, 'SELECT id, status FROM grants WHERE request_id = ?', requestId);
    expect(grant.status).not.toBe('active');
    const [task] = dbAll<{ id: string; status: string; action: string }>(e, 'SELECT id, status, action FROM fulfilment_tasks WHERE grant_id = ?', grant.id);
    expect(task).toMatchObject({ status: 'open', action: 'grant' });
    expect(auditRows(e, 'access.fulfilment_requested')).toMatchObject([{ subject: grant.id, data: { taskId: task!.id, action: 'grant', fulfillers: ['fred@example.com'] } }]);

    const fredCard = cardWith(e, chatOf(e, 'fred'), ACTION.confirmFulfilment, task!.id);
    expect(readableOf(fredCard)).toContain('Manual step: grant Contractor VPN');
    expect(readableOf(fredCard)).toContain('give alice@example.com access to Contractor VPN (vpn)');
    // Neither the approver (a fulfiller too) nor the requester is handed the task.
    expect(() => cardWith(e, chatOf(e, 'dave'), ACTION.confirmFulfilment)).toThrow(/no card with/);
    expect(() => cardWith(e, chatOf(e, 'alice'), ACTION.confirmFulfilment)).toThrow(/no card with/);
    expect(() => cardWith(e, chatOf(e, 'alice'), ACTION.endGrant)).toThrow(/no card with/);

    // With the task id in hand, the requester and the approver press Mark done anyway.
    const byAlice = await e.teams.execute(e.user('alice'), ACTION.confirmFulfilment, { value: task!.id });
    expect(answerOf(byAlice)).toMatch(/requester may not fulfil their own access/);
    const byDave = await e.teams.execute(e.user('dave'), ACTION.confirmFulfilment, { value: task!.id });
    expect(answerOf(byDave)).toMatch(/approver may not also fulfil the access they approved/);
    await e.settle();
    expect(auditRows(e, 'refused')).toMatchObject([
      { actor_email: 'alice@example.com', subject: task!.id, data: { action: 'access.fulfil', code: 'FULFILLER_CONFLICT' } },
      { actor_email: 'dave@example.com', subject: task!.id, data: { action: 'access.fulfil', code: 'FULFILLER_CONFLICT' } },
    ]);
    expect(dbGet<{ status: string }>(e, 'SELECT status FROM fulfilment_tasks WHERE id = ?', task!.id).status).toBe('open');
    expect(dbGet<{ status: string }>(e, 'SELECT status FROM grants WHERE id = ?', grant.id).status).toBe(grant.status);
    expect(auditRows(e, 'access.fulfilled')).toEqual([]);
    expect(() => cardWith(e, chatOf(e, 'alice'), ACTION.endGrant)).toThrow(/no card with/);

    // fred does the work and confirms on his card: the access is live, and alice holds End now.
    const done = await press(e, 'fred', fredCard, ACTION.confirmFulfilment, { value: task!.id });
    expect(answerOf(done)).toBe('Marked done. Thank you.');
    await e.settle();
    expect(dbGet(e, 'SELECT status, done_by_email FROM fulfilment_tasks WHERE id = ?', task!.id)).toEqual({ status: 'done', done_by_email: 'fred@example.com' });
    expect(dbGet<{ status: string }>(e, 'SELECT status FROM grants WHERE id = ?', grant.id).status).toBe('active');
    expect(auditRows(e, 'access.fulfilled')).toMatchObject([{ actor_email: 'fred@example.com', subject: grant.id, data: { taskId: task!.id, action: 'grant' } }]);
    expect(valueOf(cardWith(e, chatOf(e, 'alice'), ACTION.endGrant), ACTION.endGrant)).toBe(grant.id);
    // A person did the work: nothing was sent to a provider endpoint.
    expect(providerCalls('grant', grant.id)).toEqual([]);

    // His card now shows the outcome and has no Mark done left to press.
    const fredNow = nowShown(e, fredCard);
    expect(executesOf(fredNow.card)).toEqual([]);
    expect(readableOf(fredNow)).toMatch(/Done by fred@example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(shownIn(e, chatOf(e, 'fred')).filter((s) => readableOf(s).includes('Done by'))).toHaveLength(1);

    // A second press is refused: the task is closed.
    expect(answerOf(await press(e, 'fred', fredCard, ACTION.confirmFulfilment, { value: task!.id }))).toMatch(/already done by fred@example.com/);
  });

  it('when one fulfiller marks the task done, every fulfiller\'s copy says who did it and loses Mark done', async () => {
    // erin approves, so fred and dave are both handed the task.
    const requestId = await aliceGets('vpn', '4h', 'erin');
    const grantId = dbGet<{ id: string }>(e, 'SELECT id FROM grants WHERE request_id = ?', requestId).id;
    const taskId = dbGet<{ id: string }>(e, 'SELECT id FROM fulfilment_tasks WHERE grant_id = ?', grantId).id;
    const fredCard = cardWith(e, chatOf(e, 'fred'), ACTION.confirmFulfilment, taskId);
    const daveCard = cardWith(e, chatOf(e, 'dave'), ACTION.confirmFulfilment, taskId);

    expect(answerOf(await press(e, 'dave', daveCard, ACTION.confirmFulfilment, { value: taskId }))).toBe('Marked done. Thank you.');
    await e.settle();
    for (const copy of [fredCard, daveCard]) {
      const now = nowShown(e, copy);
      expect(now.updates).toBe(1);
      expect(executesOf(now.card)).toEqual([]);
      expect(readableOf(now)).toContain('Done by dave@example.com at ');
      expect(readableOf(now)).toContain('Manual step done: grant Contractor VPN');
    }
    // fred's stale copy is edited in place, not joined by a new message.
    expect(shownIn(e, chatOf(e, 'fred')).filter((s) => readableOf(s).includes('Done by'))).toHaveLength(1);
    expect(answerOf(await press(e, 'fred', fredCard, ACTION.confirmFulfilment, { value: taskId }))).toMatch(/already done by dave@example.com/);
  });

  it('when the access ends before anyone marks the grant step done, the copies say it is no longer needed', async () => {
    const requestId = await aliceGets('vpn', '4h', 'erin');
    const grantId = dbGet<{ id: string }>(e, 'SELECT id FROM grants WHERE request_id = ?', requestId).id;
    const grantTask = dbGet<{ id: string }>(e, "SELECT id FROM fulfilment_tasks WHERE grant_id = ? AND action = 'grant'", grantId).id;
    const copies = [cardWith(e, chatOf(e, 'fred'), ACTION.confirmFulfilment, grantTask), cardWith(e, chatOf(e, 'dave'), ACTION.confirmFulfilment, grantTask)];

    // alice changes her mind before anyone gave her the access.
    await e.teams.execute(e.user('alice'), ACTION.endGrant, { value: grantId });
    await e.settle();
    expect(grantRow(grantId).status).not.toBe('active');
    expect(dbGet(e, 'SELECT status, done_by_email FROM fulfilment_tasks WHERE id = ?', grantTask)).toEqual({ status: 'done', done_by_email: null });
    for (const copy of copies) {
      const now = nowShown(e, copy);
      expect(executesOf(now.card)).toEqual([]);
      expect(readableOf(now)).toContain('No longer needed: the access ended');
    }
    expect(answerOf(await press(e, 'fred', copies[0]!, ACTION.confirmFulfilment, { value: grantTask }))).toMatch(/no longer needed: the access ended/);
    // The revoke step (the change may have been made already) is a new task with its own working card.
    const revokeTask = dbGet<{ id: string }>(e, "SELECT id FROM fulfilment_tasks WHERE grant_id = ? AND action = 'revoke'", grantId).id;
    expect(readableOf(cardWith(e, chatOf(e, 'fred'), ACTION.confirmFulfilment, revokeTask))).toContain('Manual step: revoke Contractor VPN');
  });
});

describe('Request more time', () => {
  it('on the ending-soon card sends the request form with the same resource chosen, which files a new request', async () => {
    await aliceGets('prod-db', '2h');
    await e.sweepAfter(2 * H - 10 * MIN);
    const endingSoon = cardWith(e, chatOf(e, 'alice'), ACTION.requestMore);
    expect(readableOf(endingSoon)).toContain('Ending soon');
    expect(valueOf(endingSoon, ACTION.requestMore)).toBe('prod-db');
    const formsBefore = shownIn(e, chatOf(e, 'alice')).filter((s) => executesOf(s.card).some((x) => x.verb === MODAL.request));
    expect(formsBefore).toEqual([]);

    const res = await press(e, 'alice', endingSoon, ACTION.requestMore, { value: 'prod-db' });
    expect(answerOf(res)).toBe('The request form is in your chat with Gatehouse.');
    const forms = shownIn(e, chatOf(e, 'alice')).filter((s) => executesOf(s.card).some((x) => x.verb === MODAL.request));
    expect(forms).toHaveLength(1);
    expect(inputOf(forms[0]!.card, REQUEST_FIELD.resource)).toMatchObject({ type: 'Input.ChoiceSet', value: 'prod-db' });

    // Submitting the form as shown asks for prod-db again.
    const requestsBefore = dbAll(e, 'SELECT id FROM requests').length;
    const filed = await submitForm(e, 'alice', forms[0]!, MODAL.request, { [REQUEST_FIELD.resource]: 'prod-db', [REQUEST_FIELD.duration]: '1h', [REQUEST_FIELD.justification]: JUSTIFICATION });
    // The form in the chat becomes its sent state; the new request's own card says the rest.
    expect((filed.body as { type?: string }).type).toBe('application/vnd.microsoft.card.adaptive');
    await e.settle();
    expect(dbAll(e, 'SELECT id FROM requests')).toHaveLength(requestsBefore + 1);
    expect(dbGet<{ resource_id: string; status: string }>(e, 'SELECT resource_id, status FROM requests WHERE id = ?', latestRequestOf(e, 'alice'))).toEqual({ resource_id: 'prod-db', status: 'pending' });
  });
});
