/**
 * One engine, one policy, two platforms: people are their emails, so a request made in Slack is
 * approved in Teams (and the other way round), and every copy on both platforms shows the outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { buttonsIn } from '../support/slack-blocks.js';
import { userId } from '../support/slack-e2e-harness.js';
import { startTeamsE2E, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, chatOf, dbGet, executesOf, installAll, latestRequestOf, press, shownIn, typeRequest } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  // dave uses Teams only; everyone else is in Slack, and bob also has the Teams app.
  e = await startTeamsE2E({ slack: true, slackPeople: ['alice', 'bob', 'carol', 'erin', 'fred', 'sam', 'sue', 'mallory', 'zed'] });
  await installAll(e, ['dave', 'bob']);
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';
const slackDm = (name: 'alice' | 'erin') => e.slack!.dmChannelOf(userId(name));
const slackMessages = (channel: string) => e.slack!.messages.filter((m) => m.channel === channel);
const slackApprovalCard = (channel: string, requestId: string) => slackMessages(channel).find((m) => buttonsIn(m.blocks).some((b) => b.action_id === ACTION.approve && b.value === requestId));

describe('mixed platforms', () => {
  it('a request made in Slack is approved in Teams, and the Slack copies show who decided', async () => {
    const res = await e.slackClient!.slashCommand({ command: '/request-access', text: `prod-db 2h ${JUSTIFICATION}`, userId: userId('alice') });
    expect(JSON.stringify(res.json)).toContain('Request sent');
    await e.settle();
    const requestId = latestRequestOf(e, 'alice');
    const erinSlackCard = slackApprovalCard(slackDm('erin'), requestId);
    expect(erinSlackCard).toBeDefined();
    const daveCard = cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId);
    // dave is not in Slack: the Teams card is the way he is reached, so nobody is told he is unreachable.
    expect(slackMessages(slackDm('alice')).some((m) => m.text.includes('could not be reached'))).toBe(false);

    expect(answerOf(await press(e, 'dave', daveCard, ACTION.approve, { value: requestId }))).toBe(`You approved alice@example.com's request for prod-db.`);
    await e.settle();

    const approval = dbGet<{ platform: string; platform_user_id: string }>(e, 'SELECT platform, platform_user_id FROM approvals WHERE request_id = ?', requestId);
    expect(approval).toEqual({ platform: 'teams', platform_user_id: '29:dave' });
    const erinNow = slackMessages(slackDm('erin')).find((m) => m.ts === erinSlackCard!.ts)!;
    expect(erinNow.edits).toBeGreaterThan(0);
    expect(buttonsIn(erinNow.blocks).some((b) => b.action_id === ACTION.approve)).toBe(false);
    expect(JSON.stringify(erinNow.blocks)).toContain('dave@example.com');
    expect(slackMessages(slackDm('alice')).map((m) => m.text).join('\n')).toMatch(/approved/i);
    const daveNow = shownIn(e, chatOf(e, 'dave')).find((s) => s.id === daveCard.id)!;
    expect(executesOf(daveNow.card).some((x) => x.verb === ACTION.approve)).toBe(false);
    expect(e.webhook.calls.filter((c) => c.event === 'grant' && c.grant?.request_id === requestId)).toHaveLength(1);
  });

  it('a request made in Teams is approved in Slack, and the Teams copy shows who decided', async () => {
    expect(await typeRequest(e, 'bob', `prod-db 2h ${JUSTIFICATION}`)).toContain('Request sent');
    const requestId = latestRequestOf(e, 'bob');
    const daveCard = cardWith(e, chatOf(e, 'dave'), ACTION.approve, requestId);
    const erinSlackCard = slackApprovalCard(slackDm('erin'), requestId)!;
    const res = await e.slackClient!.blockAction({ userId: userId('erin'), actionId: ACTION.approve, value: requestId, channelId: erinSlackCard.channel, messageTs: erinSlackCard.ts });
    expect(res.status).toBe(200);
    await e.settle();
    expect(dbGet<{ status: string; decided_by_email: string }>(e, 'SELECT status, decided_by_email FROM requests WHERE id = ?', requestId)).toEqual({ status: 'approved', decided_by_email: 'erin@example.com' });
    const daveNow = shownIn(e, chatOf(e, 'dave')).find((s) => s.id === daveCard.id)!;
    expect(daveNow.updates).toBeGreaterThan(0);
    expect(JSON.stringify(daveNow.card)).toContain('erin@example.com');
    // bob is on both platforms: he hears the outcome in each.
    expect(shownIn(e, chatOf(e, 'bob')).map((s) => JSON.stringify(s.activity)).join('\n')).toMatch(/approved/i);
    expect(slackMessages(e.slack!.dmChannelOf(userId('bob'))).map((m) => m.text).join('\n')).toMatch(/approved/i);
  });
});
