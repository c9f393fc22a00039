/**
 * `request-access` alone in a personal chat: the same form as Slack's modal (resources this person
 * may request, duration, justification, break-glass where the policy allows it), submitted as
 * `MODAL.request` with the inputs under the `REQUEST_FIELD` ids.
 */
import { renderRequestModal, type RequestModalInput } from '../../slack/request-modal.js';
import { modalForm } from '../modal-form.js';
import type { TeamsMessage } from '../render-adaptive-card.js';
import { renderFormMessage } from './form-message.js';

/** Takes what `requestFormOptions` (commands/) returns for the person, as the Slack listener does. */
export function renderRequestFormCard(input: RequestModalInput): TeamsMessage {
  const summary = input.resources.length === 0 ? 'there are no resources you can request.' : 'choose a resource, how long, and why.';
  return renderFormMessage(modalForm(renderRequestModal(input)), summary);
}
