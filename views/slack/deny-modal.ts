/** Deny asks for a reason: the requester reads it, so a denial is never unexplained. */
import type { RequestSummary } from '../../src/core/notifications.js';
import { DENY_FIELD, MODAL } from '../action-ids.js';
import type { InputBlock, ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits, INPUT_HINT_MAX, INPUT_LABEL_MAX, MODAL_BUTTON_MAX, MODAL_TITLE_MAX, PLACEHOLDER_MAX } from './limits.js';
import { plainText } from './render-block-kit.js';
import { renderRequestSummaryBlocks } from './request-summary-blocks.js';

/** Long enough for any real explanation, short enough to read in a DM. */
export const DENY_REASON_MAX = 2_000;

/** The reason field alone: Teams shows it inline under the Deny button, below the card's own summary. */
export function renderDenyReasonInput(): InputBlock {
  return {
    type: 'input',
    block_id: DENY_FIELD.reason,
    label: plainText('Reason', INPUT_LABEL_MAX),
    hint: plainText('The requester and the other approvers will see this.', INPUT_HINT_MAX),
    element: {
      type: 'plain_text_input',
      action_id: DENY_FIELD.reason,
      multiline: true,
      min_length: 1,
      max_length: DENY_REASON_MAX,
      placeholder: plainText('Why not, and what would make it acceptable', PLACEHOLDER_MAX),
    },
  };
}

/** `private_metadata` carries the request id back to the submission listener. */
export function renderDenyModal(input: { requestId: string; summary: RequestSummary }): ModalView {
  assertPrivateMetadataFits(input.requestId);
  return {
    type: 'modal',
    callback_id: MODAL.deny,
    private_metadata: input.requestId,
    title: plainText('Deny request', MODAL_TITLE_MAX),
    submit: plainText('Deny', MODAL_BUTTON_MAX),
    close: plainText('Cancel', MODAL_BUTTON_MAX),
    blocks: [...renderRequestSummaryBlocks(input.summary), renderDenyReasonInput()],
  };
}
