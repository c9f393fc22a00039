import { App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createListenerRouter } from '../../../src/slack/listener-router.js';

const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

function app(): App {
  // With the bot's ids given, Bolt needs no auth.test call (nothing here reaches the network).
  return new App({ token: 'xoxb-unit-test', receiver, tokenVerificationEnabled: false, botId: 'B1', botUserId: 'UBOT' });
}

function event(body: Record<string, unknown>): ReceiverEvent & { acked: unknown[] } {
  const acked: unknown[] = [];
  return { body, ack: async (response?: unknown) => void acked.push(response ?? null), acked };
}

const click = (actionId: string) => ({
  type: 'block_actions',
  user: { id: 'U1' },
  team: { id: 'T1' },
  api_app_id: 'A1',
  token: 't',
  container: { type: 'message' },
  actions: [{ action_id: actionId, block_id: 'b', type: 'button', value: 'v', action_ts: '1' }],
});

describe('listener router', () => {
  it('runs the listeners registered for the id, and only those', async () => {
    const a = app();
    const router = createListenerRouter(a);
    const ran: string[] = [];
    router.action('one', async ({ ack }) => {
      await ack();
      ran.push('one');
    });
    router.action('two', async () => void ran.push('two a'));
    router.action('two', async () => void ran.push('two b'));
    router.command('/cmd', async ({ ack, command }) => {
      await ack(`got ${command.text}`);
      ran.push('cmd');
    });
    router.view('modal', async ({ ack }) => {
      await ack();
      ran.push('view');
    });

    const one = event(click('one'));
    await a.processEvent(one);
    expect(ran).toEqual(['one']);
    expect(one.acked).toEqual([null]);

    await a.processEvent(event(click('two')));
    expect(ran).toEqual(['one', 'two a', 'two b']);

    const unknown = event(click('three'));
    await a.processEvent(unknown);
    expect(ran).toHaveLength(3);
    expect(unknown.acked).toEqual([]);

    const cmd = event({ command: '/cmd', text: 'hi', user_id: 'U1', team_id: 'T1', channel_id: 'C1', token: 't', api_app_id: 'A1' });
    await a.processEvent(cmd);
    expect(cmd.acked).toEqual(['got hi']);

    await a.processEvent(event({ type: 'view_submission', user: { id: 'U1' }, team: { id: 'T1' }, api_app_id: 'A1', token: 't', view: { id: 'V1', callback_id: 'modal', state: { values: {} } } }));
    await a.processEvent(event({ type: 'view_closed', user: { id: 'U1' }, team: { id: 'T1' }, api_app_id: 'A1', token: 't', view: { id: 'V1', callback_id: 'modal' } }));
    expect(ran).toEqual(['one', 'two a', 'two b', 'cmd', 'view']);
  });

  it('refuses what it cannot route by id', () => {
    const router = createListenerRouter(app());
    expect(() => router.action(/any/, async () => {})).toThrow(/string id/);
    expect(() => router.action({ action_id: 'x' }, async () => {})).toThrow(/string id/);
    expect(() => router.command('/x', async () => {}, async () => {})).toThrow(/one handler/);
  });
});
