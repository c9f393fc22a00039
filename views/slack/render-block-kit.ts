/**
 * Card -> Block Kit. Every string from the card is treated as plain text: escaped before it goes
 * into mrkdwn, and cut to Slack's limits, so no card content can ping a channel or make Slack
 * reject the message.
 */
import type { Card, CardAction, CardSection } from '../card-model.js';
import type { ActionsBlock, Block, ButtonElement, ContextBlock, Mrkdwn, PlainText, SectionBlock, SlackMessage } from './block-kit-types.js';
import { escapeMrkdwn, truncateMrkdwn } from './escape-mrkdwn.js';
import {
  ACTIONS_ELEMENTS_MAX,
  BUTTON_TEXT_MAX,
  BUTTON_VALUE_MAX,
  CONFIRM_BUTTON_MAX,
  CONFIRM_TEXT_MAX,
  CONFIRM_TITLE_MAX,
  CONTEXT_ELEMENTS_MAX,
  HEADER_TEXT_MAX,
  ID_MAX,
  MESSAGE_BLOCKS_MAX,
  NOTIFICATION_TEXT_MAX,
  SECTION_FIELD_TEXT_MAX,
  SECTION_FIELDS_MAX,
  SECTION_TEXT_MAX,
  TEXT_OBJECT_MAX,
  truncate,
} from './limits.js';

export interface RenderCardOptions {
  /** Blocks this card may use: 50 for a message, less when it shares a view with other cards. */
  maxBlocks?: number;
  /** Title as a bold line instead of a header block: for items listed under a group header. */
  compact?: boolean;
}

/** Slack rejects empty text objects, so an empty value is shown as a dash. */
const orDash = (text: string): string => (text.trim() === '' ? '—' : text);

/** plain_text is never parsed for mentions or links, so it needs no escaping; only cutting. */
export function plainText(text: string, max: number): PlainText {
  return { type: 'plain_text', text: truncate(orDash(text), max), emoji: true };
}

/** mrkdwn from text that is already escaped (or is our own markup around escaped text). */
export function mrkdwn(escaped: string, max: number = TEXT_OBJECT_MAX): Mrkdwn {
  return { type: 'mrkdwn', text: truncateMrkdwn(orDash(escaped), max) };
}

/** A section of plain text, escaped. */
export function textSection(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(escapeMrkdwn(text), SECTION_TEXT_MAX) };
}

/** `*Label*` then each line quoted: Slack quotes line by line, and every line is escaped on its own. */
export function quoteMrkdwn(label: string, text: string): string {
  const lines = orDash(text.trim()).split(/\r\n|\r|\n/);
  return `*${escapeMrkdwn(label)}*\n${lines.map((line) => `>${escapeMrkdwn(line)}`).join('\n')}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sectionBlocks(section: CardSection): Block[] {
  switch (section.kind) {
    case 'text':
      return section.text.trim() === '' ? [] : [textSection(section.text)];
    case 'quote':
      return [{ type: 'section', text: mrkdwn(quoteMrkdwn(section.label, section.text), SECTION_TEXT_MAX) }];
    case 'fields':
      return chunk(section.fields, SECTION_FIELDS_MAX).map((fields) => ({
        type: 'section',
        fields: fields.map((f) => mrkdwn(`*${escapeMrkdwn(orDash(f.label))}*\n${escapeMrkdwn(orDash(f.value))}`, SECTION_FIELD_TEXT_MAX)),
      }));
    case 'divider':
      return [{ type: 'divider' }];
    default: {
      const unknown: never = section;
      return unknown;
    }
  }
}

function contextBlock(lines: string[]): ContextBlock | null {
  const kept = lines.filter((line) => line.trim() !== '');
  if (kept.length === 0) return null;
  // Past the element limit the rest are joined into the last element rather than dropped.
  const elements = kept.length <= CONTEXT_ELEMENTS_MAX ? kept : [...kept.slice(0, CONTEXT_ELEMENTS_MAX - 1), kept.slice(CONTEXT_ELEMENTS_MAX - 1).join(' · ')];
  return { type: 'context', elements: elements.map((line) => mrkdwn(escapeMrkdwn(line), TEXT_OBJECT_MAX)) };
}

export function button(action: CardAction): ButtonElement {
  const element: ButtonElement = { type: 'button', action_id: truncate(action.id, ID_MAX), text: plainText(action.label, BUTTON_TEXT_MAX) };
  if (action.value !== '') element.value = truncate(action.value, BUTTON_VALUE_MAX);
  if (action.style) element.style = action.style;
  if (action.confirm) {
    element.confirm = {
      title: plainText(action.confirm.title, CONFIRM_TITLE_MAX),
      text: plainText(action.confirm.text, CONFIRM_TEXT_MAX),
      confirm: plainText(action.confirm.confirm, CONFIRM_BUTTON_MAX),
      deny: plainText(action.confirm.deny, CONFIRM_BUTTON_MAX),
    };
    if (action.style === 'danger') element.confirm.style = 'danger';
  }
  return element;
}

/** Slack requires action ids to be unique within one actions block, so a repeated id starts a new block. */
function actionsBlocks(actions: CardAction[]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  let current: ButtonElement[] = [];
  for (const action of actions) {
    const element = button(action);
    if (current.length === ACTIONS_ELEMENTS_MAX || current.some((b) => b.action_id === element.action_id)) {
      blocks.push({ type: 'actions', elements: current });
      current = [];
    }
    current.push(element);
  }
  if (current.length > 0) blocks.push({ type: 'actions', elements: current });
  return blocks;
}

const LEFT_OUT = 'Some details were left out to fit in one message.';

/**
 * A card's blocks within `maxBlocks`. When space runs out the title, buttons and small print are
 * kept and the body is cut, because a card without its buttons cannot be acted on.
 */
export function renderCardBlocks(card: Card, options: RenderCardOptions = {}): Block[] {
  const max = Math.floor(options.maxBlocks ?? MESSAGE_BLOCKS_MAX);
  if (max < 1) return [];
  let sections = card.sections;
  let head: Block = { type: 'header', text: plainText(card.title, HEADER_TEXT_MAX) };
  if (options.compact) {
    // In lists every block counts against the surface limit, so a leading text joins the title line.
    const first = sections[0];
    const lead = first?.kind === 'text' && first.text.trim() !== '' ? `\n${escapeMrkdwn(first.text)}` : '';
    if (lead) sections = sections.slice(1);
    head = { type: 'section', text: mrkdwn(`*${escapeMrkdwn(orDash(card.title))}*${lead}`, SECTION_TEXT_MAX) };
  }
  let room = max - 1;
  const actions = actionsBlocks(card.actions).slice(0, room);
  room -= actions.length;
  const context = contextBlock(card.context);
  const tail: Block[] = context && room >= 1 ? [context] : [];
  room -= tail.length;
  let body = sections.flatMap(sectionBlocks);
  if (body.length > room) body = room <= 0 ? [] : [...body.slice(0, room - 1), textSection(LEFT_OUT)];
  return [head, ...body, ...tail, ...actions];
}

/** The fallback `text`: title and summary, escaped, short enough for a push notification. */
export function renderFallbackText(card: Card): string {
  const line = card.summary.trim() === '' ? card.title : `${card.title} — ${card.summary}`;
  return truncateMrkdwn(escapeMrkdwn(orDash(line)), NOTIFICATION_TEXT_MAX);
}

export function renderSlackMessage(card: Card): SlackMessage {
  return { text: renderFallbackText(card), blocks: renderCardBlocks(card, { maxBlocks: MESSAGE_BLOCKS_MAX }) };
}
