import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { buttonValue } from '../support/slack-blocks.js';
import { startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';
import { dmsTo, MIN, quiesce, shown, trackListeners } from './e2e-steps.js';

const H = 3_600_000;
let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

describe('access from Slack', () => {
  it('requests inline, is approved from the DM card, expires, and sends the closure summary', async () => {
    const justification = 'investigating INC-4211 slow queries';
    const res = await e.client.slashCommand({ command: '/request-access', text: `prod-db 2h ${justification}`, userId: userId('alice'), channelId: 'CGENERAL' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain('Request sent');
    await quiesce(e);
    const card = e.slack.messages.find((m) => m.channel === e.dm('dave') && blocksText(m.blocks).includes(ACTION.approve));
    expect(card).toBeDefined();
    const requestId = buttonValue(card!.blocks, ACTION.approve)!;
    expect(requestId).toMatch(/^req_/);

    const click = await e.client.blockAction({ userId: userId('dave'), actionId: ACTION.approve, value: requestId, channelId: card!.channel, messageTs: card!.ts });
    expect(click.status).toBe(200);
    await quiesce(e);
    expect(e.webhook.calls.filter((c) => c.event === 'grant')).toHaveLength(1);
    // Every copy of the approval card shows the outcome.
    const updated = e.slack.message(card!.channel, card!.ts)!;
    expect(blocksText(updated.blocks)).not.toContain(ACTION.approve);
    expect(blocksText(updated.blocks)).toContain('dave@example.com');

    // Not warned yet 11 minutes before the end; warned at 10 minutes, once.
    await e.sweepAfter(2 * H - 11 * MIN);
    expect(dmsTo(e, 'alice').filter((m) => m.text.startsWith('Ending soon'))).toHaveLength(0);
    await e.sweepAfter(MIN);
    await e.sweepAfter(MIN);
    expect(dmsTo(e, 'alice').filter((m) => m.text.startsWith('Ending soon'))).toHaveLength(1);
    expect(e.webhook.calls.filter((c) => c.event === 'revoke')).toHaveLength(0);

    // Before the end: the active card and the warning carry End now (and Request more time).
    const beforeEnd = dmsTo(e, 'alice');
    // The Request sent card lost Cancel once the request was approved.
    expect(beforeEnd.map((m) => m.text.split(':')[0])).toEqual(['Request approved', 'Approved', 'Access active', 'Ending soon']);
    expect(shown(beforeEnd[1]!)).toContain('Approved by dave@example.com');
    const grantId = buttonValue(beforeEnd[2]!.blocks, ACTION.endGrant);
    expect(grantId).toMatch(/^grt_/);
    expect(buttonValue(beforeEnd[3]!.blocks, ACTION.endGrant)).toBe(grantId);
    expect(buttonValue(beforeEnd[3]!.blocks, ACTION.requestMore)).toBe('prod-db');

    await e.sweepAfter(10 * MIN);
    await quiesce(e);
    expect(e.webhook.calls.filter((c) => c.event === 'revoke')).toHaveLength(1);
    const closure = e.slack.messages.filter((m) => m.channel === 'C0AUDIT' && /ended|closed|summary/i.test(m.text));
    expect(closure.length).toBeGreaterThanOrEqual(1);

    // The requester heard about every step, in order, once each; the ended access's cards lost their buttons.
    const dms = dmsTo(e, 'alice');
    expect(dms.map((m) => m.text.split(':')[0])).toEqual(['Request approved', 'Approved', 'Access ended', 'Access ended', 'Access ended']);
    for (const copy of [dms[2]!, dms[3]!]) {
      expect(buttonValue(copy.blocks, ACTION.endGrant)).toBeNull();
      expect(buttonValue(copy.blocks, ACTION.requestMore)).toBeNull();
      expect(shown(copy)).toContain('The closure summary is in the message below');
    }
    expect(shown(dms[4]!)).toContain('expired');
    expect(shown(dms[4]!)).toContain('Time used');

    // The closure summary in the audit channel: who, what, who approved, why, how it ended.
    expect(closure).toHaveLength(1);
    const summary = shown(closure[0]!);
    expect(summary).toContain('alice@example.com');
    expect(summary).toContain('prod-db');
    expect(summary).toContain('Approved by dave@example.com');
    expect(summary).toContain(justification);
    expect(summary).toContain('expired');
    expect(summary).toContain(`Grant ${grantId} · request ${requestId}`);
    expect(buttonValue(closure[0]!.blocks, ACTION.endGrant)).toBeNull();
  });
});
