/** What the personal-chat commands answer with, as Bot Framework activities built from `views/teams`. */
import { requestFormOptions } from '../../commands/request-form-options.js';
import type { AccessOverview } from '../core/notifications.js';
import type { Policy } from '../core/policy.js';
import type { HelpCommand } from '../../views/slack/help-text.js';
import type { AdaptiveCard } from '../../views/teams/adaptive-card-types.js';
import { escapeCardMarkdown } from '../../views/teams/escape-markdown.js';
import { toTeamsCommandText } from '../../views/teams/teams-command-text.js';
import { renderAccessOverviewCard } from '../../views/teams/forms/access-overview-card.js';
import { renderCommandHelpCard, renderHelpCard } from '../../views/teams/forms/help-card.js';
import { renderFormSentCard } from '../../views/teams/forms/form-sent-card.js';
import { renderNeedSupportFormCard } from '../../views/teams/forms/need-support-form-card.js';
import { renderRequestFormCard } from '../../views/teams/forms/request-form-card.js';
import { cardActivity } from './teams-notifier.js';

/** A reply activity (a card, or markdown-escaped text with commands written the Teams way). */
export type TeamsReply = Record<string, unknown>;

export interface TeamsChatViews {
  text(plain: string): TeamsReply;
  help(command?: HelpCommand): TeamsReply;
  accessOverview(overview: AccessOverview): TeamsReply;
  requestForm(policy: Policy, email: string, initial: { resourceId?: string; breakGlass?: boolean }): TeamsReply;
  needSupportForm(): TeamsReply;
  /** A form as it looks once sent (`title` names it): the card itself, for an invoke answer that replaces the form. */
  formSent(title: string): AdaptiveCard;
}

export const textReply = (plain: string): TeamsReply => ({ type: 'message', textFormat: 'markdown', text: escapeCardMarkdown(toTeamsCommandText(plain)) });

export function createTeamsChatViews(): TeamsChatViews {
  return {
    text: textReply,
    help: (command) => cardActivity(command ? renderCommandHelpCard(command) : renderHelpCard()),
    accessOverview: (overview) => cardActivity(renderAccessOverviewCard(overview)),
    requestForm: (policy, email, initial) => cardActivity(renderRequestFormCard(requestFormOptions(policy, email, initial))),
    needSupportForm: () => cardActivity(renderNeedSupportFormCard()),
    formSent: (title) => renderFormSentCard(title).card,
  };
}
