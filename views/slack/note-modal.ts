/** A note on a live session: kept with the session record, and it counts as activity. */
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import type { ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits } from './limits.js';
import { SUPPORT_TEXT_MAX, supportModal, textInput } from './support-modal-parts.js';

/** `private_metadata` carries the session id back to the submission listener. */
export function renderNoteModal(input: { sessionId: string }): ModalView {
  assertPrivateMetadataFits(input.sessionId);
  return supportModal({
    callbackId: MODAL.note,
    title: 'Add note',
    submit: 'Add note',
    privateMetadata: input.sessionId,
    blocks: [
      textInput({
        id: SUPPORT_FIELD.note,
        label: 'Note',
        multiline: true,
        max: SUPPORT_TEXT_MAX,
        hint: 'Kept with the session record. Adding a note counts as activity.',
        placeholder: 'e.g. cleared the DNS cache; VPN now resolves the gateway',
      }),
    ],
  });
}
