/**
 * A structural check of the Block Kit Gatehouse produces, against Slack's published limits. Slack
 * answers a bad payload with a bare `invalid_blocks`; this names the path and the rule instead.
 * Only the blocks and elements in `block-kit-types.ts` are known: anything else is reported, so a
 * new block type has to be added here (and reviewed) before it can ship. Pure, for tests and the sandbox.
 */
import * as L from './limits.js';

export type Surface = 'message' | 'modal' | 'home';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly issues: string[] = [];

  fail(path: string, message: string): void {
    this.issues.push(`${path}: ${message}`);
  }

  keys(obj: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) if (!allowed.includes(key)) this.fail(path, `unknown property "${key}"`);
  }

  string(value: unknown, path: string, max: number, { min = 1, required = true } = {}): value is string {
    if (value === undefined) {
      if (required) this.fail(path, 'is required');
      return false;
    }
    if (typeof value !== 'string') {
      this.fail(path, 'must be a string');
      return false;
    }
    if (value.length < min) this.fail(path, `must be at least ${min} characters`);
    if (value.length > max) this.fail(path, `is ${value.length} characters, over the limit of ${max}`);
    return true;
  }

  text(value: unknown, path: string, max: number, types: readonly ('plain_text' | 'mrkdwn')[] = ['plain_text', 'mrkdwn']): void {
    if (!isObj(value)) return this.fail(path, 'must be a text object');
    if (!types.includes(value.type as 'plain_text')) return this.fail(path, `text type must be ${types.join(' or ')}, got ${String(value.type)}`);
    this.keys(value, path, value.type === 'plain_text' ? ['type', 'text', 'emoji'] : ['type', 'text', 'verbatim']);
    this.string(value.text, `${path}.text`, max);
  }

  optionalText(value: unknown, path: string, max: number, types?: readonly ('plain_text' | 'mrkdwn')[]): void {
    if (value !== undefined) this.text(value, path, max, types);
  }

  array(value: unknown, path: string, min: number, max: number): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
      return [];
    }
    if (value.length < min) this.fail(path, `needs at least ${min} item(s)`);
    if (value.length > max) this.fail(path, `has ${value.length} items, over the limit of ${max}`);
    return value;
  }

  id(value: unknown, path: string, required: boolean): void {
    this.string(value, path, L.ID_MAX, { required });
  }

  confirm(value: unknown, path: string): void {
    if (!isObj(value)) return this.fail(path, 'must be a confirm object');
    this.keys(value, path, ['title', 'text', 'confirm', 'deny', 'style']);
    this.text(value.title, `${path}.title`, L.CONFIRM_TITLE_MAX, ['plain_text']);
    this.text(value.text, `${path}.text`, L.CONFIRM_TEXT_MAX);
    this.text(value.confirm, `${path}.confirm`, L.CONFIRM_BUTTON_MAX, ['plain_text']);
    this.text(value.deny, `${path}.deny`, L.CONFIRM_BUTTON_MAX, ['plain_text']);
    if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') this.fail(`${path}.style`, 'must be primary or danger');
  }

  button(value: unknown, path: string): void {
    if (!isObj(value) || value.type !== 'button') return this.fail(path, `unknown element type ${isObj(value) ? String(value.type) : typeof value}`);
    this.keys(value, path, ['type', 'action_id', 'text', 'value', 'style', 'confirm']);
    this.id(value.action_id, `${path}.action_id`, true);
    this.text(value.text, `${path}.text`, L.BUTTON_TEXT_MAX, ['plain_text']);
    this.string(value.value, `${path}.value`, L.BUTTON_VALUE_MAX, { required: false });
    if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') this.fail(`${path}.style`, 'must be primary or danger');
    if (value.confirm !== undefined) this.confirm(value.confirm, `${path}.confirm`);
  }

  option(value: unknown, path: string, textTypes: readonly ('plain_text' | 'mrkdwn')[]): string | null {
    if (!isObj(value)) {
      this.fail(path, 'must be an option object');
      return null;
    }
    this.keys(value, path, ['text', 'value', 'description']);
    this.text(value.text, `${path}.text`, L.OPTION_TEXT_MAX, textTypes);
    this.string(value.value, `${path}.value`, L.OPTION_VALUE_MAX);
    this.optionalText(value.description, `${path}.description`, L.OPTION_TEXT_MAX, textTypes);
    return JSON.stringify(value);
  }

  options(value: unknown, path: string, max: number, textTypes: readonly ('plain_text' | 'mrkdwn')[]): Set<string> {
    const seen = new Set<string>();
    const values = new Set<string>();
    this.array(value, path, 1, max).forEach((option, i) => {
      const key = this.option(option, `${path}[${i}]`, textTypes);
      if (key) seen.add(key);
      if (isObj(option) && typeof option.value === 'string') {
        if (values.has(option.value)) this.fail(`${path}[${i}].value`, `duplicate option value "${option.value}"`);
        values.add(option.value);
      }
    });
    return seen;
  }

  inputElement(value: unknown, path: string): void {
    if (!isObj(value)) return this.fail(path, 'must be an element');
    this.id(value.action_id, `${path}.action_id`, true);
    switch (value.type) {
      case 'plain_text_input': {
        this.keys(value, path, ['type', 'action_id', 'placeholder', 'initial_value', 'multiline', 'min_length', 'max_length']);
        this.optionalText(value.placeholder, `${path}.placeholder`, L.PLACEHOLDER_MAX, ['plain_text']);
        const min = value.min_length;
        const max = value.max_length;
        for (const [name, n] of [['min_length', min], ['max_length', max]] as const) {
          if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > L.PLAIN_TEXT_INPUT_MAX)) this.fail(`${path}.${name}`, `must be an integer from 0 to ${L.PLAIN_TEXT_INPUT_MAX}`);
        }
        if (typeof min === 'number' && typeof max === 'number' && min > max) this.fail(path, 'min_length is greater than max_length');
        if (value.initial_value !== undefined) {
          this.string(value.initial_value, `${path}.initial_value`, typeof max === 'number' ? max : L.PLAIN_TEXT_INPUT_MAX, { min: 0 });
        }
        if (value.multiline !== undefined && typeof value.multiline !== 'boolean') this.fail(`${path}.multiline`, 'must be a boolean');
        return;
      }
      case 'static_select': {
        this.keys(value, path, ['type', 'action_id', 'placeholder', 'options', 'initial_option']);
        this.optionalText(value.placeholder, `${path}.placeholder`, L.PLACEHOLDER_MAX, ['plain_text']);
        const known = this.options(value.options, `${path}.options`, L.STATIC_SELECT_OPTIONS_MAX, ['plain_text']);
        if (value.initial_option !== undefined) {
          const key = this.option(value.initial_option, `${path}.initial_option`, ['plain_text']);
          if (key && !known.has(key)) this.fail(`${path}.initial_option`, 'must be exactly one of the options');
        }
        return;
      }
      case 'checkboxes': {
        this.keys(value, path, ['type', 'action_id', 'options', 'initial_options']);
        const known = this.options(value.options, `${path}.options`, L.CHECKBOX_OPTIONS_MAX, ['plain_text', 'mrkdwn']);
        if (value.initial_options !== undefined) {
          this.array(value.initial_options, `${path}.initial_options`, 1, L.CHECKBOX_OPTIONS_MAX).forEach((option, i) => {
            const key = this.option(option, `${path}.initial_options[${i}]`, ['plain_text', 'mrkdwn']);
            if (key && !known.has(key)) this.fail(`${path}.initial_options[${i}]`, 'must be exactly one of the options');
          });
        }
        return;
      }
      case 'radio_buttons': {
        this.keys(value, path, ['type', 'action_id', 'options', 'initial_option']);
        const known = this.options(value.options, `${path}.options`, L.RADIO_OPTIONS_MAX, ['plain_text', 'mrkdwn']);
        if (value.initial_option !== undefined) {
          const key = this.option(value.initial_option, `${path}.initial_option`, ['plain_text', 'mrkdwn']);
          if (key && !known.has(key)) this.fail(`${path}.initial_option`, 'must be exactly one of the options');
        }
        return;
      }
      default:
        this.fail(path, `unknown element type ${String(value.type)}`);
    }
  }

  block(block: unknown, path: string, surface: Surface): void {
    if (!isObj(block)) return this.fail(path, 'must be a block object');
    this.id(block.block_id, `${path}.block_id`, false);
    switch (block.type) {
      case 'header':
        this.keys(block, path, ['type', 'block_id', 'text']);
        this.text(block.text, `${path}.text`, L.HEADER_TEXT_MAX, ['plain_text']);
        return;
      case 'section':
        this.keys(block, path, ['type', 'block_id', 'text', 'fields']);
        if (block.text === undefined && block.fields === undefined) this.fail(path, 'needs text or fields');
        this.optionalText(block.text, `${path}.text`, L.SECTION_TEXT_MAX);
        if (block.fields !== undefined) {
          this.array(block.fields, `${path}.fields`, 1, L.SECTION_FIELDS_MAX).forEach((field, i) => this.text(field, `${path}.fields[${i}]`, L.SECTION_FIELD_TEXT_MAX));
        }
        return;
      case 'divider':
        this.keys(block, path, ['type', 'block_id']);
        return;
      case 'context':
        this.keys(block, path, ['type', 'block_id', 'elements']);
        this.array(block.elements, `${path}.elements`, 1, L.CONTEXT_ELEMENTS_MAX).forEach((element, i) => this.text(element, `${path}.elements[${i}]`, L.TEXT_OBJECT_MAX));
        return;
      case 'actions': {
        this.keys(block, path, ['type', 'block_id', 'elements']);
        const ids = new Set<string>();
        this.array(block.elements, `${path}.elements`, 1, L.ACTIONS_ELEMENTS_MAX).forEach((element, i) => {
          this.button(element, `${path}.elements[${i}]`);
          const id = isObj(element) ? element.action_id : undefined;
          if (typeof id === 'string') {
            // Slack requires action ids to be unique within a block.
            if (ids.has(id)) this.fail(`${path}.elements[${i}].action_id`, `duplicate action_id "${id}" in one block`);
            ids.add(id);
          }
        });
        return;
      }
      case 'input':
        if (surface !== 'modal') this.fail(path, `input blocks belong in modals, not in a ${surface}`);
        this.keys(block, path, ['type', 'block_id', 'label', 'element', 'hint', 'optional']);
        this.text(block.label, `${path}.label`, L.INPUT_LABEL_MAX, ['plain_text']);
        this.optionalText(block.hint, `${path}.hint`, L.INPUT_HINT_MAX, ['plain_text']);
        if (block.optional !== undefined && typeof block.optional !== 'boolean') this.fail(`${path}.optional`, 'must be a boolean');
        this.inputElement(block.element, `${path}.element`);
        return;
      default:
        this.fail(path, `unknown block type ${String(block.type)}`);
    }
  }

  blocks(blocks: unknown, path: string, surface: Surface): void {
    const max = surface === 'message' ? L.MESSAGE_BLOCKS_MAX : L.VIEW_BLOCKS_MAX;
    const ids = new Set<string>();
    this.array(blocks, path, surface === 'message' ? 0 : 1, max).forEach((block, i) => {
      this.block(block, `${path}[${i}]`, surface);
      const id = isObj(block) ? block.block_id : undefined;
      if (typeof id === 'string') {
        if (ids.has(id)) this.fail(`${path}[${i}].block_id`, `duplicate block_id "${id}"`);
        ids.add(id);
      }
    });
  }
}

/** Problems with a list of blocks for the given surface; empty when Slack should accept it. */
export function validateBlocks(blocks: unknown, surface: Surface = 'message'): string[] {
  const checker = new Checker();
  checker.blocks(blocks, 'blocks', surface);
  return checker.issues;
}

/** A message: fallback `text` plus blocks. */
export function validateMessage(message: unknown): string[] {
  const checker = new Checker();
  if (!isObj(message)) return ['message: must be an object'];
  checker.keys(message, 'message', ['text', 'blocks']);
  checker.string(message.text, 'text', L.MESSAGE_TEXT_MAX);
  checker.blocks(message.blocks, 'blocks', 'message');
  return checker.issues;
}

/** A modal or App Home view. */
export function validateView(view: unknown): string[] {
  const checker = new Checker();
  if (!isObj(view)) return ['view: must be an object'];
  checker.string(view.private_metadata, 'private_metadata', L.PRIVATE_METADATA_MAX, { min: 0, required: false });
  if (view.type === 'home') {
    checker.keys(view, 'view', ['type', 'blocks', 'private_metadata']);
    checker.blocks(view.blocks, 'blocks', 'home');
  } else if (view.type === 'modal') {
    checker.keys(view, 'view', ['type', 'callback_id', 'title', 'submit', 'close', 'blocks', 'private_metadata']);
    checker.id(view.callback_id, 'callback_id', true);
    checker.text(view.title, 'title', L.MODAL_TITLE_MAX, ['plain_text']);
    checker.optionalText(view.submit, 'submit', L.MODAL_BUTTON_MAX, ['plain_text']);
    checker.optionalText(view.close, 'close', L.MODAL_BUTTON_MAX, ['plain_text']);
    checker.blocks(view.blocks, 'blocks', 'modal');
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    // Slack refuses a modal with inputs but no submit button.
    if (hasInput && view.submit === undefined) checker.fail('submit', 'is required when the modal has input blocks');
  } else {
    checker.fail('view.type', `unknown view type ${String(view.type)}`);
  }
  return checker.issues;
}
