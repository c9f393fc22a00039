/**
 * Living with access from Slack: End now (only by the holder), `/access`, and the App Home tab.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, REQUEST_FIELD } from '../../views/action-ids.js';
import { buttonValue, buttonsIn, textOf } from '../support/slack-blocks.js';
import { startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';
import type { FakeSlackMessage } from '../fixtures/fake-slack-api.js';
import {
  activeDm,
  approvalCardIn,
  auditRows,
  click,
  dbGet,
  dmsTo,
  ephemeralsTo,
  quiesce,
  requestInline,
  shown,
  slash,
  trackListeners,
} from './e2e-steps.js';

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';

/** alice asks for prod-db and dave approves: returns the request and its active grant. */
async function aliceHasProdDb(): Promise<{ requestId: string; grantId: string }> {
  const requestId = await requestInline(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
  await click(e, 'dave', ACTION.approve, requestId, approvalCardIn(e, e.dm('dave'), requestId));
  await quiesce(e);
  return { requestId, grantId: activeDm(e, 'alice').grantId };
}

const grantRow = (grantId: string) => dbGet<{ status: string; end_reason: string | null }>(e, 'select status, end_reason from grants where id = ?', grantId);
const revokes = (grantId: string) => e.webhook.calls.filter((c) => c.event === 'revoke' && c.grant?.id === grantId);

describe('End now', () => {
  it('only the holder can end the access; it is revoked and the closure says it ended early', async () => {
    const { requestId, grantId } = await aliceHasProdDb();
    expect(grantRow(grantId).status).toBe('active');

    // bob has the id (say, from a screenshot) and clicks End now with it: refused and audited.
    await e.client.blockAction({ userId: userId('bob'), actionId: ACTION.endGrant, value: grantId, channelId: 'CGENERAL' });
    await quiesce(e);
    expect(ephemeralsTo(e, 'bob').map((x) => x.text)).toEqual(['Only the holder may end this access.']);
    expect(grantRow(grantId).status).toBe('active');
    expect(revokes(grantId)).toHaveLength(0);
    expect(auditRows(e, 'refused')).toMatchObject([{ actor_email: 'bob@example.com', subject: grantId, data: { action: 'access.end', code: 'NOT_THE_HOLDER' } }]);

    const { message } = activeDm(e, 'alice');
    const res = await click(e, 'alice', ACTION.endGrant, grantId, message);
    expect(res.status).toBe(200);
    await quiesce(e);
    expect(revokes(grantId)).toHaveLength(1);
    expect(grantRow(grantId)).toEqual({ status: 'revoked', end_reason: 'ended_by_holder' });
    expect(ephemeralsTo(e, 'alice')).toHaveLength(0);

    const endedCopies = (m: (typeof e.slack.messages)[number]) => shown(m).includes('The closure summary is in the message below');
    const closures = e.slack.messages.filter((m) => m.text.startsWith('Access ended') && !endedCopies(m));
    expect(closures.map((m) => m.channel).sort()).toEqual(['C0AUDIT', e.dm('alice')].sort());
    // The active card the holder clicked no longer offers End now.
    const activeCopy = e.slack.message(message.channel, message.ts)!;
    expect(endedCopies(activeCopy)).toBe(true);
    expect(buttonValue(activeCopy.blocks, ACTION.endGrant)).toBeNull();
    for (const closure of closures) {
      expect(shown(closure)).toContain('ended early by the holder');
      expect(shown(closure)).toContain(`Grant ${grantId} · request ${requestId}`);
    }
    expect(auditRows(e, 'access.ended')).toMatchObject([{ actor_email: 'alice@example.com', subject: grantId, data: { reason: 'ended_by_holder' } }]);

    // A second click (a double-click, or the button on another copy) changes nothing.
    await click(e, 'alice', ACTION.endGrant, grantId, message);
    await quiesce(e);
    expect(ephemeralsTo(e, 'alice').map((x) => x.text)).toEqual(['This access has already ended.']);
    expect(revokes(grantId)).toHaveLength(1);
    expect(e.slack.messages.filter((m) => m.text.startsWith('Access ended'))).toHaveLength(3);

    // And expiry later has nothing left to do.
    await e.sweepAfter(3 * 3_600_000);
    expect(revokes(grantId)).toHaveLength(1);
  });
});

describe('Mark done (a manual provider)', () => {
  /** alice asks for the VPN and erin approves, so both fulfillers (fred and dave) get the task. */
  async function vpnTaskCards(): Promise<{ grantId: string; taskId: string; cards: FakeSlackMessage[] }> {
    const requestId = await requestInline(e, 'alice', `vpn 4h ${JUSTIFICATION}`);
    await click(e, 'erin', ACTION.approve, requestId, approvalCardIn(e, e.dm('erin'), requestId));
    await quiesce(e);
    const grantId = dbGet<{ id: string }>(e, 'select id from grants where request_id = ?', requestId).id;
    const taskId = dbGet<{ id: string }>(e, "select id from fulfilment_tasks where grant_id = ? and action = 'grant'", grantId).id;
    const cards = (['fred', 'dave'] as const).map((person) => {
      const card = dmsTo(e, person).find((m) => buttonValue(m.blocks, ACTION.confirmFulfilment) === taskId);
      if (!card) throw new Error(`${person} has no Mark done card for ${taskId}`);
      return card;
    });
    return { grantId, taskId, cards };
  }
  const current = (m: FakeSlackMessage) => e.slack.message(m.channel, m.ts)!;

  it('every fulfiller\'s copy says who did it and loses Mark done; a late click is refused', async () => {
    const { taskId, cards } = await vpnTaskCards();
    await click(e, 'fred', ACTION.confirmFulfilment, taskId, cards[0]!);
    await quiesce(e);
    for (const card of cards) {
      const now = current(card);
      expect(buttonsIn(now.blocks)).toEqual([]);
      expect(shown(now)).toMatch(/Done by fred@example\.com at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      expect(shown(now)).toContain('Manual step done: grant Contractor VPN');
    }
    // Edited in place: dave has no second message about it.
    expect(dmsTo(e, 'dave').filter((m) => shown(m).includes('Done by'))).toHaveLength(1);

    await click(e, 'dave', ACTION.confirmFulfilment, taskId, cards[1]!);
    await quiesce(e);
    expect(ephemeralsTo(e, 'dave').map((x) => x.text).join('\n')).toMatch(/already done by fred@example.com/);
  });

  it('when the access ends before the step is done, every copy says it is no longer needed', async () => {
    const { grantId, taskId, cards } = await vpnTaskCards();
    await e.client.blockAction({ userId: userId('alice'), actionId: ACTION.endGrant, value: grantId, channelId: 'CGENERAL' });
    await quiesce(e);
    expect(grantRow(grantId).status).not.toBe('active');
    for (const card of cards) {
      const now = current(card);
      expect(buttonValue(now.blocks, ACTION.confirmFulfilment)).toBeNull();
      expect(buttonsIn(now.blocks)).toEqual([]);
      expect(shown(now)).toContain('No longer needed: the access ended');
    }
    await click(e, 'fred', ACTION.confirmFulfilment, taskId, cards[0]!);
    await quiesce(e);
    expect(ephemeralsTo(e, 'fred').map((x) => x.text).join('\n')).toMatch(/no longer needed: the access ended/);
    expect(auditRows(e, 'access.fulfilled')).toEqual([]);
  });
});

describe('buttons that open the request form', () => {
  type View = { callback_id?: string; blocks?: Array<{ block_id?: string; element?: { initial_option?: { value: string } } }> };
  const formsOpened = () => e.slack.callsOf('views.open').map((c) => c.params.view as View).filter((v) => v.callback_id === MODAL.request);

  it('Request more time (on the ending-soon DM) opens the form for the same resource', async () => {
    await aliceHasProdDb();
    await e.sweepAfter(2 * 3_600_000 - 10 * 60_000);
    const endingSoon = dmsTo(e, 'alice').find((m) => m.text.startsWith('Ending soon'));
    expect(endingSoon).toBeDefined();
    expect(buttonValue(endingSoon!.blocks, ACTION.requestMore)).toBe('prod-db');

    await click(e, 'alice', ACTION.requestMore, 'prod-db', endingSoon!);
    await quiesce(e);
    const [form] = formsOpened();
    expect(form).toBeDefined();
    expect(form!.blocks?.find((b) => b.block_id === REQUEST_FIELD.resource)?.element?.initial_option?.value).toBe('prod-db');
  });

  it('Request access (on the App Home) opens the form', async () => {
    await e.client.event({ type: 'app_home_opened', user: userId('alice'), channel: e.dm('alice'), tab: 'home' });
    await quiesce(e);
    const home = e.slack.homes.get(userId('alice'))!;
    expect(buttonValue(home.blocks, ACTION.openRequestForm)).not.toBeNull();

    await e.client.blockAction({ userId: userId('alice'), actionId: ACTION.openRequestForm, value: buttonValue(home.blocks, ACTION.openRequestForm)!, viewId: String(home.id) });
    await quiesce(e);
    expect(formsOpened()).toHaveLength(1);
    expect(e.slack.callsOf('views.open')[0]!.response.ok).toBe(true);
  });
});

describe('/access and the App Home', () => {
  type Blocks = unknown[];

  /** What /access answers, as blocks. */
  async function accessFor(person: 'alice' | 'bob' | 'dave'): Promise<{ text: string; blocks: Blocks }> {
    const res = await slash(e, person, '', '/access');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    return res.json as { text: string; blocks: Blocks };
  }

  async function aliceHasOneOfEach(): Promise<{ pendingId: string; grantId: string }> {
    const pendingId = await requestInline(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    // staging is auto-approved for sre up to 2h: a live grant without anyone deciding.
    const res = await slash(e, 'alice', 'staging 1h load testing the new release');
    expect(JSON.stringify(res.json)).toContain('approved automatically');
    await quiesce(e);
    return { pendingId, grantId: activeDm(e, 'alice').grantId };
  }

  it('shows alice her pending request (with Cancel) and her live grant (with End now)', async () => {
    const { pendingId, grantId } = await aliceHasOneOfEach();
    const { blocks } = await accessFor('alice');
    const text = textOf(blocks);
    expect(text).toContain('Your pending requests (1)');
    expect(text).toContain('Your live access (1)');
    expect(text).not.toContain('Waiting on you');
    expect(text).toContain('Showing access for alice@example.com');
    expect(buttonValue(blocks, ACTION.cancelRequest)).toBe(pendingId);
    expect(buttonValue(blocks, ACTION.endGrant)).toBe(grantId);
    expect(buttonValue(blocks, ACTION.approve)).toBeNull();
    // Nobody else saw it: an ack, not a post.
    expect(e.slack.calls.filter((c) => c.method === 'chat.postEphemeral')).toHaveLength(0);
  });

  it('shows dave the requests waiting on him, and bob (not an approver) none', async () => {
    const { pendingId } = await aliceHasOneOfEach();
    const dave = await accessFor('dave');
    expect(textOf(dave.blocks)).toContain('Waiting on you (1)');
    expect(textOf(dave.blocks)).toContain('alice@example.com');
    expect(buttonValue(dave.blocks, ACTION.approve)).toBe(pendingId);
    expect(buttonValue(dave.blocks, ACTION.deny)).toBe(pendingId);
    expect(buttonValue(dave.blocks, ACTION.endGrant)).toBeNull();

    const bob = await accessFor('bob');
    expect(textOf(bob.blocks)).not.toContain('Waiting on you');
    expect(buttonsIn(bob.blocks).map((b) => b.action_id)).toEqual([ACTION.openRequestForm]);

    // An approval from the list works like one from the card.
    await click(e, 'dave', ACTION.approve, pendingId, { channel: 'CGENERAL', ts: '1.000000' });
    await quiesce(e);
    expect(dbGet(e, 'select status from requests where id = ?', pendingId)).toEqual({ status: 'approved' });
    expect(textOf((await accessFor('dave')).blocks)).not.toContain('Waiting on you');
  });

  it('`/access help` explains the command', async () => {
    const res = await slash(e, 'alice', 'help', '/access');
    expect(res.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/access help') });
  });

  it('app_home_opened publishes the home of the person who opened it', async () => {
    const { grantId } = await aliceHasOneOfEach();
    const res = await e.client.event({ type: 'app_home_opened', user: userId('alice'), channel: e.dm('alice'), tab: 'home' });
    expect(res.status).toBe(200);
    const [publish] = await e.slack.waitFor('views.publish');
    expect(publish!.params.user_id).toBe(userId('alice'));
    expect(publish!.response.ok).toBe(true);
    const home = e.slack.homes.get(userId('alice'))!;
    expect(home.type).toBe('home');
    expect(textOf(home.blocks)).toContain('Your live access (1)');
    expect(buttonValue(home.blocks, ACTION.endGrant)).toBe(grantId);

    // End now from the home tab ends the grant and re-publishes the home.
    await e.client.blockAction({ userId: userId('alice'), actionId: ACTION.endGrant, value: grantId, viewId: String(home.id) });
    await quiesce(e);
    expect(e.webhook.calls.filter((c) => c.event === 'revoke' && c.grant?.id === grantId)).toHaveLength(1);
    const publishes = e.slack.callsOf('views.publish');
    expect(publishes).toHaveLength(2);
    expect(buttonValue(e.slack.homes.get(userId('alice'))!.blocks, ACTION.endGrant)).toBeNull();

    // The messages tab is not the home: nothing to publish.
    await e.client.event({ type: 'app_home_opened', user: userId('dave'), channel: e.dm('dave'), tab: 'messages' });
    await quiesce(e);
    expect(e.slack.callsOf('views.publish')).toHaveLength(2);
  });

  it('an outsider opening the home is told why there is nothing there', async () => {
    await e.client.event({ type: 'app_home_opened', user: userId('zed'), channel: e.dm('zed'), tab: 'home' });
    await e.slack.waitFor('views.publish');
    expect(textOf(e.slack.homes.get(userId('zed'))!.blocks)).toContain('zed@example.com) is not in the Gatehouse policy');
  });
});
