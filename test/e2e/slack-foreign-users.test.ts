/**
 * People from another Slack organisation. In a Slack Connect channel (an approvals channel shared
 * with a vendor, say) people of the other organisation can press the buttons on Gatehouse's cards,
 * and their profile email is whatever their own organisation says it is. An email is only proof
 * of who someone is inside the workspace Gatehouse is installed in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { startSlackE2E, type SlackE2E } from '../support/slack-e2e-harness.js';
import { activeDm, approvalCardIn, click, dbAll, dmsTo, quiesce, requestInline, requestRow, rowCount, trackListeners } from './e2e-steps.js';

const OTHER_ORG = 'T0OTHERORG';
const GUEST = 'UGUEST0001';

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

/** Someone of another organisation whose profile claims an email of a person in the policy. */
function guestClaiming(email: string): void {
  e.slack.addUser({ id: GUEST, email, name: 'guest', teamId: OTHER_ORG });
}

const guestClicks = (actionId: string, value: string, on: { channel: string; ts: string }) =>
  e.client.blockAction({ userId: GUEST, actionId, value, channelId: on.channel, messageTs: on.ts });

describe('a user of another organisation', () => {
  it('cannot approve as the approver whose email their profile claims', async () => {
    const requestId = await requestInline(e, 'alice', 'prod-db 1h investigating INC-4211 slow queries');
    guestClaiming('dave@example.com');
    const shared = approvalCardIn(e, 'C0APPROVALS', requestId);

    const res = await guestClicks(ACTION.approve, requestId, shared);
    expect(res.status).toBe(200);
    await quiesce(e);

    expect(requestRow(e, requestId).status).toBe('pending');
    expect(rowCount(e, 'approvals')).toBe(0);
    const told = e.slack.ephemeralsFor(GUEST).map((m) => m.text);
    expect(told.join('\n')).toMatch(/not a member of the Slack workspace/);
    // Nothing about them is remembered: their id must never stand for the email they claim.
    expect(dbAll(e, 'select platform_user_id from identities where platform_user_id = ?', GUEST)).toEqual([]);
  });

  it('does not receive the notifications of the person whose email they claim', async () => {
    const first = await requestInline(e, 'alice', 'prod-db 1h investigating INC-4211 slow queries');
    guestClaiming('bob@example.com');
    // The guest is looked up before Bob ever is.
    await guestClicks(ACTION.approve, first, approvalCardIn(e, 'C0APPROVALS', first));
    await quiesce(e);

    const requestId = await requestInline(e, 'bob', 'prod-db 1h rotating the replica certificates');
    await click(e, 'dave', ACTION.approve, requestId, approvalCardIn(e, e.dm('dave'), requestId));
    await quiesce(e);

    expect(activeDm(e, 'bob').message.channel).toBe(e.dm('bob'));
    expect(e.slack.messages.filter((m) => m.channel === e.slack.dmChannelOf(GUEST))).toEqual([]);
    expect(dmsTo(e, 'bob').length).toBeGreaterThan(0);
  });
});
