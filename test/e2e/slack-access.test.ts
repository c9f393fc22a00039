import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { buttonValue } from '../support/slack-blocks.js';
import { startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';

const H = 3_600_000;
let e: SlackE2E;
beforeEach(async () => {
  e = await startSlackE2E();
});
afterEach(async () => {
  await e.close();
});

function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

describe('access from Slack', () => {
  it('requests inline, is approved from the DM card, expires, and sends the closure summary', async () => {
    const res = await e.client.slashCommand({ command: '/request-access', text: 'prod-db 2h investigating INC-4211 slow queries', userId: userId('alice'), channelId: 'CGENERAL' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain('Request sent');
    await e.settle();
    const card = e.slack.messages.find((m) => m.channel === e.dm('dave') && blocksText(m.blocks).includes(ACTION.approve));
    expect(card).toBeDefined();
    const requestId = buttonValue(card!.blocks, ACTION.approve)!;
    expect(requestId).toMatch(/^req_/);

    const click = await e.client.blockAction({ userId: userId('dave'), actionId: ACTION.approve, value: requestId, channelId: card!.channel, messageTs: card!.ts });
    expect(click.status).toBe(200);
    await e.settle();
    expect(e.webhook.calls.filter((c) => c.event === 'grant')).toHaveLength(1);
    // Every copy of the approval card shows the outcome.
    const updated = e.slack.message(card!.channel, card!.ts)!;
    expect(blocksText(updated.blocks)).not.toContain(ACTION.approve);
    expect(blocksText(updated.blocks)).toContain('dave@example.com');

    await e.sweepAfter(2 * H + 1_000);
    expect(e.webhook.calls.filter((c) => c.event === 'revoke')).toHaveLength(1);
    const closure = e.slack.messages.filter((m) => m.channel === 'C0AUDIT' && /ended|closed|summary/i.test(m.text));
    expect(closure.length).toBeGreaterThanOrEqual(1);
  });
});
