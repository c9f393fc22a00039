/**
 * Asking for access from Slack: the request form (open, submit, field errors), the inline command
 * (help, bad input, unknown resources, people outside the policy), and delivery under rate limits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, MODAL, REQUEST_FIELD } from '../../views/action-ids.js';
import type { FakeSlackCall } from '../fixtures/fake-slack-api.js';
import { buttonValue } from '../support/slack-blocks.js';
import { startSlackE2E, userId, type Person, type SlackE2E } from '../support/slack-e2e-harness.js';
import { approvalCards, dbGet, dmsTo, latestRequestOf, quiesce, rowCount, shown, slash, trackListeners } from './e2e-steps.js';

/** One resource only db-owners may request, so "only what alice may request" means something. */
const HR_DB = [
  '  - id: hr-db',
  '    name: HR database',
  '    requesters: [group:db-owners]',
  '    approvers: [group:sre]',
  '    max_duration: 1h',
  '    provider: { type: manual, fulfillers: [group:fulfillers] }',
  'break_glass:',
].join('\n');

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E({ policyText: (text) => text.replace('break_glass:', HR_DB) }));
});
afterEach(async () => {
  await e.close();
});

const JUSTIFICATION = 'investigating INC-4211 slow queries';

type View = { callback_id?: string; type?: string; blocks?: Array<Record<string, unknown>> };

/** The resource ids a request form offers. */
function offeredResources(view: View): string[] {
  const block = view.blocks?.find((b) => b.block_id === REQUEST_FIELD.resource) as { element?: { options?: Array<{ value: string }> } } | undefined;
  return (block?.element?.options ?? []).map((o) => o.value);
}

const viewOf = (call: FakeSlackCall): View => call.params.view as View;

function formValues(fields: { resource?: string; duration?: string; justification?: string }) {
  return {
    [REQUEST_FIELD.resource]: {
      [REQUEST_FIELD.resource]: { type: 'static_select', selected_option: fields.resource ? { value: fields.resource } : null },
    },
    [REQUEST_FIELD.duration]: { [REQUEST_FIELD.duration]: { type: 'plain_text_input', value: fields.duration ?? null } },
    [REQUEST_FIELD.justification]: { [REQUEST_FIELD.justification]: { type: 'plain_text_input', value: fields.justification ?? null } },
  };
}

function submitForm(person: Person, fields: { resource?: string; duration?: string; justification?: string }) {
  return e.client.viewSubmission({ userId: userId(person), callbackId: MODAL.request, values: formValues(fields) });
}

describe('the request form', () => {
  it('opens with only the resources the person may request, straight away once Gatehouse knows them', async () => {
    // First contact: Gatehouse does not know alice yet, so a loading view opens at once and becomes the form.
    const first = await slash(e, 'alice', '');
    expect(first.status).toBe(200);
    expect(first.body).toBe('');
    await quiesce(e);
    const [opened] = e.slack.callsOf('views.open');
    expect(opened?.response.ok).toBe(true);
    const updates = e.slack.callsOf('views.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.params.view_id).toBe((opened!.response.view as { id: string }).id);
    expect(viewOf(updates[0]!).callback_id).toBe(MODAL.request);
    expect(offeredResources(viewOf(updates[0]!))).toEqual(['prod-db', 'prod-db-write', 'staging', 'vpn']);

    // Known now: views.open carries the form itself.
    await slash(e, 'alice', '');
    await quiesce(e);
    const opens = e.slack.callsOf('views.open');
    expect(opens).toHaveLength(2);
    const form = viewOf(opens[1]!);
    expect(form.callback_id).toBe(MODAL.request);
    expect(offeredResources(form)).toEqual(['prod-db', 'prod-db-write', 'staging', 'vpn']);
    expect(offeredResources(form)).not.toContain('hr-db');
    // alice is an sre, and the policy lets sre use break-glass.
    expect(form.blocks?.some((b) => b.block_id === REQUEST_FIELD.breakGlass)).toBe(true);
    expect(e.slack.callsOf('views.update')).toHaveLength(1);

    // dave (a db-owner) is offered hr-db only, and no break-glass.
    await slash(e, 'dave', '');
    await quiesce(e);
    const daves = e.slack.callsOf('views.update').at(-1)!;
    expect(offeredResources(viewOf(daves))).toEqual(['hr-db']);
    expect(viewOf(daves).blocks?.some((b) => b.block_id === REQUEST_FIELD.breakGlass)).toBe(false);
  });

  it('`/request-access RESOURCE` opens the form with that resource and its default duration filled in', async () => {
    await slash(e, 'alice', 'prod-db');
    await quiesce(e);
    const view = viewOf(e.slack.callsOf('views.update')[0] ?? e.slack.callsOf('views.open')[0]!);
    const resource = view.blocks?.find((b) => b.block_id === REQUEST_FIELD.resource) as { element: { initial_option?: { value: string } } };
    const duration = view.blocks?.find((b) => b.block_id === REQUEST_FIELD.duration) as { element: { initial_value?: string } };
    expect(resource.element.initial_option?.value).toBe('prod-db');
    expect(duration.element.initial_value).toBe('1h');
  });

  it('a valid submission creates the request, sends the cards and closes the form', async () => {
    const res = await submitForm('alice', { resource: 'prod-db', duration: '2h', justification: JUSTIFICATION });
    expect(res.status).toBe(200);
    // An empty ack closes the modal.
    expect(res.body).toBe('');
    await quiesce(e);

    expect(rowCount(e, 'requests')).toBe(1);
    const requestId = latestRequestOf(e, 'alice');
    const cards = approvalCards(e, requestId);
    // prod-db approvers: the db-owners and alice's manager, plus the approvals channel.
    expect(cards.map((c) => c.channel).sort()).toEqual(['C0APPROVALS', e.dm('dave'), e.dm('erin'), e.dm('mallory')].sort());
    for (const card of cards) {
      expect(buttonValue(card.blocks, ACTION.deny)).toBe(requestId);
      expect(shown(card)).toContain(JUSTIFICATION);
      expect(shown(card)).toContain('2h');
    }
    const submitted = dmsTo(e, 'alice');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.text).toMatch(/^Request sent/);
  });

  it.each([
    ['a duration that is not one', { duration: '2x', justification: JUSTIFICATION }, REQUEST_FIELD.duration, 'Use a whole number and s, m, h or d, like 30m or 2h.'],
    ['a justification shorter than the policy asks', { duration: '2h', justification: 'too short' }, REQUEST_FIELD.justification, 'The justification needs at least 10 characters (it has 9).'],
    ['a duration over the resource maximum', { duration: '5h', justification: JUSTIFICATION }, REQUEST_FIELD.duration, '5h is longer than the 4h allowed for prod-db.'],
    ['no justification at all', { duration: '2h', justification: '   ' }, REQUEST_FIELD.justification, 'Say why you need this access.'],
  ])('%s is reported on its field and nothing is created', async (_what, fields, block, message) => {
    const res = await submitForm('alice', { resource: 'prod-db', ...fields });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: 'errors', errors: { [block]: message } });
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
    expect(e.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(e.slack.messages).toHaveLength(0);
  });

  it('a form with no resource chosen is reported on the resource field', async () => {
    const res = await submitForm('alice', { duration: '2h', justification: JUSTIFICATION });
    expect(res.json).toEqual({ response_action: 'errors', errors: { [REQUEST_FIELD.resource]: 'Choose a resource.' } });
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
  });

  it('a resource the person may not request is refused on the resource field', async () => {
    const res = await submitForm('alice', { resource: 'hr-db', duration: '1h', justification: JUSTIFICATION });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { [REQUEST_FIELD.resource]: expect.stringContaining('may not request hr-db') } });
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
    expect(e.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('someone outside the policy gets the form replaced by an explanation, and their submission is refused', async () => {
    await slash(e, 'zed', '');
    await quiesce(e);
    const update = e.slack.callsOf('views.update')[0]!;
    expect(viewOf(update).callback_id).not.toBe(MODAL.request);
    expect(JSON.stringify(update.params.view)).toContain('zed@example.com) is not in the Gatehouse policy');

    const res = await submitForm('zed', { resource: 'prod-db', duration: '1h', justification: JUSTIFICATION });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { [REQUEST_FIELD.resource]: expect.stringContaining('not in the Gatehouse policy') } });
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
  });
});

describe('the inline command', () => {
  const ephemeralText = (json: unknown) => {
    expect(json).toMatchObject({ response_type: 'ephemeral' });
    return (json as { text: string }).text;
  };

  it('`/request-access help` shows the help, only to the person', async () => {
    const res = await slash(e, 'alice', 'help');
    const text = ephemeralText(res.json);
    expect(text).toContain('/request-access RESOURCE DURATION JUSTIFICATION');
    expect(text).toContain('/request-access emergency');
    await quiesce(e);
    expect(e.slack.calls.filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'))).toHaveLength(0);
  });

  it('a bad duration is explained and nothing is created', async () => {
    const res = await slash(e, 'alice', 'prod-db 2x something');
    expect(ephemeralText(res.json)).toBe('"2x" is not a duration: use a whole number and s, m, h or d, like 30m or 2h.');
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
    expect(e.slack.messages).toHaveLength(0);
  });

  it('an unknown resource gets a clear answer and nothing is created', async () => {
    const res = await slash(e, 'alice', `prod-dbb 1h ${JUSTIFICATION}`);
    const text = ephemeralText(res.json);
    expect(text).toContain('There is no resource "prod-dbb"');
    expect(text).toContain('/request-access` with no arguments');
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
    expect(e.slack.messages).toHaveLength(0);
  });

  it('a duration over the maximum and a short justification are refused with the policy limits', async () => {
    expect(ephemeralText((await slash(e, 'alice', `prod-db 5h ${JUSTIFICATION}`)).json)).toBe('5h is longer than the 4h allowed for prod-db.');
    expect(ephemeralText((await slash(e, 'alice', 'prod-db 1h too short')).json)).toBe('The justification needs at least 10 characters (it has 9).');
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
    expect(e.slack.messages).toHaveLength(0);
  });

  it('a valid request says who can approve it', async () => {
    const res = await slash(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    expect(ephemeralText(res.json)).toBe('Request sent: prod-db for 2h. It needs one approval from: dave@example.com, erin@example.com, mallory@example.com.');
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(1);
    expect(approvalCards(e, latestRequestOf(e, 'alice'))).toHaveLength(4);
  });

  it('someone in Slack but not in the policy is told so', async () => {
    const res = await slash(e, 'zed', `prod-db 1h ${JUSTIFICATION}`);
    expect(ephemeralText(res.json)).toBe(
      'Your Slack email (zed@example.com) is not in the Gatehouse policy, so you cannot use it yet. Ask your administrator to add you.',
    );
    await quiesce(e);
    expect(rowCount(e, 'requests')).toBe(0);
    expect(e.slack.messages).toHaveLength(0);
  });
});

describe('delivery under Slack rate limits', () => {
  it('the approval cards still arrive when chat.postMessage answers 429 with Retry-After', async () => {
    e.slack.setRateLimit('chat.postMessage', { count: 2, retryAfterSeconds: 1 });
    const res = await slash(e, 'alice', `prod-db 2h ${JUSTIFICATION}`);
    expect(JSON.stringify(res.json)).toContain('Request sent');
    await quiesce(e);

    const limited = e.slack.callsOf('chat.postMessage').filter((c) => c.status === 429);
    expect(limited).toHaveLength(2);
    const requestId = latestRequestOf(e, 'alice');
    const cards = approvalCards(e, requestId);
    expect(cards.map((c) => c.channel).sort()).toEqual(['C0APPROVALS', e.dm('dave'), e.dm('erin'), e.dm('mallory')].sort());
    // Exactly one copy each: a retried call must not post twice.
    expect(dmsTo(e, 'alice').filter((m) => m.text.startsWith('Request sent'))).toHaveLength(1);
    expect(e.slack.messages).toHaveLength(5);
    // Delivered by the WebClient honouring Retry-After: nothing left failed in the outbox.
    expect(dbGet(e, "select count(*) n from outbox where status != 'done'")).toEqual({ n: 0 });
  });
});
