/** A lead hands a session that has not started to another technician. */
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import type { InputBlock, ModalView, SelectOption } from './block-kit-types.js';
import { assertPrivateMetadataFits, INPUT_HINT_MAX, INPUT_LABEL_MAX, MODAL_BUTTON_MAX, MODAL_TITLE_MAX, OPTION_TEXT_MAX, OPTION_VALUE_MAX, PLACEHOLDER_MAX, STATIC_SELECT_OPTIONS_MAX } from './limits.js';
import { plainText, textSection } from './render-block-kit.js';
import { supportModal } from './support-modal-parts.js';

/**
 * `private_metadata` carries the session id; the option value is the technician's email. Emails too
 * long to be an option value (or to show whole) are left out rather than cut, since a cut email
 * would name someone else; past Slack's 100 options the rest are left out and the hint says so.
 */
export function renderReassignModal(input: { sessionId: string; technicians: string[] }): ModalView {
  assertPrivateMetadataFits(input.sessionId);
  const usable = [...new Set(input.technicians.map((t) => t.trim()).filter((t) => t !== ''))].filter((t) => t.length <= Math.min(OPTION_VALUE_MAX, OPTION_TEXT_MAX));
  if (usable.length === 0) {
    return {
      type: 'modal',
      callback_id: MODAL.reassign,
      private_metadata: input.sessionId,
      title: plainText('Reassign session', MODAL_TITLE_MAX),
      close: plainText('Close', MODAL_BUTTON_MAX),
      blocks: [textSection('There is no technician to hand this session to. Ask your Gatehouse administrator to add technicians to the support policy.')],
    };
  }
  const shown = usable.slice(0, STATIC_SELECT_OPTIONS_MAX);
  const options: SelectOption[] = shown.map((email) => ({ text: plainText(email, OPTION_TEXT_MAX), value: email }));
  const technician: InputBlock = {
    type: 'input',
    block_id: SUPPORT_FIELD.technician,
    label: plainText('Technician', INPUT_LABEL_MAX),
    hint: plainText(
      usable.length > shown.length
        ? `Showing ${shown.length} of ${usable.length} technicians (Slack lists at most ${STATIC_SELECT_OPTIONS_MAX}). Any scope or consent so far is dropped; they record the scope again.`
        : 'Any scope or consent so far is dropped; the new technician records the scope again.',
      INPUT_HINT_MAX,
    ),
    element: { type: 'static_select', action_id: SUPPORT_FIELD.technician, placeholder: plainText('Choose a technician', PLACEHOLDER_MAX), options },
  };
  return supportModal({ callbackId: MODAL.reassign, title: 'Reassign session', submit: 'Reassign', privateMetadata: input.sessionId, blocks: [technician] });
}
