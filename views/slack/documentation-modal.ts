/** Documenting an ended session: what was done, how it ended, what is left. The session closes once this is in. */
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import type { Block, ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits } from './limits.js';
import { textSection } from './render-block-kit.js';
import { SUPPORT_TEXT_MAX, supportModal, textInput } from './support-modal-parts.js';

/**
 * `private_metadata` carries the session id back to the submission listener. `summary` is a plain
 * line about the session (who, which device) shown above the form when it is at hand; it is escaped.
 */
export function renderDocumentationModal(input: { sessionId: string; summary?: string }): ModalView {
  assertPrivateMetadataFits(input.sessionId);
  const blocks: Block[] = [];
  if (input.summary !== undefined && input.summary.trim() !== '') blocks.push(textSection(input.summary));
  blocks.push(
    textInput({
      id: SUPPORT_FIELD.actionsTaken,
      label: 'Actions taken',
      multiline: true,
      max: SUPPORT_TEXT_MAX,
      hint: 'Everything you did on the device, including anything elevated.',
      placeholder: 'e.g. reinstalled the VPN client, cleared the DNS cache',
    }),
    textInput({ id: SUPPORT_FIELD.outcome, label: 'Outcome', multiline: true, max: SUPPORT_TEXT_MAX, placeholder: 'e.g. VPN connects again; user confirmed' }),
    textInput({
      id: SUPPORT_FIELD.followUps,
      label: 'Follow-ups',
      multiline: true,
      optional: true,
      max: SUPPORT_TEXT_MAX,
      placeholder: 'e.g. replace the Wi-Fi card at the next office visit',
    }),
  );
  return supportModal({ callbackId: MODAL.documentation, title: 'Document session', submit: 'Save', privateMetadata: input.sessionId, blocks });
}
