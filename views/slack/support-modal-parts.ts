/**
 * Pieces the support forms share. Every input's block_id equals its action_id (a `SUPPORT_FIELD`
 * id), so the submission listener reads `view.state.values[id][id]`.
 */
import type { InputBlock, ModalView } from './block-kit-types.js';
import { INPUT_HINT_MAX, INPUT_LABEL_MAX, MODAL_BUTTON_MAX, MODAL_TITLE_MAX, PLACEHOLDER_MAX, PLAIN_TEXT_INPUT_MAX, truncate } from './limits.js';
import { plainText } from './render-block-kit.js';

/** Longest free text any support form takes (Slack's own input limit). */
export const SUPPORT_TEXT_MAX = PLAIN_TEXT_INPUT_MAX;
/** A device name or ticket reference is a short identifier, not prose (the commands' schema allows 200 and 100). */
export const SUPPORT_DEVICE_MAX = 200;
export const SUPPORT_TICKET_MAX = 100;
/** Longest duration text the grammar accepts (`999999d`) with room to spare. */
export const SUPPORT_DURATION_INPUT_MAX = 16;
/** Same as a denial of access: long enough to explain, short enough to read in a DM. */
export const SUPPORT_REASON_MAX = 2_000;
/** A privileged action is described in a paragraph or two; the commands' schema takes the same. */
export const SUPPORT_ELEVATION_MAX = 2_000;

export interface TextInputSpec {
  /** Used as both block_id and action_id. */
  id: string;
  label: string;
  max: number;
  multiline?: boolean;
  /** Required inputs also get `min_length: 1`, so Slack refuses an empty submit before we see it. */
  optional?: boolean;
  hint?: string;
  placeholder?: string;
  initial?: string | null;
}

export function textInput(spec: TextInputSpec): InputBlock {
  const max = Math.min(spec.max, PLAIN_TEXT_INPUT_MAX);
  const initial = spec.initial?.trim() ? truncate(spec.initial, max) : undefined;
  return {
    type: 'input',
    block_id: spec.id,
    label: plainText(spec.label, INPUT_LABEL_MAX),
    ...(spec.optional ? { optional: true } : {}),
    ...(spec.hint ? { hint: plainText(spec.hint, INPUT_HINT_MAX) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: spec.id,
      ...(spec.multiline ? { multiline: true } : {}),
      ...(spec.optional ? {} : { min_length: 1 }),
      max_length: max,
      ...(spec.placeholder ? { placeholder: plainText(spec.placeholder, PLACEHOLDER_MAX) } : {}),
      ...(initial !== undefined ? { initial_value: initial } : {}),
    },
  };
}

/** The frame every support form shares: title, submit, Cancel, and the id it acts on as private_metadata. */
export function supportModal(input: { callbackId: string; title: string; submit: string; privateMetadata?: string; blocks: ModalView['blocks'] }): ModalView {
  return {
    type: 'modal',
    callback_id: input.callbackId,
    ...(input.privateMetadata !== undefined ? { private_metadata: input.privateMetadata } : {}),
    title: plainText(input.title, MODAL_TITLE_MAX),
    submit: plainText(input.submit, MODAL_BUTTON_MAX),
    close: plainText('Cancel', MODAL_BUTTON_MAX),
    blocks: input.blocks,
  };
}
