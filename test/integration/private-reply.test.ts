import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrivateReply } from '../../src/core/effects.js';
import { verifyAuditLog } from '../../src/store/audit-repository.js';
import { createHarness, type Harness } from '../support/engine-harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const reply = (text: string): PrivateReply => ({ platform: 'slack', userId: 'U0DAVE', email: null, conversationId: 'C0APPROVALS', text });
const outbox = () => h.db.$client.prepare('SELECT type, status, attempts, ordering_key AS key FROM outbox ORDER BY id').all();

describe('private replies go through the outbox', () => {
  it('are stored, then delivered by the effects run exactly as given, none waiting on another', async () => {
    h.engine.replyPrivately(reply('This request was already approved by carol@example.com.'));
    h.engine.replyPrivately(reply('<!channel> stays plain text here; the platform escapes it.'));
    expect(h.replies).toEqual([]);
    expect(outbox()).toEqual([
      { type: 'reply', status: 'pending', attempts: 0, key: expect.stringMatching(/^reply:slack:U0DAVE:reply_/) },
      { type: 'reply', status: 'pending', attempts: 0, key: expect.stringMatching(/^reply:slack:U0DAVE:reply_/) },
    ]);

    await h.engine.runEffects();
    expect(h.replies.map((r) => r.reply.text)).toEqual([
      'This request was already approved by carol@example.com.',
      '<!channel> stays plain text here; the platform escapes it.',
    ]);
    expect(h.replies[0]!.reply).toEqual(reply('This request was already approved by carol@example.com.'));
    expect(outbox()).toEqual([
      { type: 'reply', status: 'done', attempts: 0, key: expect.stringMatching(/^reply:slack:U0DAVE:reply_/) },
      { type: 'reply', status: 'done', attempts: 0, key: expect.stringMatching(/^reply:slack:U0DAVE:reply_/) },
    ]);
  });

  it('are retried with backoff while the chat API fails, then given up and audited like notifications', async () => {
    let failures = 0;
    h.deps.notifier.reply = async () => {
      failures++;
      throw new Error('slack: service_unavailable');
    };
    h.engine.replyPrivately(reply('x'));
    for (let i = 0; i < 40 && failures < 12; i++) {
      await h.engine.runEffects();
      h.clock.advance(3_600_000);
    }
    expect(failures).toBe(12);
    expect(outbox()).toEqual([{ type: 'reply', status: 'dead', attempts: 12, key: expect.stringMatching(/^reply:slack:U0DAVE:reply_/) }]);
    const undeliverable = h.db.$client.prepare("SELECT data FROM audit_log WHERE type = 'notification.undeliverable'").all() as { data: string }[];
    expect(undeliverable.map((r) => JSON.parse(r.data) as { attempts: number })).toEqual([expect.objectContaining({ attempts: 12, error: 'slack: service_unavailable' })]);
    expect(verifyAuditLog(h.db).ok).toBe(true);
  });
});
