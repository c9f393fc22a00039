/**
 * Card -> Adaptive Card 1.5 for Teams. Every string from the card is plain text: escaped before it
 * goes into TextBlock or FactSet markdown, cut to a sane length, and the whole card fitted under
 * Teams' message size, so no card content can restyle a message, disguise a link or make Teams
 * refuse it. Buttons are Universal Actions (`Action.Execute`, verb = the action id), so the bot can
 * replace every copy of a card after a decision.
 */
import type { Card, CardAction, CardSection, CardTone } from '../card-model.js';
import type { ActionExecute, AdaptiveCard, CardActionElement, CardElement, Container, ContainerStyle, TextBlock } from './adaptive-card-types.js';
import { formForAction, type TeamsFormDefaults } from './action-forms.js';
import { escapeCardMarkdown } from './escape-markdown.js';
import { ACTION_TITLE_MAX, CARD_BUDGET_BYTES, FACT_TITLE_MAX, FACT_VALUE_MAX, FALLBACK_TEXT_MAX, jsonBytes, TEXT_MAX, TITLE_MAX, truncate } from './limits.js';

export type { TeamsFormDefaults } from './action-forms.js';

/** What the Teams notifier sends (or puts in place of an earlier copy). */
export interface TeamsMessage {
  card: AdaptiveCard;
  /** Plain fallback and summary: activity feed, notifications, screen readers. Markdown-escaped. */
  text: string;
}

export interface RenderAdaptiveCardOptions {
  /** Facts some inline forms prefill (see `TeamsFormDefaults`). */
  forms?: TeamsFormDefaults;
}

/** Teams shows nothing for an empty TextBlock, which reads as a missing value: show a dash. */
const orDash = (text: string): string => (text.trim() === '' ? '—' : text);

/** A TextBlock of plain (user) text: cut, then escaped. */
export function plainTextBlock(text: string, extra: Partial<Omit<TextBlock, 'type' | 'text' | 'wrap'>> = {}, max = TEXT_MAX): TextBlock {
  return { type: 'TextBlock', text: escapeCardMarkdown(truncate(orDash(text), max)), wrap: true, ...extra };
}

const TONE_STYLE: Record<CardTone, ContainerStyle> = {
  info: 'accent',
  pending: 'emphasis',
  success: 'good',
  warning: 'warning',
  danger: 'attention',
  neutral: 'default',
};

/** One section of a card as Adaptive Card elements, user text escaped. A divider has none of its own. */
function sectionElements(section: CardSection): CardElement[] {
  switch (section.kind) {
    case 'text':
      return section.text.trim() === '' ? [] : [plainTextBlock(section.text)];
    case 'quote':
      // Someone's own words, set apart in a shaded box (Adaptive Cards have no block quotes).
      return [
        plainTextBlock(section.label, { weight: 'bolder', spacing: 'medium' }, TITLE_MAX),
        { type: 'Container', style: 'emphasis', spacing: 'small', items: [plainTextBlock(section.text)] },
      ];
    case 'fields':
      return section.fields.length === 0
        ? []
        : [
            {
              type: 'FactSet',
              facts: section.fields.map((f) => ({
                title: escapeCardMarkdown(truncate(orDash(f.label), FACT_TITLE_MAX)),
                value: escapeCardMarkdown(truncate(orDash(f.value), FACT_VALUE_MAX)),
              })),
            },
          ];
    case 'divider':
      return [];
    default: {
      const unknown: never = section;
      return unknown;
    }
  }
}

/**
 * Sections as elements. Adaptive Cards draw a divider as a line above an element (and some hosts drop
 * an empty container), so a divider becomes `separator` on whatever comes next.
 */
export function sectionsElements(sections: CardSection[]): CardElement[] {
  const out: CardElement[] = [];
  let divide = false;
  for (const section of sections) {
    if (section.kind === 'divider') {
      divide = out.length > 0;
      continue;
    }
    const elements = sectionElements(section);
    const [first, ...rest] = elements;
    if (!first) continue;
    const lined = divide && (first.type === 'TextBlock' || first.type === 'FactSet' || first.type === 'Container');
    out.push(lined ? { ...first, separator: true, spacing: 'medium' as const } : first, ...rest);
    divide = false;
  }
  return out;
}

function execute(title: string, verb: string, data: ActionExecute['data'], style: CardAction['style'], associatedInputs: 'auto' | 'none'): ActionExecute {
  return {
    type: 'Action.Execute',
    title: truncate(orDash(title), ACTION_TITLE_MAX),
    verb,
    data,
    ...(style === 'primary' ? { style: 'positive' as const } : style === 'danger' ? { style: 'destructive' as const } : {}),
    associatedInputs,
  };
}

export function subCard(body: CardElement[], actions: CardActionElement[]): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body, ...(actions.length > 0 ? { actions } : {}) };
}

/** One button: a form or a confirmation opens inline; anything else acts directly. */
export function renderCardAction(action: CardAction, forms: TeamsFormDefaults = {}): CardActionElement {
  const form = formForAction(action.id, action.value, forms);
  const title = truncate(orDash(action.label), ACTION_TITLE_MAX);
  if (form) {
    const submit = form.submit === null ? [] : [execute(form.submit, form.verb, form.data, action.style, 'auto')];
    return { type: 'Action.ShowCard', title, card: subCard(form.elements, submit), ...(action.style === 'danger' ? { style: 'destructive' as const } : {}) };
  }
  if (action.confirm) {
    // Adaptive Cards have no confirm dialog: the question opens inline and its button does the action.
    const { confirm } = action;
    return {
      type: 'Action.ShowCard',
      title,
      card: subCard([plainTextBlock(confirm.title, { weight: 'bolder' }, TITLE_MAX), plainTextBlock(confirm.text)], [execute(confirm.confirm, action.id, { value: action.value }, action.style, 'none')]),
    };
  }
  return execute(action.label, action.id, { value: action.value }, action.style, 'none');
}

/** A whole message: the card at full width, with `text` (already escaped) as its fallback. */
export function teamsMessage(text: string, body: CardElement[], actions: CardActionElement[] = []): TeamsMessage {
  return {
    text,
    card: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
      ...(actions.length > 0 ? { actions } : {}),
      fallbackText: text,
      msteams: { width: 'Full' },
    },
  };
}

const LEFT_OUT = 'Some details were left out to fit in one message.';

/** The card's body: a toned header box, the sections, and the small print. */
export function renderCardBody(card: Card, sections: CardSection[] = card.sections, leftOut = false): CardElement[] {
  const header: Container = {
    type: 'Container',
    style: TONE_STYLE[card.tone],
    bleed: true,
    items: [plainTextBlock(card.title, { size: 'medium', weight: 'bolder', style: 'heading' }, TITLE_MAX)],
  };
  const context = card.context.filter((line) => line.trim() !== '');
  return [
    header,
    ...sectionsElements(sections),
    ...(leftOut ? [plainTextBlock(LEFT_OUT, { isSubtle: true })] : []),
    ...(context.length > 0 ? [plainTextBlock(context.join(' · '), { isSubtle: true, size: 'small', spacing: 'medium' })] : []),
  ];
}

/** The fallback text: title and summary, escaped, short enough for a notification. */
export function renderTeamsFallbackText(card: Card): string {
  const line = card.summary.trim() === '' ? card.title : `${card.title} — ${card.summary}`;
  return escapeCardMarkdown(truncate(orDash(line), FALLBACK_TEXT_MAX));
}

/**
 * A card as one Teams message within the size budget. When it does not fit, the title, buttons and
 * small print are kept and sections are dropped from the end, because a card without its buttons
 * cannot be acted on.
 */
export function renderAdaptiveCard(card: Card, options: RenderAdaptiveCardOptions = {}): TeamsMessage {
  const text = renderTeamsFallbackText(card);
  const actions = card.actions.map((a) => renderCardAction(a, options.forms));
  const build = (sections: CardSection[], leftOut: boolean): TeamsMessage => teamsMessage(text, renderCardBody(card, sections, leftOut), actions);
  let message = build(card.sections, false);
  for (let keep = card.sections.length - 1; keep >= 0 && jsonBytes(message) > CARD_BUDGET_BYTES; keep--) message = build(card.sections.slice(0, keep), true);
  return message;
}
