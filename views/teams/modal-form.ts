/**
 * A Slack modal's form as Adaptive Card elements. The Slack modal renderers stay the one source of
 * every form's fields, labels, hints, limits and option values, so a form cannot differ between the
 * platforms and the same zod schemas in `commands/` parse both submissions: each input's id is the
 * Slack action id, and a ticked checkbox sends the same value Slack's option carries.
 */
import type { Block, InputBlock, ModalView, TextObject } from '../slack/block-kit-types.js';
import type { CardElement, Choice, InputElement } from './adaptive-card-types.js';
import { escapeCardMarkdown } from './escape-markdown.js';

/** Slack mrkdwn that Gatehouse wrote with `escapeMrkdwn` back to the plain text it came from. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A text object as plain text: plain_text is already plain, mrkdwn was escaped for Slack. */
function plain(text: TextObject): string {
  return text.type === 'mrkdwn' ? unescapeMrkdwn(text.text) : text.text;
}

export function textBlock(text: string, extra: { isSubtle?: boolean; weight?: 'bolder' } = {}): CardElement {
  return { type: 'TextBlock', text: escapeCardMarkdown(text), wrap: true, ...extra };
}

function required(label: string): { isRequired: true; errorMessage: string } {
  return { isRequired: true, errorMessage: `${label} is required.` };
}

function inputElement(block: InputBlock): InputElement {
  const label = block.label.text;
  const must = block.optional ? {} : required(label);
  const element = block.element;
  switch (element.type) {
    case 'plain_text_input':
      return {
        type: 'Input.Text',
        id: element.action_id,
        label,
        ...must,
        ...(element.multiline ? { isMultiline: true } : {}),
        ...(element.max_length !== undefined ? { maxLength: element.max_length } : {}),
        ...(element.placeholder ? { placeholder: element.placeholder.text } : {}),
        ...(element.initial_value !== undefined ? { value: element.initial_value } : {}),
      };
    case 'static_select':
    case 'radio_buttons': {
      const choices: Choice[] = element.options.map((o) => ({ title: o.description ? `${plain(o.text)} — ${plain(o.description)}` : plain(o.text), value: o.value }));
      const initial = element.initial_option?.value;
      return {
        type: 'Input.ChoiceSet',
        id: element.action_id,
        label,
        ...must,
        style: element.type === 'static_select' ? 'compact' : 'expanded',
        choices,
        ...(initial !== undefined ? { value: initial } : {}),
        ...(element.type === 'static_select' && element.placeholder ? { placeholder: element.placeholder.text } : {}),
      };
    }
    case 'checkboxes': {
      // Gatehouse's checkboxes are single yes/no options; a toggle sends the option's value when ticked.
      const [option, ...rest] = element.options;
      if (!option || rest.length > 0) throw new Error(`form input ${element.action_id}: only single-option checkboxes have a Teams form`);
      const on = (element.initial_options ?? []).some((o) => o.value === option.value);
      return { type: 'Input.Toggle', id: element.action_id, label, title: plain(option.text), valueOn: option.value, valueOff: '', value: on ? option.value : '' };
    }
    default: {
      const unknown: never = element;
      return unknown;
    }
  }
}

function blockElements(block: Block): CardElement[] {
  switch (block.type) {
    case 'header':
      return [textBlock(block.text.text, { weight: 'bolder' })];
    case 'section':
      return [...(block.text ? [textBlock(plain(block.text))] : []), ...(block.fields ?? []).map((f) => textBlock(plain(f)))];
    case 'context':
      return block.elements.map((e) => textBlock(plain(e), { isSubtle: true }));
    case 'divider':
    case 'actions':
      return [];
    case 'input':
      // Adaptive Cards have no input hints: the hint goes under the input as small print.
      return [inputElement(block), ...(block.hint ? [textBlock(block.hint.text, { isSubtle: true })] : [])];
    default: {
      const unknown: never = block;
      return unknown;
    }
  }
}

export interface ModalForm {
  /** The modal's callback id: the verb the form's submit sends. */
  verb: string;
  title: string;
  elements: CardElement[];
  /** The submit button's title; null when the modal only informs (nothing to submit). */
  submit: string | null;
}

export function modalForm(view: ModalView): ModalForm {
  return { verb: view.callback_id, title: view.title.text, elements: view.blocks.flatMap(blockElements), submit: view.submit?.text ?? null };
}

/** Input blocks alone (for a form shown under a card that already says what it is about). */
export function inputsForm(verb: string, title: string, submit: string, inputs: InputBlock[]): ModalForm {
  return { verb, title, elements: inputs.flatMap(blockElements), submit };
}
