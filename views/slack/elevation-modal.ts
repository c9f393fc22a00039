/** A time-boxed privileged action during a live session: described, then approved by an escalation approver. */
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import type { ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits } from './limits.js';
import { textSection } from './render-block-kit.js';
import { SUPPORT_DURATION_INPUT_MAX, SUPPORT_ELEVATION_MAX, supportModal, textInput } from './support-modal-parts.js';

/** `private_metadata` carries the session id back to the submission listener. */
export function renderElevationModal(input: { sessionId: string }): ModalView {
  assertPrivateMetadataFits(input.sessionId);
  return supportModal({
    callbackId: MODAL.elevation,
    title: 'Request elevation',
    submit: 'Ask for approval',
    privateMetadata: input.sessionId,
    blocks: [
      textSection('An escalation approver must approve this; it lapses automatically at the end of the time box. The audit log records it.'),
      textInput({
        id: SUPPORT_FIELD.elevationDescription,
        label: 'What privileged action, and why',
        multiline: true,
        // The same limit the elevation command enforces on a description.
        max: SUPPORT_ELEVATION_MAX,
        placeholder: 'e.g. reinstall the VPN client driver, which needs local admin',
      }),
      textInput({
        id: SUPPORT_FIELD.elevationDuration,
        label: 'For how long',
        max: SUPPORT_DURATION_INPUT_MAX,
        hint: 'e.g. 15m or 1h; as short as the task needs',
        placeholder: 'e.g. 15m',
      }),
    ],
  });
}
