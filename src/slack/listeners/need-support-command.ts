/** `/need-support`: help, the form, or a request filed directly from the text. */

import { parseNeedSupportText, submitSupportRequest } from '../../../commands/need-support.js';
import { escapeMrkdwn } from '../../../views/slack/escape-mrkdwn.js';
import { renderHelp } from '../../../views/slack/help-text.js';
import { renderNeedSupportModal } from '../../../views/slack/need-support-modal.js';
import { isGatehouseDm } from '../gatehouse-dm.js';
import { describeUnknownPerson } from '../slack-identity.js';
import { unexpected, type SlackContext } from '../slack-context.js';
import type { SlackListeners } from '../listener-router.js';

export const NEED_SUPPORT_COMMAND = '/need-support';

export function registerNeedSupportCommand(app: SlackListeners, ctx: SlackContext): void {
  app.command(NEED_SUPPORT_COMMAND, async ({ command, ack, client }) => {
    const parsed = parseNeedSupportText(command.text ?? '');
    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', text: renderHelp('need-support') });
        return;
      case 'invalid':
        await ack({ response_type: 'ephemeral', text: escapeMrkdwn(parsed.message) });
        return;
      case 'form':
        // The form needs nothing from the database, so it opens at once, well within the trigger's life.
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: renderNeedSupportModal({ initialDescription: parsed.description }) });
        return;
      case 'submit': {
        const person = await ctx.identity.resolve(command.user_id);
        if (!person.ok) {
          await ack({ response_type: 'ephemeral', text: escapeMrkdwn(describeUnknownPerson(person)) });
          return;
        }
        const result = submitSupportRequest(ctx.engine, person.actor, parsed.input, unexpected(ctx, NEED_SUPPORT_COMMAND));
        // The "Support request received" card goes to the person's DM with Gatehouse; typed right
        // there, a private reply would say the same thing twice. Anywhere else it says where to look.
        const repeatsTheCard = result.ok && (await isGatehouseDm(client, command.channel_id, command.user_id));
        await ack(repeatsTheCard ? undefined : { response_type: 'ephemeral', text: escapeMrkdwn(result.message) });
        ctx.pump.kick();
      }
    }
  });
}
