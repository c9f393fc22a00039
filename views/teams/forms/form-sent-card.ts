/**
 * What a submitted form becomes for the person who sent it. The card the submission brings to the
 * same chat says what happens next, so this only takes the inputs away: a form left as it was could
 * be sent twice.
 */
import { escapeCardMarkdown } from '../escape-markdown.js';
import { plainTextBlock, teamsMessage, type TeamsMessage } from '../render-adaptive-card.js';

export function renderFormSentCard(title: string): TeamsMessage {
  return teamsMessage(escapeCardMarkdown(`${title} — sent.`), [
    plainTextBlock(title, { size: 'medium', weight: 'bolder', style: 'heading' }),
    plainTextBlock('Sent. The card below says what happens next.', { isSubtle: true }),
  ]);
}
