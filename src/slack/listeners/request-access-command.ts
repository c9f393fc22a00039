/** `/request-access`: help, the form, or a request typed inline. */

import type { WebClient } from '@slack/web-api';
import { parseRequestAccessText, submitAccessRequest } from '../../../commands/request-access.js';
import { requestFormOptions } from '../../../commands/request-form-options.js';
import { renderHelp } from '../../../views/slack/help-text.js';
import { escapeMrkdwn } from '../../../views/slack/escape-mrkdwn.js';
import { renderLoadingModal, renderMessageModal } from '../../../views/slack/message-modal.js';
import { renderRequestModal } from '../../../views/slack/request-modal.js';
import { isGatehouseDm } from '../gatehouse-dm.js';
import { describeUnknownPerson } from '../slack-identity.js';
import { unexpected, type SlackContext } from '../slack-context.js';
import type { SlackListeners } from '../listener-router.js';

export const REQUEST_ACCESS_COMMAND = '/request-access';

/**
 * Opens the request form. The trigger id dies about 3 s after the click, so the view opens first:
 * when the person is not yet known, a loading view opens at once and is replaced after the lookup.
 */
export async function openRequestForm(ctx: SlackContext, client: WebClient, triggerId: string, userId: string, initial: { resourceId?: string; breakGlass?: boolean }): Promise<void> {
  const known = ctx.identity.cached(userId);
  const build = (email: string) => renderRequestModal(requestFormOptions(ctx.engine.deps.policy(), email, initial));
  if (known?.ok) {
    await client.views.open({ trigger_id: triggerId, view: build(known.actor.email) });
    return;
  }
  const opened = await client.views.open({ trigger_id: triggerId, view: renderLoadingModal('Request access') });
  const viewId = opened.view?.id;
  const person = known ?? (await ctx.identity.resolve(userId));
  if (!viewId) return;
  await client.views.update({
    view_id: viewId,
    view: person.ok ? build(person.actor.email) : renderMessageModal('Request access', describeUnknownPerson(person)),
  });
}

export function registerRequestAccessCommand(app: SlackListeners, ctx: SlackContext): void {
  app.command(REQUEST_ACCESS_COMMAND, async ({ command, ack, client }) => {
    const parsed = parseRequestAccessText(command.text ?? '');
    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', text: renderHelp('request-access') });
        return;
      case 'invalid':
        await ack({ response_type: 'ephemeral', text: escapeMrkdwn(parsed.message) });
        return;
      case 'form':
        await ack();
        await openRequestForm(ctx, client, command.trigger_id, command.user_id, { resourceId: parsed.resourceId, breakGlass: parsed.breakGlass });
        return;
      case 'submit': {
        const person = await ctx.identity.resolve(command.user_id);
        if (!person.ok) {
          await ack({ response_type: 'ephemeral', text: escapeMrkdwn(describeUnknownPerson(person)) });
          return;
        }
        const result = submitAccessRequest(ctx.engine, person.actor, parsed.input, unexpected(ctx, REQUEST_ACCESS_COMMAND));
        // A request always brings the requester a card in their DM with Gatehouse; typed right there, a
        // private reply saying the same thing would only repeat it. Anywhere else it says where to look.
        const repeatsTheCard = result.ok && (await isGatehouseDm(client, command.channel_id, command.user_id));
        await ack(repeatsTheCard ? undefined : { response_type: 'ephemeral', text: escapeMrkdwn(result.message) });
        ctx.pump.kick();
      }
    }
  });
}
