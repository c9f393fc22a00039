/** What the personal-chat commands answer with, as Bot Framework activities built from `views/teams`. */
import { requestFormOptions } from '../../commands/request-form-options.js';
import type { AccessOverview } from '../core/notifications.js';
import type { Policy } from '../core/policy.js';
import { escapeCardMarkdown } from '../../views/teams/escape-markdown.js';
import type { TeamsMessage } from '../../views/teams/render-adaptive-card.js';
import { renderHelp, type HelpCommand } from '../../views/slack/help-text.js';
import { cardActivity } from './teams-notifier.js';
import { renderAccessOverview } from '../../views/cards/access-overview.js';
import type { ModalView } from '../../views/slack/block-kit-types.js';
import { renderNeedSupportModal } from '../../views/slack/need-support-modal.js';
import { renderRequestModal } from '../../views/slack/request-modal.js';
import { modalForm } from '../../views/teams/modal-form.js';
import { renderAdaptiveCard } from '../../views/teams/render-adaptive-card.js';

/** A reply activity (a card, or markdown-escaped text). */
export type TeamsReply = Record<string, unknown>;

export interface TeamsChatViews {
  text(plain: string): TeamsReply;
  help(command?: HelpCommand): TeamsReply;
  accessOverview(overview: AccessOverview): TeamsReply;
  requestForm(policy: Policy, email: string, initial: { resourceId?: string; breakGlass?: boolean }): TeamsReply;
  needSupportForm(policy: Policy, email: string): TeamsReply;
}

export const textReply = (plain: string): TeamsReply => ({ type: 'message', textFormat: 'markdown', text: escapeCardMarkdown(plain) });

export function createTeamsChatViews(cards: {
  help(command?: HelpCommand): TeamsMessage;
  accessOverview(overview: AccessOverview): TeamsMessage;
  requestForm(options: ReturnType<typeof requestFormOptions>): TeamsMessage;
  needSupportForm(): TeamsMessage;
}): TeamsChatViews {
  return {
    text: textReply,
    help: (command) => cardActivity(cards.help(command)),
    accessOverview: (overview) => cardActivity(cards.accessOverview(overview)),
    requestForm: (policy, email, initial) => cardActivity(cards.requestForm(requestFormOptions(policy, email, initial))),
    needSupportForm: () => cardActivity(cards.needSupportForm()),
  };
}

/** Until every card exists: help as text. */
export const helpText = (command?: HelpCommand): string =>
  command ? renderHelp(command) : (['request-access', 'need-support', 'access'] as const).map((c) => renderHelp(c)).join('\n\n');

function formCard(view: ModalView): TeamsMessage {
  const form = modalForm(view);
  return {
    text: escapeCardMarkdown(form.title),
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: form.elements,
      actions: form.submit ? [{ type: 'Action.Execute', title: form.submit, verb: form.verb, data: { value: '' }, associatedInputs: 'auto' }] : [],
    },
  };
}

export function createDefaultChatViews(): TeamsChatViews {
  return createTeamsChatViews({
    help: (command) => renderAdaptiveCard({ title: 'Gatehouse', summary: 'What you can ask Gatehouse', tone: 'info', sections: [{ kind: 'text', text: helpText(command) }], context: [], actions: [] }),
    accessOverview: (overview) => renderAdaptiveCard(renderAccessOverview(overview).intro),
    requestForm: (options) => formCard(renderRequestModal(options)),
    needSupportForm: () => formCard(renderNeedSupportModal()),
  });
}
