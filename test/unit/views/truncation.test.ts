import { describe, expect, it } from 'vitest';
import type { Card } from '../../../views/card-model.js';
import { ACTION } from '../../../views/action-ids.js';
import { SECTION_TEXT_MAX, MESSAGE_BLOCKS_MAX, HEADER_TEXT_MAX, BUTTON_TEXT_MAX, NOTIFICATION_TEXT_MAX, SECTION_FIELD_TEXT_MAX } from '../../../views/slack/limits.js';
import { renderSlackMessage } from '../../../views/slack/render-block-kit.js';
import { renderNotificationForSlack } from '../../../views/slack/slack-notification.js';
import { actionIds, expectValidMessage, visibleText } from './block-kit-validator.js';
import { KINDS, RECIPIENTS, request, samples } from './samples.js';

const HUGE = 'x'.repeat(10_000);

function quoteSections(blocks: unknown[]): string[] {
  return blocks.flatMap((b) => {
    const block = b as { type: string; text?: { text: string } };
    return block.type === 'section' && block.text?.text.startsWith('*Justification*') ? [block.text.text] : [];
  });
}

describe('a 10,000-character justification', () => {
  it.each(KINDS)('%s stays within Slack limits', (kind) => {
    for (const recipient of Object.values(RECIPIENTS)) {
      const message = renderNotificationForSlack(samples(request({ justification: HUGE }), HUGE)[kind], recipient);
      expectValidMessage(message);
      for (const text of quoteSections(message.blocks)) {
        expect(text.length).toBe(SECTION_TEXT_MAX);
        expect(text.endsWith('…')).toBe(true);
      }
    }
  });

  it('of ampersands, which grow when escaped, is not cut inside an entity', () => {
    const message = renderNotificationForSlack(samples(request({ justification: '&'.repeat(10_000) }))['access.approval_needed'], RECIPIENTS.approver);
    expectValidMessage(message);
    const [quote] = quoteSections(message.blocks);
    expect(quote).toMatch(/&amp;…$/);
    expect(quote!.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
  });

  it('of emoji is not cut inside a surrogate pair', () => {
    const message = renderNotificationForSlack(samples(request({ justification: '🔥'.repeat(5_000) }))['access.approval_needed'], RECIPIENTS.approver);
    const [quote] = quoteSections(message.blocks);
    expect(quote).toMatch(/🔥…$/);
    expect(() => encodeURIComponent(quote!)).not.toThrow();
  });
});

describe('cards that overflow Slack limits', () => {
  const base: Card = { title: 'T', summary: 'S', tone: 'info', sections: [], context: [], actions: [] };

  it('cut the title, fields and fallback text', () => {
    const message = renderSlackMessage({
      ...base,
      title: 'T'.repeat(500),
      summary: 'S'.repeat(50_000),
      sections: [{ kind: 'fields', fields: Array.from({ length: 25 }, (_, i) => ({ label: `F${i}`, value: 'v'.repeat(5_000) })) }],
      context: Array.from({ length: 15 }, (_, i) => `c${i}`),
      actions: [{ id: ACTION.approve, label: 'A'.repeat(200), value: 'r1' }],
    });
    expectValidMessage(message);
    expect((message.blocks[0] as { text: { text: string } }).text.text.length).toBe(HEADER_TEXT_MAX);
    expect(message.text.length).toBe(NOTIFICATION_TEXT_MAX);
    expect(message.blocks.filter((b) => b.type === 'section')).toHaveLength(3);
    const fieldTexts = message.blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : []));
    expect(fieldTexts).toHaveLength(25);
    for (const f of fieldTexts) expect(f.text.length).toBeLessThanOrEqual(SECTION_FIELD_TEXT_MAX);
    const context = message.blocks.find((b) => b.type === 'context');
    expect(context && context.type === 'context' && context.elements).toHaveLength(10);
    expect(visibleText(message.blocks)).toContain('c9 · c10 · c11');
    const actions = message.blocks.find((b) => b.type === 'actions');
    expect(actions && actions.type === 'actions' && actions.elements[0]!.text.text.length).toBe(BUTTON_TEXT_MAX);
  });

  it('keep the title, small print and buttons when there are too many sections', () => {
    const message = renderSlackMessage({
      ...base,
      sections: Array.from({ length: 80 }, (_, i) => ({ kind: 'text' as const, text: `s${i}` })),
      context: ['ctx'],
      actions: [{ id: ACTION.approve, label: 'Approve', value: 'r1' }],
    });
    expectValidMessage(message);
    expect(message.blocks).toHaveLength(MESSAGE_BLOCKS_MAX);
    expect(message.blocks[0]!.type).toBe('header');
    expect(message.blocks.at(-1)!.type).toBe('actions');
    expect(message.blocks.at(-2)!.type).toBe('context');
    expect(visibleText(message.blocks)).toContain('Some details were left out');
  });

  it('split buttons so no action id repeats within one block, and at most 25 per block', () => {
    const message = renderSlackMessage({
      ...base,
      actions: [
        ...Array.from({ length: 30 }, (_, i) => ({ id: ACTION.endGrant, label: 'End', value: `g${i}` })),
        { id: ACTION.approve, label: 'Approve', value: 'r' },
      ],
    });
    expectValidMessage(message);
    expect(actionIds(message.blocks)).toHaveLength(31);
  });

  it('never send an empty text object', () => {
    const message = renderSlackMessage({ ...base, title: '', summary: '', sections: [{ kind: 'text', text: '   ' }, { kind: 'quote', label: 'Why', text: '' }, { kind: 'fields', fields: [{ label: 'A', value: '' }] }] });
    expectValidMessage(message);
    expect(visibleText(message.blocks)).toContain('*A*\n—');
  });
});
