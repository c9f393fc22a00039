import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../src/chat/chat-ports.js';
import { createBufferedMessageRefStore } from '../../src/store/chat-repositories.js';
import { actor, createHarness, type Harness } from '../support/engine-harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const stored = () => h.db.$client.prepare('SELECT effect_id AS effectId, recipient, kind FROM chat_messages ORDER BY effect_id, recipient').all();
const ref = (effectId: number, recipient: string, subject = 'req_1', kind = 'approval_card'): MessageRef => ({
  platform: 'slack',
  effectId,
  subject,
  recipient,
  kind,
  conversationId: 'D1',
  messageId: `${effectId}.0001`,
  createdAt: 1,
});

describe('createBufferedMessageRefStore', () => {
  it('answers from memory until flushed, then from the database, without duplicates', () => {
    const messages = createBufferedMessageRefStore(h.db);
    messages.record(ref(1, 'person:dave@example.com'));
    messages.record(ref(2, 'channel:approvals'));
    expect(messages.pending()).toBe(true);
    expect(stored()).toEqual([]);
    expect(messages.forEffect('slack', 1, 'person:dave@example.com')).toMatchObject({ messageId: '1.0001' });
    expect(messages.forEffect('teams', 1, 'person:dave@example.com')).toBeNull();
    expect(messages.find('slack', 'req_1', 'approval_card').map((r) => r.effectId)).toEqual([1, 2]);
    expect(messages.find('slack', 'req_1', 'other')).toEqual([]);

    messages.flush();
    expect(messages.pending()).toBe(false);
    expect(stored()).toEqual([
      { effectId: 1, recipient: 'person:dave@example.com', kind: 'approval_card' },
      { effectId: 2, recipient: 'channel:approvals', kind: 'approval_card' },
    ]);
    expect(messages.find('slack', 'req_1', 'approval_card').map((r) => r.effectId)).toEqual([1, 2]);

    // A repeat (a retried delivery) is ignored by the insert, as with the unbuffered store.
    messages.record(ref(1, 'person:dave@example.com'));
    messages.flush();
    expect(stored()).toHaveLength(2);
  });
});

describe('runEffects with bookkeeping', () => {
  it('commits what the notifier recorded by the end of the run, for deliveries that failed part-way too', async () => {
    const messages = createBufferedMessageRefStore(h.db);
    let failed = false;
    h.deps.notifier.deliver = async (recipient, notification, effectId) => {
      const key = recipient.kind === 'person' ? `person:${recipient.email}` : `channel:${recipient.channel}`;
      messages.record(ref(effectId, key, notification.kind === 'access.closed' ? 'x' : 'req', notification.kind));
      if (!failed && recipient.kind === 'channel') {
        failed = true;
        throw new Error('posted the card, then chat.update failed');
      }
    };
    h.engine.createRequest({ actor: actor('alice@example.com'), resourceId: 'prod-db', durationMs: 3_600_000, justification: 'investigating INC-4211 slow queries' });
    const outbox = h.db.$client.prepare('SELECT count(*) AS n FROM outbox').pluck().get() as number;
    const result = await h.engine.runEffects({ bookkeeping: messages });
    expect(result.failed).toBe(1);
    expect(messages.pending()).toBe(false);
    // One record per delivery attempted, the failed one included.
    expect(stored()).toHaveLength(outbox);
  });
});
