/**
 * A justification (and a deny reason) written to abuse Slack markup: a channel-wide ping, a link
 * disguised as another, a user mention. Whatever path it takes (inline or the form, approved to
 * expiry or denied), everything Gatehouse sends shows it as inert text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, DENY_FIELD, MODAL, REQUEST_FIELD } from '../../views/action-ids.js';
import { startSlackE2E, userId, type SlackE2E } from '../support/slack-e2e-harness.js';
import { activeDm, approvalCardIn, approvalCards, click, H, latestRequestOf, messageCalls, quiesce, requestInline, shown, slash, trackListeners } from './e2e-steps.js';

const HOSTILE = '<!channel> <https://evil|bank> & <@U123>';
const ESCAPED = '&lt;!channel&gt; &lt;https://evil|bank&gt; &amp; &lt;@U123&gt;';
const RAW_MARKUP = ['<!channel>', '<https://evil|bank>', '<@U123>'];

let e: SlackE2E;
beforeEach(async () => {
  e = trackListeners(await startSlackE2E());
});
afterEach(async () => {
  await e.close();
});

/** Every Web API call that puts text in front of people, with everything it sent. */
function everythingSent(): Array<{ method: string; sent: string }> {
  const surfaces = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.open', 'views.update', 'views.publish', 'response_url'];
  return e.slack.calls.filter((c) => surfaces.includes(c.method)).map((c) => ({ method: c.method, sent: JSON.stringify(c.params) }));
}

function expectInert(): void {
  const sent = everythingSent();
  expect(sent.length).toBeGreaterThan(0);
  for (const { method, sent: params } of sent) {
    for (const markup of RAW_MARKUP) expect(params, `${method} sent ${markup}`).not.toContain(markup);
  }
}

describe('hostile justifications', () => {
  it('typed inline: inert on every card, DM and closure from request to expiry', async () => {
    const res = await slash(e, 'alice', `prod-db 2h ${HOSTILE}`);
    for (const markup of RAW_MARKUP) expect(res.body).not.toContain(markup);
    await quiesce(e);
    const requestId = latestRequestOf(e, 'alice');
    expect(e.gatehouse.gatehouse.db.$client.prepare('select justification from requests where id = ?').get(requestId)).toEqual({ justification: HOSTILE });

    const cards = approvalCards(e, requestId);
    expect(cards).toHaveLength(4);
    for (const card of cards) expect(shown(card)).toContain(ESCAPED);

    // Where approvers see it too: /access and the App Home.
    const overview = await slash(e, 'dave', '', '/access');
    expect(overview.body).toContain(ESCAPED);
    for (const markup of RAW_MARKUP) expect(overview.body).not.toContain(markup);
    await e.client.event({ type: 'app_home_opened', user: userId('dave'), channel: e.dm('dave'), tab: 'home' });
    await e.slack.waitFor('views.publish');

    await click(e, 'dave', ACTION.approve, requestId, approvalCardIn(e, e.dm('dave'), requestId));
    await quiesce(e);
    expect(activeDm(e, 'alice').grantId).toMatch(/^grt_/);
    await e.sweepAfter(2 * H + 1_000);
    await quiesce(e);

    const closure = e.slack.messages.find((m) => m.channel === 'C0AUDIT' && m.text.startsWith('Access ended'));
    expect(closure && shown(closure)).toContain(ESCAPED);
    const withJustification = messageCalls(e).filter((c) => JSON.stringify(c.params).includes('&lt;!channel&gt;'));
    // Cards (4 posted, 4 updated), the requester's submitted/approved DMs, and two closures at least.
    expect(withJustification.length).toBeGreaterThanOrEqual(12);
    expectInert();
  });

  it('submitted in the form and denied with a hostile reason: inert in the deny form, the cards and the DM', async () => {
    const res = await e.client.viewSubmission({
      userId: userId('bob'),
      callbackId: MODAL.request,
      values: {
        [REQUEST_FIELD.resource]: { [REQUEST_FIELD.resource]: { type: 'static_select', selected_option: { value: 'prod-db' } } },
        [REQUEST_FIELD.duration]: { [REQUEST_FIELD.duration]: { type: 'plain_text_input', value: '1h' } },
        [REQUEST_FIELD.justification]: { [REQUEST_FIELD.justification]: { type: 'plain_text_input', value: HOSTILE } },
      },
    });
    expect(res.body).toBe('');
    await quiesce(e);
    const requestId = latestRequestOf(e, 'bob');
    for (const card of approvalCards(e, requestId)) expect(shown(card)).toContain(ESCAPED);

    await click(e, 'erin', ACTION.deny, requestId, approvalCardIn(e, 'C0APPROVALS', requestId));
    const [open] = await e.slack.waitFor('views.open');
    expect(JSON.stringify(open!.params.view)).toContain('&lt;!channel&gt;');

    const reason = `Denied: ${HOSTILE}`;
    const denied = await e.client.viewSubmission({
      userId: userId('erin'),
      callbackId: MODAL.deny,
      privateMetadata: requestId,
      values: { [DENY_FIELD.reason]: { [DENY_FIELD.reason]: { type: 'plain_text_input', value: reason } } },
    });
    expect(denied.body).toBe('');
    await quiesce(e);

    const cards = approvalCards(e, requestId);
    expect(cards).toHaveLength(4);
    for (const card of cards) {
      expect(card.edits).toBe(1);
      expect(shown(card)).toContain(`Denied: ${ESCAPED}`);
    }
    const dm = e.slack.messages.find((m) => m.channel === e.dm('bob') && m.text.startsWith('Denied'));
    expect(dm && shown(dm)).toContain(`Denied: ${ESCAPED}`);
    expectInert();
  });

  it('a hostile resource name typed inline is not echoed as markup in the refusal', async () => {
    const res = await slash(e, 'alice', '<!channel> 1h please let me in now');
    expect(res.status).toBe(200);
    for (const markup of RAW_MARKUP) expect(res.body).not.toContain(markup);
    expect(JSON.stringify(res.json)).toContain('&lt;!channel&gt;');
  });
});

describe('hostile text never reaches a refusal unescaped', () => {
  it('an ephemeral refusal that quotes a request keeps it inert', async () => {
    const requestId = await requestInline(e, 'alice', `prod-db 2h ${HOSTILE}`);
    await click(e, 'carol', ACTION.approve, requestId, approvalCardIn(e, 'C0APPROVALS', requestId));
    await quiesce(e);
    expect(e.slack.callsOf('chat.postEphemeral')).toHaveLength(1);
    expectInert();
  });
});
