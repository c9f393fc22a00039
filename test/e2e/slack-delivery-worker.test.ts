import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../views/action-ids.js';
import { buttonValue } from '../support/slack-blocks.js';
import { startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';

// The production arrangement: the request thread answers Slack, a worker thread delivers.
let e: SlackE2E;
beforeAll(async () => {
  e = await startSlackE2E({ effects: 'worker' });
});
afterAll(async () => {
  await e.close();
});

describe('deliveries from the worker thread', () => {
  it('posts approval cards, provisions through the provider, and edits every copy', async () => {
    const res = await e.client.slashCommand({ command: '/request-access', text: 'prod-db 1h investigating INC-4211 slow queries', userId: userId('alice'), channelId: 'CGENERAL' });
    expect(res.status).toBe(200);
    const [post] = await e.slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === e.dm('dave'), { timeoutMs: 15_000 });
    const card = e.slack.message(String(post!.response.channel), String(post!.response.ts))!;
    const requestId = buttonValue(card.blocks, ACTION.approve)!;
    expect(requestId).toMatch(/^req_/);

    await e.client.blockAction({ userId: userId('dave'), actionId: ACTION.approve, value: requestId, channelId: card.channel, messageTs: card.ts });
    await e.slack.waitFor((c) => c.method === 'chat.update' && c.params.ts === card.ts, { timeoutMs: 15_000 });
    for (let i = 0; i < 150 && !e.webhook.calls.some((c) => c.event === 'grant'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(e.webhook.calls.filter((c) => c.event === 'grant')).toHaveLength(1);
    const health = await fetch(`http://127.0.0.1:${e.gatehouse.port}/healthz`);
    expect(health.status).toBe(200);
  });
});
