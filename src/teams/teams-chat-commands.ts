/**
 * Personal-chat commands: `request-access`, `need-support`, `access` and `help`, with the grammar of
 * the Slack slash commands (the same parsers in `commands/`). What to answer is decided here; the
 * cards come from `views/teams`.
 */
import { parseNeedSupportText, submitSupportRequest } from '../../commands/need-support.js';
import { parseRequestAccessText, submitAccessRequest } from '../../commands/request-access.js';
import type { Engine } from '../core/create-engine.js';
import type { Actor } from '../core/types.js';
import type { TeamsChatViews, TeamsReply } from './teams-chat-views.js';

export type ChatCommand = 'request-access' | 'need-support' | 'access' | 'help';

/** `request-access prod-db 2h why` -> the command and the rest; a leading `/` is forgiven (Slack habit). */
export function splitChatCommand(text: string): { command: ChatCommand; rest: string } {
  const trimmed = text.trim().replace(/^\//, '');
  const match = /^(request-access|need-support|access|help)(?:\s+([\s\S]*))?$/i.exec(trimmed);
  if (!match) return { command: 'help', rest: '' };
  return { command: match[1]!.toLowerCase() as ChatCommand, rest: match[2] ?? '' };
}

export interface ChatCommandContext {
  engine: Engine;
  actor: Actor;
  views: TeamsChatViews;
  onUnexpected: (error: unknown) => void;
  /** Called after the engine changed something, so deliveries start now. */
  changed: () => void;
}

/** The reply to a typed command; null when the card the command brings is the answer. */
export function runChatCommand(text: string, ctx: ChatCommandContext): TeamsReply | null {
  const { command, rest } = splitChatCommand(text);
  const { engine, actor, views } = ctx;
  const policy = engine.deps.policy();
  switch (command) {
    case 'help':
      return views.help();
    case 'access':
      return /^\s*help\s*$/i.test(rest) ? views.help('access') : views.accessOverview(engine.listAccess(actor.email));
    case 'request-access': {
      const parsed = parseRequestAccessText(rest);
      switch (parsed.kind) {
        case 'help':
          return views.help('request-access');
        case 'invalid':
          return views.text(parsed.message);
        case 'form':
          return views.requestForm(policy, actor.email, { resourceId: parsed.resourceId, breakGlass: parsed.breakGlass });
        case 'submit': {
          const result = submitAccessRequest(engine, actor, parsed.input, ctx.onUnexpected);
          if (!result.ok) return views.text(result.message);
          ctx.changed();
          // The requester's card comes to this same chat and says it all; a reply would repeat it.
          return null;
        }
      }
      break;
    }
    case 'need-support': {
      const parsed = parseNeedSupportText(rest);
      switch (parsed.kind) {
        case 'help':
          return views.help('need-support');
        case 'invalid':
          return views.text(parsed.message);
        case 'form':
          return views.needSupportForm();
        case 'submit': {
          const result = submitSupportRequest(engine, actor, parsed.input, ctx.onUnexpected);
          if (!result.ok) return views.text(result.message);
          ctx.changed();
          // "Support request received" comes to this same chat and says it all; a reply would repeat it.
          return null;
        }
      }
    }
  }
  return views.help();
}
