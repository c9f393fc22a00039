/**
 * `access` in a personal chat: the same overview as Slack's `/access` (what waits on you, your pending
 * requests, your live access), one card with each item's buttons right under it, cut to fit one
 * Teams message. What does not fit is the end of the list, and the card says how much.
 */
import type { AccessOverview } from '../../../src/core/notifications.js';
import type { Card } from '../../card-model.js';
import { renderAccessOverview } from '../../cards/access-overview.js';
import type { CardElement } from '../adaptive-card-types.js';
import { CARD_BUDGET_BYTES, jsonBytes, TITLE_MAX } from '../limits.js';
import { toTeamsCommandText } from '../teams-command-text.js';
import { plainTextBlock, renderCardAction, renderCardBody, renderTeamsFallbackText, sectionsElements, teamsMessage, type TeamsMessage } from '../render-adaptive-card.js';

/** One item: its title as a bold line, its facts, small print and buttons, set apart from the next. */
function itemElements(item: Card): CardElement {
  const context = item.context.filter((line) => line.trim() !== '');
  return {
    type: 'Container',
    separator: true,
    spacing: 'medium',
    items: [
      plainTextBlock(item.title, { weight: 'bolder' }, TITLE_MAX),
      ...sectionsElements(item.sections),
      ...(context.length > 0 ? [plainTextBlock(context.join(' · '), { isSubtle: true, size: 'small' })] : []),
      ...(item.actions.length > 0 ? [{ type: 'ActionSet' as const, actions: item.actions.map((a) => renderCardAction(a)) }] : []),
    ],
  };
}

export function renderAccessOverviewCard(overview: AccessOverview): TeamsMessage {
  const { intro: slackIntro, groups } = renderAccessOverview(overview);
  const intro: Card = { ...slackIntro, sections: slackIntro.sections.map((s) => (s.kind === 'text' ? { ...s, text: toTeamsCommandText(s.text) } : s)) };
  const text = renderTeamsFallbackText(intro);
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  const actions = intro.actions.map((a) => renderCardAction(a));
  const message = (body: CardElement[]): TeamsMessage => teamsMessage(text, body, actions);
  const body: CardElement[] = renderCardBody(intro);
  let shown = 0;
  // Stop at the first item that does not fit, so what is hidden is always the end of the list.
  fill: for (const group of groups) {
    let headed = false;
    for (const item of group.items) {
      const next = [...(headed ? [] : [plainTextBlock(`${group.title} (${group.items.length})`, { size: 'medium', weight: 'bolder', spacing: 'large' }, TITLE_MAX)]), itemElements(item)];
      // Room is kept for the "more not shown" line.
      if (jsonBytes(message([...body, ...next])) > CARD_BUDGET_BYTES - 400) break fill;
      body.push(...next);
      headed = true;
      shown++;
    }
  }
  if (shown < total) body.push(plainTextBlock(`${total - shown} more not shown here: Teams limits how much fits in one message. Decide or end the ones above first, then look again.`, { isSubtle: true }));
  return message(body);
}
