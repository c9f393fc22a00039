/**
 * Checks a Teams message the way Teams would refuse or mis-render it: only the element and action
 * types Gatehouse declares, TextBlocks that wrap, verbs that a listener knows, input ids that come
 * back under the names the commands parse, no two inputs with one id in the same scope, and the
 * whole message under Teams' size limit.
 */
import { expect } from 'vitest';
import { ACTION, DENY_FIELD, MODAL, REQUEST_FIELD, REVIEW_FIELD, SUPPORT_FIELD } from '../../../../views/action-ids.js';
import { ACTION_TYPES, type AdaptiveCard, type CardActionElement, type CardElement, ELEMENT_TYPES, type InputElement } from '../../../../views/teams/adaptive-card-types.js';
import { jsonBytes, TEAMS_MESSAGE_MAX_BYTES } from '../../../../views/teams/limits.js';
import type { TeamsMessage } from '../../../../views/teams/render-adaptive-card.js';

const VERBS = new Set<string>([...Object.values(ACTION), ...Object.values(MODAL)]);
const INPUT_IDS = new Set<string>([...Object.values(REQUEST_FIELD), ...Object.values(DENY_FIELD), ...Object.values(REVIEW_FIELD), ...Object.values(SUPPORT_FIELD)]);
const KEYS_OF_DATA = new Set(['value', 'outcome']);

interface Walk {
  inputs: InputElement[];
  actions: CardActionElement[];
  texts: string[];
}

function walkElements(elements: CardElement[], into: Walk, path: string): void {
  for (const [i, element] of elements.entries()) {
    const at = `${path}[${i}]`;
    expect(ELEMENT_TYPES as readonly string[], `${at} has type ${element.type}`).toContain(element.type);
    switch (element.type) {
      case 'TextBlock':
        expect(element.wrap, `${at} wraps`).toBe(true);
        expect(typeof element.text, at).toBe('string');
        into.texts.push(element.text);
        break;
      case 'FactSet':
        expect(element.facts.length, `${at} has facts`).toBeGreaterThan(0);
        for (const f of element.facts) into.texts.push(f.title, f.value);
        break;
      case 'Container':
        // Some hosts drop an empty container, or refuse the card.
        expect(element.items.length, `${at} has items`).toBeGreaterThan(0);
        walkElements(element.items, into, `${at}.items`);
        break;
      case 'ActionSet':
        into.actions.push(...element.actions);
        break;
      default:
        expect(INPUT_IDS, `${at} input id ${element.id}`).toContain(element.id);
        into.inputs.push(element);
        if (element.type === 'Input.ChoiceSet') expect(element.choices.length, `${at} has choices`).toBeGreaterThan(0);
    }
  }
}

/** Validates one card scope (the message, or a ShowCard's inline card) and each card nested in it. */
function validateCard(card: AdaptiveCard, path: string, outerInputIds: Set<string>): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(card.body.length, `${path} has a body`).toBeGreaterThan(0);
  const walk: Walk = { inputs: [], actions: [...(card.actions ?? [])], texts: [] };
  walkElements(card.body, walk, `${path}.body`);
  const ids = walk.inputs.map((input) => input.id);
  // An Action.Execute gathers the inputs of its own card and of the cards around it: ids must not collide there.
  expect(new Set(ids).size, `${path}: input ids ${ids.join(', ')} repeat`).toBe(ids.length);
  for (const id of ids) expect(outerInputIds.has(id), `${path}: input ${id} repeats an enclosing card's`).toBe(false);
  const scope = new Set([...outerInputIds, ...ids]);
  for (const [i, action] of walk.actions.entries()) {
    const at = `${path}.actions[${i}]`;
    expect(ACTION_TYPES as readonly string[], `${at} has type ${action.type}`).toContain(action.type);
    expect(action.title.trim(), `${at} has a title`).not.toBe('');
    if (action.type === 'Action.Execute') {
      expect(VERBS, `${at} verb ${action.verb}`).toContain(action.verb);
      expect(typeof action.data.value, `${at} carries a value`).toBe('string');
      for (const key of Object.keys(action.data)) expect(KEYS_OF_DATA, `${at} data.${key}`).toContain(key);
    } else {
      validateCard(action.card, `${at}.card`, scope);
    }
  }
}

export function expectValidTeamsMessage(message: TeamsMessage): void {
  expect(message.text.trim()).not.toBe('');
  expect(message.card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  validateCard(message.card, 'card', new Set());
  expect(jsonBytes(message), 'message fits in one Teams activity').toBeLessThan(TEAMS_MESSAGE_MAX_BYTES);
}

/** Every Action.Execute anywhere in the card, nested forms included. */
export function executes(card: AdaptiveCard): Array<Extract<CardActionElement, { type: 'Action.Execute' }>> {
  const out: Array<Extract<CardActionElement, { type: 'Action.Execute' }>> = [];
  const visitActions = (actions: CardActionElement[]) => {
    for (const a of actions) {
      if (a.type === 'Action.Execute') out.push(a);
      else visit(a.card);
    }
  };
  const visitElements = (elements: CardElement[]) => {
    for (const e of elements) {
      if (e.type === 'Container') visitElements(e.items);
      if (e.type === 'ActionSet') visitActions(e.actions);
    }
  };
  const visit = (c: AdaptiveCard) => {
    visitElements(c.body);
    visitActions(c.actions ?? []);
  };
  visit(card);
  return out;
}

/** Every input anywhere in the card, nested forms included. */
export function inputs(card: AdaptiveCard): InputElement[] {
  const found: InputElement[] = [];
  JSON.stringify(card, (_key, value: unknown) => {
    if (value && typeof value === 'object' && 'type' in value && typeof value.type === 'string' && value.type.startsWith('Input.')) found.push(value as InputElement);
    return value;
  });
  return found;
}
