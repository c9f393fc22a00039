/** A whole message that is a form: a title, the form's elements, and a submit that sends the modal's verb. */
import type { ActionExecute } from '../adaptive-card-types.js';
import { escapeCardMarkdown } from '../escape-markdown.js';
import type { ModalForm } from '../modal-form.js';
import { plainTextBlock, teamsMessage, type TeamsMessage } from '../render-adaptive-card.js';

/**
 * `value` is what Slack keeps in the modal's `private_metadata` (empty for the personal-chat forms).
 * A form with nothing to submit (no resources to request) is a message without a button.
 */
export function renderFormMessage(form: ModalForm, summary: string, value = ''): TeamsMessage {
  const text = escapeCardMarkdown(`${form.title} — ${summary}`);
  const submit: ActionExecute[] =
    form.submit === null ? [] : [{ type: 'Action.Execute', title: form.submit, verb: form.verb, data: { value }, style: 'positive', associatedInputs: 'auto' }];
  return teamsMessage(text, [plainTextBlock(form.title, { size: 'medium', weight: 'bolder', style: 'heading' }), ...form.elements], submit);
}
