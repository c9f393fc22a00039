/** Denying an escalation asks for a reason: the technician reads it and has to act on it. */
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import type { ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits } from './limits.js';
import { SUPPORT_REASON_MAX, supportModal, textInput } from './support-modal-parts.js';

/** `private_metadata` carries the escalation id (not the session id) back to the submission listener. */
export function renderDenyEscalationModal(input: { escalationId: string }): ModalView {
  assertPrivateMetadataFits(input.escalationId);
  return supportModal({
    callbackId: MODAL.denyEscalation,
    title: 'Deny escalation',
    submit: 'Deny',
    privateMetadata: input.escalationId,
    blocks: [
      textInput({
        id: SUPPORT_FIELD.reason,
        label: 'Reason',
        multiline: true,
        max: SUPPORT_REASON_MAX,
        hint: 'The technician sees this. For admin rights, they scope the session again without them.',
        placeholder: 'Why not, and what would be acceptable',
      }),
    ],
  });
}
