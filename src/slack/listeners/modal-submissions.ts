/**
 * Form submissions. Validation problems go back into the form fields (`response_action: errors`),
 * so nothing is created and the person fixes the field they got wrong.
 */

import { denyAction, reviewAction } from '../../../commands/access-actions.js';
import type { FormField } from '../../../commands/command-result.js';
import { parseRequestForm, submitAccessRequest } from '../../../commands/request-access.js';
import { DENY_FIELD, MODAL, REQUEST_FIELD, REVIEW_FIELD } from '../../../views/action-ids.js';
import { parseReviewModalMetadata } from '../../../views/slack/review-modal.js';
import { describeUnknownPerson } from '../slack-identity.js';
import { tellPrivately, unexpected, type SlackContext } from '../slack-context.js';

import { field, type StateValues } from './view-state.js';
import type { SlackListeners } from '../listener-router.js';

/** The request form's block for a field; anything else is shown on the resource picker. */
const REQUEST_BLOCK: Partial<Record<FormField, string>> = {
  resource: REQUEST_FIELD.resource,
  duration: REQUEST_FIELD.duration,
  justification: REQUEST_FIELD.justification,
};
const requestBlock = (field: FormField | undefined) => (field && REQUEST_BLOCK[field]) || REQUEST_FIELD.resource;

export function registerModalSubmissions(app: SlackListeners, ctx: SlackContext): void {
  app.view(MODAL.request, async ({ ack, view, body }) => {
    const values = view.state.values as StateValues;
    const form = parseRequestForm({
      resource: field(values, REQUEST_FIELD.resource)?.selected_option?.value ?? null,
      duration: field(values, REQUEST_FIELD.duration)?.value ?? null,
      justification: field(values, REQUEST_FIELD.justification)?.value ?? null,
      breakGlass: (field(values, REQUEST_FIELD.breakGlass)?.selected_options ?? []).some((o) => o.value === 'break_glass'),
    });
    if (!form.ok) {
      const errors = Object.fromEntries(Object.entries(form.errors).map(([key, message]) => [requestBlock(key as FormField), message]));
      await ack({ response_action: 'errors', errors });
      return;
    }
    const person = await ctx.identity.resolve(body.user.id);
    if (!person.ok) {
      await ack({ response_action: 'errors', errors: { [REQUEST_FIELD.resource]: describeUnknownPerson(person) } });
      return;
    }
    const result = submitAccessRequest(ctx.engine, person.actor, form.input, unexpected(ctx, MODAL.request));
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [requestBlock(result.field)]: result.message } });
      return;
    }
    await ack();
    ctx.pump.kick();
  });

  app.view(MODAL.deny, async ({ ack, view, body }) => {
    const person = await ctx.identity.resolve(body.user.id);
    if (!person.ok) {
      await ack({ response_action: 'errors', errors: { [DENY_FIELD.reason]: describeUnknownPerson(person) } });
      return;
    }
    const reason = field(view.state.values as StateValues, DENY_FIELD.reason)?.value ?? '';
    const result = denyAction(ctx.engine, person.actor, view.private_metadata, reason, unexpected(ctx, MODAL.deny));
    if (!result.ok && result.field === 'reason') {
      await ack({ response_action: 'errors', errors: { [DENY_FIELD.reason]: result.message } });
      return;
    }
    await ack();
    ctx.pump.kick();
    if (!result.ok) tellPrivately(ctx, body.user.id, undefined, result.message);
  });

  app.view(MODAL.review, async ({ ack, view, body }) => {
    const person = await ctx.identity.resolve(body.user.id);
    if (!person.ok) {
      await ack({ response_action: 'errors', errors: { [REVIEW_FIELD.notes]: describeUnknownPerson(person) } });
      return;
    }
    // Damaged metadata is refused (and audited) by the command, with what arrived as the evidence.
    const meta = parseReviewModalMetadata(view.private_metadata ?? '');
    const notes = field(view.state.values as StateValues, REVIEW_FIELD.notes)?.value ?? '';
    const result = reviewAction(ctx.engine, person.actor, meta?.reviewId ?? view.private_metadata, meta?.outcome ?? null, notes, unexpected(ctx, MODAL.review));
    if (!result.ok && result.field === 'notes') {
      await ack({ response_action: 'errors', errors: { [REVIEW_FIELD.notes]: result.message } });
      return;
    }
    await ack();
    ctx.pump.kick();
    if (!result.ok) tellPrivately(ctx, body.user.id, undefined, result.message);
  });
}
