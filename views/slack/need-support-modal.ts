/** The support request form, opened by `/need-support` alone (or with text, to prefill the description). */
import type { SupportUrgency } from '../../src/core/support-types.js';
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import { describeUrgency } from '../text/support-text.js';
import type { InputBlock, ModalView, SelectOption } from './block-kit-types.js';
import { assertPrivateMetadataFits, INPUT_HINT_MAX, INPUT_LABEL_MAX, OPTION_TEXT_MAX, PLACEHOLDER_MAX } from './limits.js';
import { plainText } from './render-block-kit.js';
import { SUPPORT_DEVICE_MAX, SUPPORT_TEXT_MAX, SUPPORT_TICKET_MAX, supportModal, textInput } from './support-modal-parts.js';

export interface NeedSupportModalInput {
  initialDescription?: string;
  /** Opaque to Slack, returned on submit (e.g. where to answer); must fit Slack's 3000 characters. */
  privateMetadata?: string;
}

const URGENCY_HINTS: Record<SupportUrgency, string> = {
  low: 'whenever someone is free',
  normal: 'today, please',
  high: 'I cannot work',
};

/** Option values are the engine's urgency values: `low`, `normal`, `high`. */
export const URGENCY_VALUES: readonly SupportUrgency[] = ['low', 'normal', 'high'];

function urgencyOption(urgency: SupportUrgency): SelectOption {
  return { text: plainText(describeUrgency(urgency), OPTION_TEXT_MAX), value: urgency, description: plainText(URGENCY_HINTS[urgency], OPTION_TEXT_MAX) };
}

export function renderNeedSupportModal(input: NeedSupportModalInput = {}): ModalView {
  assertPrivateMetadataFits(input.privateMetadata);
  const options = URGENCY_VALUES.map(urgencyOption);
  const urgency: InputBlock = {
    type: 'input',
    block_id: SUPPORT_FIELD.urgency,
    label: plainText('Urgency', INPUT_LABEL_MAX),
    hint: plainText('How much it stops you working.', INPUT_HINT_MAX),
    element: {
      type: 'static_select',
      action_id: SUPPORT_FIELD.urgency,
      placeholder: plainText('Choose', PLACEHOLDER_MAX),
      options,
      initial_option: options[1]!,
    },
  };
  return supportModal({
    callbackId: MODAL.needSupport,
    title: 'Get support',
    submit: 'Send',
    ...(input.privateMetadata !== undefined ? { privateMetadata: input.privateMetadata } : {}),
    blocks: [
      textInput({
        id: SUPPORT_FIELD.description,
        label: 'What is wrong?',
        multiline: true,
        max: SUPPORT_TEXT_MAX,
        hint: 'The support team sees this. Say what you were doing and what happened.',
        placeholder: 'e.g. my laptop cannot reach the VPN since this morning',
        initial: input.initialDescription ?? null,
      }),
      textInput({
        id: SUPPORT_FIELD.device,
        label: 'Device',
        optional: true,
        max: SUPPORT_DEVICE_MAX,
        hint: 'The computer or phone it is about, if you know its name.',
        placeholder: 'e.g. LAPTOP-1234',
      }),
      urgency,
      textInput({ id: SUPPORT_FIELD.ticketRef, label: 'Ticket reference', optional: true, max: SUPPORT_TICKET_MAX, placeholder: 'e.g. HD-1042' }),
    ],
  });
}
