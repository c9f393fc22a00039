/**
 * Universal Actions (`Action.Execute`) -> the same command modules the Slack buttons and modals call.
 * `data.value` is the entity id (what Slack carries in a button value or `private_metadata`); form
 * inputs arrive under the same ids as the Slack modal fields, so the same zod schemas parse them.
 * Each handler returns the sentence the clicker sees; cards themselves are refreshed on every copy
 * by the notifications the engine queues.
 */
import { approveAction, cancelAction, confirmFulfilmentAction, denyAction, endGrantAction, reviewAction } from '../../commands/access-actions.js';
import { invalid, type CommandResult } from '../../commands/command-result.js';
import { parseSupportForm, submitSupportRequest } from '../../commands/need-support.js';
import { parseRequestForm, submitAccessRequest } from '../../commands/request-access.js';
import {
  cancelSupportAction,
  claimAction,
  consentAction,
  documentAction,
  elevationAction,
  endSessionAction,
  escalationDecisionAction,
  noteAction,
  parseScopeForm,
  reassignAction,
  scopeAction,
} from '../../commands/support-actions.js';
import { ACTION, DENY_FIELD, MODAL, REQUEST_FIELD, REVIEW_FIELD, SUPPORT_FIELD } from '../../views/action-ids.js';
import { BREAK_GLASS_VALUE } from '../../views/slack/request-modal.js';
import { ADMIN_RIGHTS_VALUE } from '../../views/slack/scope-modal.js';
import type { Engine } from '../core/create-engine.js';
import type { Actor } from '../core/types.js';

export type ExecuteData = Record<string, string | number | boolean | null>;

type Run = (engine: Engine, actor: Actor, data: ExecuteData, onUnexpected: (error: unknown) => void) => CommandResult;

/** A form input as text; anything else (missing, a number) reads as empty and fails its schema. */
const str = (data: ExecuteData, key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);

/** Field errors of a form, as one sentence per field (Teams has no per-field error answer for Action.Execute). */
function formErrors(errors: Record<string, string | undefined>): CommandResult {
  return invalid(Object.values(errors).filter(Boolean).join(' '));
}

export const TEAMS_ACTIONS: Readonly<Record<string, Run>> = {
  [ACTION.approve]: (engine, actor, d, u) => approveAction(engine, actor, d.value, u),
  [ACTION.cancelRequest]: (engine, actor, d, u) => cancelAction(engine, actor, d.value, u),
  [ACTION.endGrant]: (engine, actor, d, u) => endGrantAction(engine, actor, d.value, u),
  [ACTION.confirmFulfilment]: (engine, actor, d, u) => confirmFulfilmentAction(engine, actor, d.value, u),
  [MODAL.deny]: (engine, actor, d, u) => denyAction(engine, actor, d.value, str(d, DENY_FIELD.reason) ?? '', u),
  [MODAL.review]: (engine, actor, d, u) => reviewAction(engine, actor, d.value, d.outcome, str(d, REVIEW_FIELD.notes) ?? '', u),
  [MODAL.request]: (engine, actor, d, u) => {
    const form = parseRequestForm({
      resource: str(d, REQUEST_FIELD.resource),
      duration: str(d, REQUEST_FIELD.duration),
      justification: str(d, REQUEST_FIELD.justification),
      breakGlass: d[REQUEST_FIELD.breakGlass] === BREAK_GLASS_VALUE,
    });
    return form.ok ? submitAccessRequest(engine, actor, form.input, u) : formErrors(form.errors);
  },
  [MODAL.needSupport]: (engine, actor, d, u) => {
    const form = parseSupportForm({
      description: str(d, SUPPORT_FIELD.description),
      device: str(d, SUPPORT_FIELD.device),
      urgency: str(d, SUPPORT_FIELD.urgency),
      ticketRef: str(d, SUPPORT_FIELD.ticketRef),
    });
    return form.ok ? submitSupportRequest(engine, actor, form.input, u) : formErrors(form.errors);
  },
  [ACTION.claimSession]: (engine, actor, d, u) => claimAction(engine, actor, d.value, u),
  [ACTION.approveEscalation]: (engine, actor, d, u) => escalationDecisionAction(engine, actor, d.value, true, undefined, u),
  [MODAL.denyEscalation]: (engine, actor, d, u) => escalationDecisionAction(engine, actor, d.value, false, str(d, SUPPORT_FIELD.reason) ?? '', u),
  [ACTION.allowSession]: (engine, actor, d, u) => consentAction(engine, actor, d.value, true, u),
  [ACTION.declineSession]: (engine, actor, d, u) => consentAction(engine, actor, d.value, false, u),
  [ACTION.endSession]: (engine, actor, d, u) => endSessionAction(engine, actor, d.value, u),
  [ACTION.stopSession]: (engine, actor, d, u) => endSessionAction(engine, actor, d.value, u),
  [ACTION.cancelSupport]: (engine, actor, d, u) => cancelSupportAction(engine, actor, d.value, u),
  [MODAL.scope]: (engine, actor, d, u) => {
    const form = parseScopeForm({
      device: str(d, SUPPORT_FIELD.device),
      interaction: str(d, SUPPORT_FIELD.interaction),
      adminRights: d[SUPPORT_FIELD.adminRights] === ADMIN_RIGHTS_VALUE,
      prohibited: str(d, SUPPORT_FIELD.prohibitedActions),
    });
    return form.ok ? scopeAction(engine, actor, d.value, form.scope, u) : formErrors(form.errors);
  },
  [MODAL.elevation]: (engine, actor, d, u) =>
    elevationAction(engine, actor, d.value, { description: str(d, SUPPORT_FIELD.elevationDescription), duration: str(d, SUPPORT_FIELD.elevationDuration) }, u),
  [MODAL.note]: (engine, actor, d, u) => noteAction(engine, actor, d.value, str(d, SUPPORT_FIELD.note) ?? '', u),
  [MODAL.documentation]: (engine, actor, d, u) =>
    documentAction(engine, actor, d.value, { actionsTaken: str(d, SUPPORT_FIELD.actionsTaken), outcome: str(d, SUPPORT_FIELD.outcome), followUps: str(d, SUPPORT_FIELD.followUps) }, u),
  [MODAL.reassign]: (engine, actor, d, u) => reassignAction(engine, actor, d.value, str(d, SUPPORT_FIELD.technician)?.trim(), u),
};

/** Buttons that open the request form (on closure and home cards): answered with a new form card. */
export const OPEN_REQUEST_FORM_VERBS: readonly string[] = [ACTION.requestMore, ACTION.openRequestForm];
