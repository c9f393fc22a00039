import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/core/notifications.js';
import { renderFulfilmentClosedCard } from '../../../views/cards/fulfilment-card.js';
import { renderNotificationForSlack } from '../../../views/slack/slack-notification.js';
import { renderNotificationForTeams } from '../../../views/teams/teams-notification.js';
import { HOUR, RECIPIENTS, T0, request } from './samples.js';

type Closed = Extract<Notification, { kind: 'access.fulfilment_closed' }>;
const closed = (overrides: Partial<Closed>): Closed => ({
  kind: 'access.fulfilment_closed',
  request: request(),
  grantId: 'gr_1',
  taskId: 'tsk_1',
  action: 'grant',
  doneByEmail: 'fred@example.com',
  closedAt: T0 + HOUR,
  ...overrides,
});

describe('the closed task card every fulfiller\'s copy becomes', () => {
  it.each([
    ['done grant step', { doneByEmail: 'fred@example.com' }, 'Manual step done: grant Production database', 'Done by fred@example.com at 2026-01-05 10:00 UTC', 'success'],
    ['done revoke step', { action: 'revoke' as const, doneByEmail: 'dave@example.com' }, 'Manual step done: revoke Production database', 'Done by dave@example.com at 2026-01-05 10:00 UTC', 'success'],
    ['grant step the access outlived', { doneByEmail: null }, 'No longer needed: grant Production database', 'No longer needed: the access ended', 'neutral'],
  ])('%s', (_name, overrides, title, line, tone) => {
    const card = renderFulfilmentClosedCard(closed(overrides));
    expect(card.title).toBe(title);
    expect(card.summary).toBe(`${line}.`);
    expect(card.tone).toBe(tone);
    expect(card.actions).toEqual([]);
    expect(JSON.stringify(card.sections)).toContain(line);
    expect(card.context[0]).toBe('Task tsk_1 · grant gr_1');
  });

  it('keeps user text escaped on both platforms', () => {
    const hostile = closed({ request: request({ justification: '<!channel> *bold* <https://evil.example|click>', resourceName: 'DB <@U123>' }) });
    const slack = JSON.stringify(renderNotificationForSlack(hostile, RECIPIENTS.approver));
    expect(slack).not.toContain('<!channel>');
    // Headers are plain text, which Slack never parses; in mrkdwn the mention is escaped.
    expect(slack).toContain('DB &lt;@U123&gt;');
    expect(slack).toContain('&lt;!channel&gt;');
    const teams = JSON.stringify(renderNotificationForTeams(hostile, RECIPIENTS.approver));
    expect(teams).not.toContain('[click]');
    expect(teams).not.toContain('](https://evil');
  });
});
