import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../../views/action-ids.js';
import type { Card } from '../../../../views/card-model.js';
import type { CardElement } from '../../../../views/teams/adaptive-card-types.js';
import { CARD_BUDGET_BYTES, jsonBytes } from '../../../../views/teams/limits.js';
import { renderAdaptiveCard } from '../../../../views/teams/render-adaptive-card.js';
import { executes, expectValidTeamsMessage } from './adaptive-card-validator.js';

function card(overrides: Partial<Card> = {}): Card {
  return {
    title: 'Access request: prod-db',
    summary: 'erin@example.com requests prod-db for 2h.',
    tone: 'pending',
    sections: [
      { kind: 'text', text: 'Needs 1 approval.' },
      { kind: 'fields', fields: [{ label: 'Resource', value: 'prod-db' }, { label: 'Duration', value: '' }] },
      { kind: 'quote', label: 'Justification', text: 'line one\nline two' },
      { kind: 'divider' },
      { kind: 'text', text: 'After the line.' },
      { kind: 'divider' },
    ],
    context: ['Request req_1', '', 'policy abc'],
    actions: [],
    ...overrides,
  };
}

const texts = (elements: CardElement[]): string[] =>
  elements.flatMap((e) => (e.type === 'TextBlock' ? [e.text] : e.type === 'Container' ? texts(e.items) : e.type === 'FactSet' ? e.facts.flatMap((f) => [f.title, f.value]) : []));

describe('renderAdaptiveCard', () => {
  it('renders title in a toned box, text, facts, a shaded quote, a divider and the small print', () => {
    const message = renderAdaptiveCard(card());
    expectValidTeamsMessage(message);
    const [head, text, facts, label, quote, afterLine, context, ...rest] = message.card.body;
    expect(rest).toEqual([]);
    expect(head).toMatchObject({ type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: 'Access request: prod-db', weight: 'bolder' }] });
    expect(text).toMatchObject({ type: 'TextBlock', text: 'Needs 1 approval.', wrap: true });
    expect(facts).toEqual({ type: 'FactSet', facts: [{ title: 'Resource', value: 'prod-db' }, { title: 'Duration', value: '—' }] });
    expect(label).toMatchObject({ type: 'TextBlock', text: 'Justification', weight: 'bolder' });
    expect(quote).toMatchObject({ type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: 'line one\n\nline two' }] });
    // A divider is a line above what follows it; a trailing one draws nothing.
    expect(afterLine).toEqual({ type: 'TextBlock', text: 'After the line.', wrap: true, separator: true, spacing: 'medium' });
    expect(context).toMatchObject({ type: 'TextBlock', text: 'Request req\\_1 · policy abc', isSubtle: true });
    expect(message.text).toBe('Access request: prod-db — erin@example.com requests prod-db for 2h.');
    expect(message.card.fallbackText).toBe(message.text);
  });

  it.each([
    ['info', 'accent'],
    ['pending', 'emphasis'],
    ['success', 'good'],
    ['warning', 'warning'],
    ['danger', 'attention'],
    ['neutral', 'default'],
  ] as const)('tone %s is a %s header box', (tone, style) => {
    expect(renderAdaptiveCard(card({ tone })).card.body[0]).toMatchObject({ type: 'Container', style });
  });

  it('a button with a confirm dialog asks inline first, and only the confirm button acts', () => {
    const message = renderAdaptiveCard(
      card({ actions: [{ id: ACTION.endGrant, label: 'End access now', value: 'gr_1', style: 'danger', confirm: { title: 'End it?', text: 'Access to *prod* ends.', confirm: 'End now', deny: 'Keep it' } }] }),
    );
    expectValidTeamsMessage(message);
    const [action] = message.card.actions!;
    expect(action).toMatchObject({ type: 'Action.ShowCard', title: 'End access now' });
    expect(action?.type === 'Action.ShowCard' && texts(action.card.body)).toEqual(['End it?', 'Access to \\*prod\\* ends.']);
    expect(executes(message.card)).toEqual([{ type: 'Action.Execute', title: 'End now', verb: ACTION.endGrant, data: { value: 'gr_1' }, style: 'destructive', associatedInputs: 'none' }]);
  });

  it('a plain button acts directly, carrying only its value', () => {
    const message = renderAdaptiveCard(card({ actions: [{ id: ACTION.approve, label: 'Approve', value: 'req_1', style: 'primary' }, { id: ACTION.claimSession, label: 'Claim', value: 'sup_1' }] }));
    expect(message.card.actions).toEqual([
      { type: 'Action.Execute', title: 'Approve', verb: ACTION.approve, data: { value: 'req_1' }, style: 'positive', associatedInputs: 'none' },
      { type: 'Action.Execute', title: 'Claim', verb: ACTION.claimSession, data: { value: 'sup_1' }, associatedInputs: 'none' },
    ]);
  });

  it('a card too big for Teams keeps its title, buttons and small print and drops sections from the end', () => {
    const sections: Card['sections'] = Array.from({ length: 40 }, (_, i) => ({ kind: 'quote', label: `Part ${i}`, text: 'z'.repeat(2_000) }));
    const message = renderAdaptiveCard(card({ sections, actions: [{ id: ACTION.approve, label: 'Approve', value: 'req_1' }] }));
    expectValidTeamsMessage(message);
    expect(jsonBytes(message)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const shown = texts(message.card.body);
    expect(shown[0]).toBe('Access request: prod-db');
    expect(shown).toContain('Part 0');
    expect(shown).not.toContain('Part 39');
    expect(shown.at(-2)).toBe('Some details were left out to fit in one message.');
    expect(shown.at(-1)).toBe('Request req\\_1 · policy abc');
    expect(message.card.actions).toHaveLength(1);
  });

  it('cuts one huge text to a readable length', () => {
    const message = renderAdaptiveCard(card({ sections: [{ kind: 'text', text: 'a'.repeat(100_000) }] }));
    expectValidTeamsMessage(message);
    expect(texts(message.card.body)[1]).toHaveLength(3_000);
  });
});
