/**
 * `need-support` alone in a personal chat: the same form as Slack's modal (what is wrong, device,
 * urgency, ticket), submitted as `MODAL.needSupport` with the inputs under the `SUPPORT_FIELD` ids.
 */
import { renderNeedSupportModal } from '../../slack/need-support-modal.js';
import { modalForm } from '../modal-form.js';
import type { TeamsMessage } from '../render-adaptive-card.js';
import { renderFormMessage } from './form-message.js';

export function renderNeedSupportFormCard(input: { initialDescription?: string } = {}): TeamsMessage {
  return renderFormMessage(modalForm(renderNeedSupportModal(input.initialDescription !== undefined ? { initialDescription: input.initialDescription } : {})), 'tell the support team what is wrong.');
}
