import { describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../../src/core/notifications.js';
import { renderAccessOverviewMessage } from '../../../views/slack/access-overview-message.js';
import { renderAppHome } from '../../../views/slack/app-home.js';
import { renderDenyModal } from '../../../views/slack/deny-modal.js';
import { renderReviewModal } from '../../../views/slack/review-modal.js';
import { renderNotificationForSlack } from '../../../views/slack/slack-notification.js';
import { expectValidMessage, expectValidView } from './block-kit-validator.js';
import { documentation, KINDS, RECIPIENTS, request, samples, session, type Audience } from './samples.js';

// Would ping the whole channel, mention a user and disguise a link if it reached Slack unescaped.
const HOSTILE = '<!channel> <https://evil|bank> & <@U123>';
const ESCAPED = '&lt;!channel&gt; &lt;https://evil|bank&gt; &amp; &lt;@U123&gt;';
const RAW_PIECES = ['<!channel>', '<https://evil|bank>', '<@U123>', '<!', '<@', '<http'];

/** Kinds whose cards show no user-written text at all (they still must not leak any). */
const NO_USER_TEXT = new Set<NotificationKind>(['access.active', 'access.ending_soon']);

function expectInert(json: string): void {
  for (const piece of RAW_PIECES) expect(json).not.toContain(piece);
  // Gatehouse never emits links or mentions itself, so no `<` may appear anywhere.
  expect(json).not.toContain('<');
}

const cases = KINDS.flatMap((kind) => (Object.keys(RECIPIENTS) as Audience[]).map((audience) => [kind, audience] as const));

/** Every piece of support text a person (or a policy author) writes, made hostile. */
const HOSTILE_SUPPORT = {
  session: session({ description: HOSTILE, device: HOSTILE, ticketRef: HOSTILE }),
  documentation: documentation({ actionsTaken: HOSTILE, outcome: HOSTILE, followUps: HOSTILE }),
  prohibited: [HOSTILE],
};

describe('hostile user text is inert in every card', () => {
  it.each(cases)('%s for the %s', (kind, audience) => {
    const notification = samples(request({ justification: HOSTILE }), HOSTILE, HOSTILE_SUPPORT)[kind];
    const message = renderNotificationForSlack(notification, RECIPIENTS[audience]);
    expectValidMessage(message);
    expectInert(JSON.stringify(message.blocks));
    expectInert(message.text);
    if (!NO_USER_TEXT.has(kind)) {
      expect(JSON.stringify(message.blocks)).toContain(ESCAPED);
      expect(JSON.stringify(message.blocks)).toContain('&lt;!channel&gt;');
    }
  });

  it('also in the denial reason and the review notes', () => {
    const s = samples(request(), HOSTILE);
    for (const kind of ['access.denied', 'break_glass.reviewed', 'access.revoke_failing'] as const) {
      const json = JSON.stringify(renderNotificationForSlack(s[kind], RECIPIENTS.channel));
      expectInert(json);
      expect(json).toContain(ESCAPED);
    }
  });

  it('quotes every line of multi-line text, each escaped', () => {
    const message = renderNotificationForSlack(samples(request({ justification: `line one\n<!here> line two\r\n> not a quote` }))['access.approval_needed'], RECIPIENTS.approver);
    expect(JSON.stringify(message.blocks)).toContain('*Justification*\\n>line one\\n>&lt;!here&gt; line two\\n>&gt; not a quote');
  });

  it('in the deny and review modals', () => {
    const summary = request({ justification: HOSTILE });
    for (const view of [renderDenyModal({ requestId: summary.requestId, summary }), renderReviewModal({ reviewId: 'rev_1', outcome: 'inappropriate', summary })]) {
      expectValidView(view);
      const json = JSON.stringify(view.blocks);
      expectInert(json);
      expect(json).toContain(ESCAPED);
    }
  });

  it('in /access and the App Home', () => {
    const r = request({ justification: HOSTILE });
    const overview = { email: 'dave@example.com', pending: [], grants: [], awaitingMe: [{ request: r, approvalsSoFar: [], approvalsRequired: 1 }] };
    const message = renderAccessOverviewMessage(overview);
    const home = renderAppHome(overview);
    expectValidMessage(message);
    expectValidView(home);
    for (const json of [JSON.stringify(message), JSON.stringify(home)]) {
      expectInert(json);
      expect(json).toContain(ESCAPED);
    }
  });
});
