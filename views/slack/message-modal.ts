/** Small modals: a placeholder opened at once while slow work runs, and a plain message. */
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { truncate } from './limits.js';

/** Modal titles are capped at 24 characters by Slack. */
const TITLE_MAX = 24;

export function renderLoadingModal(title: string) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: truncate(title, TITLE_MAX) },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: One moment…' } }],
  };
}

export function renderMessageModal(title: string, plainText: string) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: truncate(title, TITLE_MAX) },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(plainText), 3000) } }],
  };
}
