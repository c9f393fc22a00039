/**
 * Personal-chat commands in Teams: the Slack grammar, form cards when there are no arguments, form
 * submissions through Universal Actions, and clear answers to people and places Gatehouse does not serve.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODAL, REQUEST_FIELD, SUPPORT_FIELD } from '../../views/action-ids.js';
import { startTeamsE2E, type TeamsE2E } from '../support/teams-e2e-harness.js';
import { answerOf, cardWith, chatOf, dbAll, executesOf, installAll, press, say, shownIn, typeSupport } from './teams-steps.js';

let e: TeamsE2E;
beforeEach(async () => {
  e = await startTeamsE2E();
  await installAll(e, ['alice', 'zed']);
});
afterEach(async () => {
  await e.close();
});

const requests = () => dbAll<{ resource_id: string; duration_ms: number; justification: string; requester_platform: string }>(e, 'SELECT resource_id, duration_ms, justification, requester_platform FROM requests');

describe('request-access', () => {
  it('with no arguments sends the form card; submitting it files the request', async () => {
    await say(e, 'alice', 'request-access');
    const form = cardWith(e, chatOf(e, 'alice'), MODAL.request);
    const resources = JSON.stringify(form.card);
    expect(resources).toContain('prod-db');
    expect(resources).not.toContain('"vpn-admin"');

    const tooShort = await press(e, 'alice', form, MODAL.request, { value: '', [REQUEST_FIELD.resource]: 'prod-db', [REQUEST_FIELD.duration]: 'forever', [REQUEST_FIELD.justification]: '' });
    expect(answerOf(tooShort)).toMatch(/Use a whole number and s, m, h or d/);
    expect(requests()).toEqual([]);

    const res = await press(e, 'alice', form, MODAL.request, {
      value: '',
      [REQUEST_FIELD.resource]: 'prod-db',
      [REQUEST_FIELD.duration]: '30m',
      [REQUEST_FIELD.justification]: 'investigating INC-4211 slow queries',
      [REQUEST_FIELD.breakGlass]: '',
    });
    expect((res.body as { type?: string }).type).toBe('application/vnd.microsoft.card.adaptive');
    expect(requests()).toEqual([{ resource_id: 'prod-db', duration_ms: 30 * 60_000, justification: 'investigating INC-4211 slow queries', requester_platform: 'teams' }]);
  });

  it('with a resource alone sends the form with it chosen; a bad duration is explained', async () => {
    await say(e, 'alice', 'request-access staging');
    expect(executesOf(shownIn(e, chatOf(e, 'alice')).at(-1)!.card).some((x) => x.verb === MODAL.request)).toBe(true);
    expect(JSON.stringify(shownIn(e, chatOf(e, 'alice')).at(-1)!.card)).toContain('"value":"staging"');
    expect(await say(e, 'alice', 'request-access prod-db 5x because')).toContain('is not a duration');
    expect(requests()).toEqual([]);
  });
});

describe('need-support, access and help', () => {
  it('need-support files directly with text, or sends its form', async () => {
    expect(await typeSupport(e, 'alice', 'the VPN drops every hour')).toContain('Support request received');
    await say(e, 'alice', 'need-support');
    const form = cardWith(e, chatOf(e, 'alice'), MODAL.needSupport);
    const res = await press(e, 'alice', form, MODAL.needSupport, { value: '', [SUPPORT_FIELD.description]: 'printer on fire', [SUPPORT_FIELD.urgency]: 'high' });
    // The form becomes its sent state: the received card in the same chat says the rest.
    expect((res.body as { type?: string }).type).toBe('application/vnd.microsoft.card.adaptive');
    expect(dbAll(e, 'SELECT description, urgency FROM support_sessions ORDER BY created_at')).toEqual([
      { description: 'the VPN drops every hour', urgency: 'normal' },
      { description: 'printer on fire', urgency: 'high' },
    ]);
  });

  it('access shows the overview card, and anything else gets help', async () => {
    await say(e, 'alice', 'request-access prod-db 1h investigating INC-4211 slow queries');
    const overview = await say(e, 'alice', 'access');
    expect(overview).toContain('application/vnd.microsoft.card.adaptive');
    expect(overview).toContain('prod-db');
    const help = await say(e, 'alice', 'what can you do?');
    expect(help).toContain('request-access');
    expect(help).toContain('need-support');
  });
});

describe('people and places Gatehouse does not serve', () => {
  it('tells someone outside the policy why, and files nothing', async () => {
    expect(await say(e, 'zed', 'request-access prod-db 1h investigating INC-4211 slow queries')).toContain('is not in the Gatehouse policy');
    expect(requests()).toEqual([]);
  });

  it('answers commands in a channel with a pointer to the personal chat', async () => {
    const res = await e.teams.activity(e.user('alice'), { type: 'message', text: 'request-access prod-db 1h investigating INC-4211 slow queries' }, { conversationId: '19:general@thread.tacv2', conversationType: 'channel' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(e.connector.posts('19:general@thread.tacv2').at(-1)?.activity)).toContain('personal chat');
    expect(requests()).toEqual([]);
  });

  it('answers an unknown card action without acting', async () => {
    const res = await e.teams.execute(e.user('alice'), 'gatehouse.not_a_verb', { value: 'req_x' });
    expect(answerOf(res)).toBe('That button is not one Gatehouse knows. Nothing was changed.');
    expect(requests()).toEqual([]);
  });
});
