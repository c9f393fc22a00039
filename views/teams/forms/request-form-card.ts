/**
 * `request-access` alone in a personal chat: the same form as Slack's modal (resources this person
 * may request, duration, justification, break-glass where the policy allows it), submitted as
 * `MODAL.request` with the inputs under the `REQUEST_FIELD` ids.
 */
import { STATIC_SELECT_OPTIONS_MAX } from '../../slack/limits.js';
import { renderRequestModal, type RequestModalInput } from '../../slack/request-modal.js';
import { modalForm, textBlock } from '../modal-form.js';
import type { TeamsMessage } from '../render-adaptive-card.js';
import { renderFormMessage } from './form-message.js';

/**
 * Takes what `requestFormOptions` (commands/) returns for the person, as the Slack listener does.
 * The list is cut where Slack's is (100, keeping the preselected one) so the form stays well inside
 * one Teams message; the note after it says how to ask for any other resource.
 */
export function renderRequestFormCard(input: RequestModalInput): TeamsMessage {
  const summary = input.resources.length === 0 ? 'there are no resources you can request.' : 'choose a resource, how long, and why.';
  const max = STATIC_SELECT_OPTIONS_MAX;
  let resources = input.resources.slice(0, max);
  const initial = input.resources.find((r) => r.id === input.initial?.resourceId);
  if (initial && !resources.includes(initial)) resources = [...resources.slice(0, max - 1), initial];
  const form = modalForm(renderRequestModal({ ...input, resources }));
  if (resources.length < input.resources.length) {
    form.elements.splice(1, 0, textBlock(`Showing ${resources.length} of ${input.resources.length} resources. For another one type request-access RESOURCE DURATION JUSTIFICATION.`, { isSubtle: true }));
  }
  return renderFormMessage(form, summary);
}
