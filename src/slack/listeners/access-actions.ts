/** Buttons on access cards. Each acks at once, resolves who clicked, lets the engine decide, and reports refusals privately. */
import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs, AllMiddlewareArgs } from '@slack/bolt';
import { approveAction, cancelAction, confirmFulfilmentAction, endGrantAction, entityIdSchema } from '../../../commands/access-actions.js';
import { refuseInput, type CommandResult } from '../../../commands/command-result.js';
import { ACTION } from '../../../views/action-ids.js';
import { renderDenyModal } from '../../../views/slack/deny-modal.js';
import { renderReviewModal } from '../../../views/slack/review-modal.js';
import type { Actor } from '../../core/types.js';
import { resolveClicker, tellPrivately, unexpected, type SlackContext } from '../slack-context.js';
import { openRequestForm } from './request-access-command.js';
import { publishHome } from './app-home.js';
import type { SlackListeners } from '../listener-router.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Successes show up as card updates; only refusals need a private word. Home-tab clicks refresh the home. */
async function report(ctx: SlackContext, args: ButtonArgs, actor: Actor, result: CommandResult): Promise<void> {
  ctx.pump.kick();
  if (args.body.container?.type === 'view') await publishHome(ctx, args.client, args.body.user.id, actor.email);
  if (!result.ok) tellPrivately(ctx, args.body.user.id, args.body.channel?.id, result.message);
}

function onButton(app: SlackListeners, ctx: SlackContext, actionId: string, run: (actor: Actor, value: string, args: ButtonArgs) => Promise<CommandResult | null> | CommandResult | null): void {
  app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
    await args.ack();
    const actor = await resolveClicker(ctx, args.body.user.id, args.body.channel?.id);
    if (!actor) return;
    const result = await run(actor, args.action.value ?? '', args);
    if (result) await report(ctx, args, actor, result);
  });
}

export function registerAccessActions(app: SlackListeners, ctx: SlackContext): void {
  const onError = unexpected(ctx, 'slack.action');
  onButton(app, ctx, ACTION.approve, (actor, value) => approveAction(ctx.engine, actor, value, onError));
  onButton(app, ctx, ACTION.cancelRequest, (actor, value) => cancelAction(ctx.engine, actor, value, onError));
  onButton(app, ctx, ACTION.endGrant, (actor, value) => endGrantAction(ctx.engine, actor, value, onError));
  onButton(app, ctx, ACTION.confirmFulfilment, (actor, value) => confirmFulfilmentAction(ctx.engine, actor, value, onError));

  // Deny asks for a reason first. A request that is already decided gets its outcome instead of a form.
  app.action<BlockAction<ButtonAction>>(ACTION.deny, async (args) => {
    await args.ack();
    const parsed = entityIdSchema.safeParse(args.action.value);
    const request = parsed.success ? ctx.engine.getRequest(parsed.data) : null;
    if (request && request.status === 'pending') {
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: renderDenyModal({ requestId: request.summary.requestId, summary: request.summary }) });
      return;
    }
    if (request) {
      tellPrivately(ctx, args.body.user.id, args.body.channel?.id, `This request was already ${request.status}${request.decidedByEmail ? ` by ${request.decidedByEmail}` : ''}.`);
      return;
    }
    const actor = await resolveClicker(ctx, args.body.user.id, args.body.channel?.id);
    if (!actor) return;
    const refused = refuseInput(ctx.engine, { actor, action: 'access.deny', value: args.action.value, message: 'That button does not belong to a Gatehouse request.' }, onError);
    tellPrivately(ctx, args.body.user.id, args.body.channel?.id, refused.message);
  });

  for (const [actionId, outcome] of [
    [ACTION.reviewAppropriate, 'appropriate'],
    [ACTION.reviewInappropriate, 'inappropriate'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
      await args.ack();
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: renderReviewModal({ reviewId: args.action.value ?? '', outcome }) });
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTION.requestMore, async (args) => {
    await args.ack();
    await openRequestForm(ctx, args.client, args.body.trigger_id, args.body.user.id, { resourceId: args.action.value });
  });

  app.action<BlockAction<ButtonAction>>(ACTION.openRequestForm, async (args) => {
    await args.ack();
    await openRequestForm(ctx, args.client, args.body.trigger_id, args.body.user.id, {});
  });
}
