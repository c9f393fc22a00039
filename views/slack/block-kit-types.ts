/**
 * The subset of Slack Block Kit that Gatehouse renders, declared here so `views/` stays free of SDK
 * packages. Shapes follow Slack's reference; anything not listed is deliberately unsupported, and
 * `validate-blocks.ts` rejects it.
 */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface ConfirmDialog {
  title: PlainText;
  text: TextObject;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

export interface SelectOption {
  text: PlainText;
  value: string;
  description?: PlainText;
}

export interface CheckboxOption {
  text: TextObject;
  value: string;
  description?: TextObject;
}

export interface StaticSelectElement {
  type: 'static_select';
  action_id: string;
  placeholder?: PlainText;
  options: SelectOption[];
  initial_option?: SelectOption;
}

export interface PlainTextInputElement {
  type: 'plain_text_input';
  action_id: string;
  placeholder?: PlainText;
  initial_value?: string;
  multiline?: boolean;
  min_length?: number;
  max_length?: number;
}

export interface CheckboxesElement {
  type: 'checkboxes';
  action_id: string;
  options: CheckboxOption[];
  initial_options?: CheckboxOption[];
}

/** One choice of several, all visible: used where the choice matters enough to be read in full. */
export interface RadioButtonsElement {
  type: 'radio_buttons';
  action_id: string;
  options: CheckboxOption[];
  initial_option?: CheckboxOption;
}

export type InputElement = PlainTextInputElement | StaticSelectElement | CheckboxesElement | RadioButtonsElement;

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: TextObject[];
}

export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: ButtonElement[];
}

export interface InputBlock {
  type: 'input';
  block_id?: string;
  label: PlainText;
  element: InputElement;
  hint?: PlainText;
  optional?: boolean;
}

export type Block = HeaderBlock | SectionBlock | DividerBlock | ContextBlock | ActionsBlock | InputBlock;

/** A message as `chat.postMessage`, `chat.update` and slash-command responses take it. */
export interface SlackMessage {
  /** Fallback for notifications, screen readers and clients that cannot show blocks (mrkdwn). */
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  blocks: Block[];
  private_metadata?: string;
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
  private_metadata?: string;
}

export type View = ModalView | HomeView;
