/** Buttons on support cards: claim, scope, consent, escalations, session controls, documentation. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { entityIdSchema } from '../../../commands/access-actions.js';
import { refuseInput, type CommandResult } from '../../../commands/command-result.js';
import { cancelSupportAction, claimAction, consentAction, endSessionAction, escalationDecisionAction } from '../../../commands/support-actions.js';
import { ACTION } from '../../../views/action-ids.js';
import { renderDenyEscalationModal } from '../../../views/slack/deny-escalation-modal.js';
import { renderDocumentationModal } from '../../../views/slack/documentation-modal.js';
import { renderElevationModal } from '../../../views/slack/elevation-modal.js';
import { renderNoteModal } from '../../../views/slack/note-modal.js';
import { renderReassignModal } from '../../../views/slack/reassign-modal.js';
import { renderScopeModal } from '../../../views/slack/scope-modal.js';
import { expandPrincipals } from '../../core/principals.js';
import type { Actor } from '../../core/types.js';
import { resolveClicker, tellPrivately, unexpected, type SlackContext } from '../slack-context.js';
import type { SlackListeners } from '../listener-router.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A button the engine acts on directly; successes show up as card updates, refusals privately. */
function onDecision(app: SlackListeners, ctx: SlackContext, actionId: string, run: (actor: Actor, value: string) => CommandResult): void {
  app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
    await args.ack();
    const actor = await resolveClicker(ctx, args.body.user.id, args.body.channel?.id);
    if (!actor) return;
    const result = run(actor, args.action.value ?? '');
    ctx.pump.kick();
    if (!result.ok) tellPrivately(ctx, args.body.user.id, args.body.channel?.id, result.message);
  });
}

/**
 * A button that opens a form; the form opens first, before anything slow (the trigger id dies in
 * ~3 s). A button for no session Gatehouse knows opens nothing and is refused as `action` would be.
 */
function onForm(app: SlackListeners, ctx: SlackContext, actionId: string, action: string, view: (value: string) => Parameters<ButtonArgs['client']['views']['open']>[0]['view'] | null): void {
  app.action<BlockAction<ButtonAction>>(actionId, async (args) => {
    await args.ack();
    const parsed = entityIdSchema.safeParse(args.action.value);
    const rendered = parsed.success ? view(parsed.data) : null;
    if (rendered) {
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: rendered });
      return;
    }
    const actor = await resolveClicker(ctx, args.body.user.id, args.body.channel?.id);
    if (!actor) return;
    const message = 'That button does not belong to a Gatehouse support session.';
    const refused = refuseInput(ctx.engine, { actor, action, value: args.action.value, message }, unexpected(ctx, actionId));
    tellPrivately(ctx, args.body.user.id, args.body.channel?.id, refused.message);
  });
}

export function registerSupportActions(app: SlackListeners, ctx: SlackContext): void {
  const onError = unexpected(ctx, 'slack.support_action');
  onDecision(app, ctx, ACTION.claimSession, (actor, value) => claimAction(ctx.engine, actor, value, onError));
  onDecision(app, ctx, ACTION.approveEscalation, (actor, value) => escalationDecisionAction(ctx.engine, actor, value, true, undefined, onError));
  onDecision(app, ctx, ACTION.allowSession, (actor, value) => consentAction(ctx.engine, actor, value, true, onError));
  onDecision(app, ctx, ACTION.declineSession, (actor, value) => consentAction(ctx.engine, actor, value, false, onError));
  onDecision(app, ctx, ACTION.endSession, (actor, value) => endSessionAction(ctx.engine, actor, value, onError));
  onDecision(app, ctx, ACTION.stopSession, (actor, value) => endSessionAction(ctx.engine, actor, value, onError));
  onDecision(app, ctx, ACTION.cancelSupport, (actor, value) => cancelSupportAction(ctx.engine, actor, value, onError));

  onForm(app, ctx, ACTION.defineScope, 'support.scope', (id) => {
    const session = ctx.engine.support.get(id);
    const support = ctx.engine.deps.policy().support;
    return session ? renderScopeModal({ sessionId: id, device: session.device, defaultProhibited: support?.prohibitedActions ?? [] }) : null;
  });
  onForm(app, ctx, ACTION.reassignSession, 'support.reassign', (id) => {
    const policy = ctx.engine.deps.policy();
    const session = ctx.engine.support.get(id);
    if (!session || !policy.support) return null;
    const technicians = expandPrincipals(policy, policy.support.technicians, null).filter((t) => t !== session.endUserEmail && t !== session.technicianEmail);
    return renderReassignModal({ sessionId: id, technicians });
  });
  onForm(app, ctx, ACTION.denyEscalation, 'support.escalation_deny', (id) => renderDenyEscalationModal({ escalationId: id }));
  onForm(app, ctx, ACTION.requestElevation, 'support.elevation', (id) => renderElevationModal({ sessionId: id }));
  onForm(app, ctx, ACTION.addNote, 'support.note', (id) => renderNoteModal({ sessionId: id }));
  onForm(app, ctx, ACTION.documentSession, 'support.document', (id) => {
    const session = ctx.engine.support.get(id);
    return session ? renderDocumentationModal({ sessionId: id, summary: `${session.endUserEmail}: ${session.description}` }) : null;
  });
}
