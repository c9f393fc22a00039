/**
 * `help` in a personal chat: the three commands, from the same help text as Slack's slash commands
 * (`views/slack/help-text.ts`), so the grammar is described once. In Teams the commands are typed
 * without the slash, and there is no App Home tab.
 */
import { ACTION } from '../../action-ids.js';
import { renderHelp, type HelpCommand } from '../../slack/help-text.js';
import type { CardElement } from '../adaptive-card-types.js';
import { escapeCardMarkdown } from '../escape-markdown.js';
import { toTeamsCommandText } from '../teams-command-text.js';
import { plainTextBlock, renderCardAction, teamsMessage, type TeamsMessage } from '../render-adaptive-card.js';

export const TEAMS_COMMANDS: readonly HelpCommand[] = ['request-access', 'need-support', 'access'];

/** Slack help mrkdwn as plain text for Teams: no slash before a command, no code or bold marks. */
export function teamsHelpLines(command: HelpCommand): string[] {
  return toTeamsCommandText(renderHelp(command))
    .split('\n')
    .map((line) =>
      line
        .replace(/`/g, '')
        .replace(/\*/g, '')
        .replace(/The same list is on the Gatehouse App Home tab\. ?/, ''),
    )
    .filter((line) => line.trim() !== '');
}

export function renderHelpCard(): TeamsMessage {
  const title = 'Gatehouse: what you can type here';
  const summary = 'request-access, need-support, access and help.';
  const text = escapeCardMarkdown(`${title} — ${summary}`);
  const body: CardElement[] = [
    plainTextBlock(title, { size: 'medium', weight: 'bolder', style: 'heading' }),
    plainTextBlock('Type one of these in this chat. Each also takes help, e.g. request-access help.'),
    ...TEAMS_COMMANDS.flatMap((command) => {
      const [first, ...rest] = teamsHelpLines(command);
      return [plainTextBlock(first ?? command, { weight: 'bolder', spacing: 'large' }), ...rest.map((line) => plainTextBlock(line, { spacing: 'small' }))];
    }),
  ];
  return teamsMessage(text, body, [renderCardAction({ id: ACTION.openRequestForm, label: 'Request access', value: 'open', style: 'primary' })]);
}

/** Help for one command (`request-access help`), as a card. */
export function renderCommandHelpCard(command: HelpCommand): TeamsMessage {
  const [first, ...rest] = teamsHelpLines(command);
  const text = escapeCardMarkdown(first ?? command);
  return teamsMessage(text, [plainTextBlock(first ?? command, { weight: 'bolder' }), ...rest.map((line) => plainTextBlock(line, { spacing: 'small' }))]);
}
