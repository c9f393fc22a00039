/** Support form submissions. Problems go back into the form fields; nothing changes until the engine accepts. */

import type { CommandResult, FormField } from '../../../commands/command-result.js';
import { parseSupportForm, submitSupportRequest } from '../../../commands/need-support.js';
import { documentAction, elevationAction, escalationDecisionAction, noteAction, parseScopeForm, reassignAction, scopeAction } from '../../../commands/support-actions.js';
import { MODAL, SUPPORT_FIELD } from '../../../views/action-ids.js';
import { ADMIN_RIGHTS_VALUE } from '../../../views/slack/scope-modal.js';
import type { Actor } from '../../core/types.js';
import { describeUnknownPerson } from '../slack-identity.js';
import { tellPrivately, unexpected, type SlackContext } from '../slack-context.js';
import { field, textValue, type StateValues } from './view-state.js';
import type { SlackListeners } from '../listener-router.js';

type Outcome = CommandResult | { ok: false; errors: Record<string, string> };

/**
 * One submission: resolve the person, run the form's handler, and answer with field errors (on the
 * field named by the result, else `fallback`) or close the form.
 */
function onSubmit(
  app: SlackListeners,
  ctx: SlackContext,
  callbackId: string,
  fieldBlocks: Partial<Record<FormField, string>>,
  fallback: string,
  run: (actor: Actor, values: StateValues, metadata: string) => Outcome,
): void {
  app.view(callbackId, async ({ ack, view, body }) => {
    const person = await ctx.identity.resolve(body.user.id);
    if (!person.ok) {
      await ack({ response_action: 'errors', errors: { [fallback]: describeUnknownPerson(person) } });
      return;
    }
    const outcome = run(person.actor, view.state.values as StateValues, view.private_metadata ?? '');
    if ('errors' in outcome) {
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { [(outcome.field && fieldBlocks[outcome.field]) || fallback]: outcome.message } });
      return;
    }
    await ack();
    ctx.pump.kick();
    // A closed form says nothing by itself: confirm what happened and what comes next.
    tellPrivately(ctx, body.user.id, undefined, outcome.message);
  });
}

export function registerSupportModals(app: SlackListeners, ctx: SlackContext): void {
  const onError = unexpected(ctx, 'slack.support_modal');

  onSubmit(app, ctx, MODAL.needSupport, { description: SUPPORT_FIELD.description }, SUPPORT_FIELD.description, (actor, values) => {
    const form = parseSupportForm({
      description: textValue(values, SUPPORT_FIELD.description),
      device: textValue(values, SUPPORT_FIELD.device),
      urgency: field(values, SUPPORT_FIELD.urgency)?.selected_option?.value ?? null,
      ticketRef: textValue(values, SUPPORT_FIELD.ticketRef),
    });
    if (!form.ok) {
      const block = { description: SUPPORT_FIELD.description, device: SUPPORT_FIELD.device, urgency: SUPPORT_FIELD.urgency, ticketRef: SUPPORT_FIELD.ticketRef };
      return { ok: false, errors: Object.fromEntries(Object.entries(form.errors).map(([k, m]) => [block[k as keyof typeof block], m])) };
    }
    return submitSupportRequest(ctx.engine, actor, form.input, onError);
  });

  onSubmit(app, ctx, MODAL.scope, {}, SUPPORT_FIELD.device, (actor, values, sessionId) => {
    const form = parseScopeForm({
      device: textValue(values, SUPPORT_FIELD.device),
      interaction: field(values, SUPPORT_FIELD.interaction)?.selected_option?.value ?? null,
      adminRights: (field(values, SUPPORT_FIELD.adminRights)?.selected_options ?? []).some((o) => o.value === ADMIN_RIGHTS_VALUE),
      prohibited: textValue(values, SUPPORT_FIELD.prohibitedActions),
    });
    if (!form.ok) {
      const block = { device: SUPPORT_FIELD.device, interaction: SUPPORT_FIELD.interaction, prohibitedActions: SUPPORT_FIELD.prohibitedActions };
      return { ok: false, errors: Object.fromEntries(Object.entries(form.errors).map(([k, m]) => [block[k as keyof typeof block], m])) };
    }
    return scopeAction(ctx.engine, actor, sessionId, form.scope, onError);
  });

  onSubmit(
    app,
    ctx,
    MODAL.elevation,
    { description: SUPPORT_FIELD.elevationDescription, duration: SUPPORT_FIELD.elevationDuration },
    SUPPORT_FIELD.elevationDescription,
    (actor, values, sessionId) =>
      elevationAction(ctx.engine, actor, sessionId, { description: textValue(values, SUPPORT_FIELD.elevationDescription), duration: textValue(values, SUPPORT_FIELD.elevationDuration) }, onError),
  );

  onSubmit(app, ctx, MODAL.note, { note: SUPPORT_FIELD.note }, SUPPORT_FIELD.note, (actor, values, sessionId) =>
    noteAction(ctx.engine, actor, sessionId, textValue(values, SUPPORT_FIELD.note), onError),
  );

  onSubmit(
    app,
    ctx,
    MODAL.documentation,
    { actionsTaken: SUPPORT_FIELD.actionsTaken, outcome: SUPPORT_FIELD.outcome, followUps: SUPPORT_FIELD.followUps },
    SUPPORT_FIELD.actionsTaken,
    (actor, values, sessionId) =>
      documentAction(
        ctx.engine,
        actor,
        sessionId,
        { actionsTaken: textValue(values, SUPPORT_FIELD.actionsTaken), outcome: textValue(values, SUPPORT_FIELD.outcome), followUps: textValue(values, SUPPORT_FIELD.followUps) },
        onError,
      ),
  );

  onSubmit(app, ctx, MODAL.reassign, { technician: SUPPORT_FIELD.technician }, SUPPORT_FIELD.technician, (actor, values, sessionId) =>
    reassignAction(ctx.engine, actor, sessionId, field(values, SUPPORT_FIELD.technician)?.selected_option?.value, onError),
  );

  onSubmit(app, ctx, MODAL.denyEscalation, { reason: SUPPORT_FIELD.reason }, SUPPORT_FIELD.reason, (actor, values, escalationId) =>
    escalationDecisionAction(ctx.engine, actor, escalationId, false, textValue(values, SUPPORT_FIELD.reason), onError),
  );
}
