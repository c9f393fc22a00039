import { describe, expect, it } from 'vitest';
import { validateBlocks, validateMessage, validateView } from './block-kit-validator.js';

const text = (t: string) => ({ type: 'mrkdwn', text: t });
const plain = (t: string) => ({ type: 'plain_text', text: t });

describe('the Block Kit validator', () => {
  it('accepts every supported block type', () => {
    expect(
      validateBlocks([
        { type: 'header', text: plain('Title') },
        { type: 'section', text: text('hello'), fields: [text('*a*\nb')] },
        { type: 'divider' },
        { type: 'context', elements: [text('small')] },
        { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: plain('Go'), value: 'v', style: 'primary' }] },
      ]),
    ).toEqual([]);
  });

  it.each([
    [[{ type: 'image', image_url: 'x', alt_text: 'y' }], 'unknown block type image'],
    [[{ type: 'rich_text', elements: [] }], 'unknown block type rich_text'],
    [[{ type: 'section', text: text('x'), accessory: {} }], 'unknown property "accessory"'],
    [[{ type: 'header', text: text('mrkdwn header') }], 'text type must be plain_text'],
    [[{ type: 'header', text: plain('x'.repeat(151)) }], 'over the limit of 150'],
    [[{ type: 'section', text: text('') }], 'at least 1 characters'],
    [[{ type: 'section', fields: Array.from({ length: 11 }, () => text('f')) }], 'over the limit of 10'],
    [[{ type: 'section' }], 'needs text or fields'],
    [[{ type: 'context', elements: Array.from({ length: 11 }, () => text('c')) }], 'over the limit of 10'],
    [[{ type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: [] }] }], 'unknown element type overflow'],
    [[{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: plain('x') }, { type: 'button', action_id: 'a', text: plain('y') }] }], 'duplicate action_id'],
    [[{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: plain('x'), style: 'loud' }] }], 'must be primary or danger'],
    [[{ type: 'divider', block_id: 'b' }, { type: 'divider', block_id: 'b' }], 'duplicate block_id'],
    [[{ type: 'input', label: plain('x'), element: { type: 'plain_text_input', action_id: 'x' } }], 'input blocks belong in modals'],
    [Array.from({ length: 51 }, () => ({ type: 'divider' })), 'over the limit of 50'],
  ])('rejects %j', (blocks, problem) => {
    expect(validateBlocks(blocks).join('\n')).toContain(problem);
  });

  it('checks the fallback text of a message', () => {
    expect(validateMessage({ text: '', blocks: [] }).join('\n')).toContain('text: must be at least 1');
    expect(validateMessage({ text: 'x'.repeat(40_001), blocks: [] }).join('\n')).toContain('over the limit of 40000');
  });

  it('checks modals: title length, selects, initial options', () => {
    const select = { type: 'static_select', action_id: 's', options: [{ text: plain('A'), value: 'a' }], initial_option: { text: plain('B'), value: 'b' } };
    const issues = validateView({ type: 'modal', callback_id: 'c', title: plain('x'.repeat(25)), submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element: select }] }).join('\n');
    expect(issues).toContain('title.text: is 25 characters');
    expect(issues).toContain('initial_option: must be exactly one of the options');
    expect(validateView({ type: 'workflow_step', blocks: [] })).toEqual(['view.type: unknown view type workflow_step']);
    const radio = (initial: unknown) => ({ type: 'radio_buttons', action_id: 'r', options: [{ text: plain('A'), value: 'a' }, { text: plain('B'), value: 'b' }], initial_option: initial });
    const modal = (element: unknown) => ({ type: 'modal', callback_id: 'c', title: plain('t'), submit: plain('Go'), blocks: [{ type: 'input', label: plain('L'), element }] });
    expect(validateView(modal(radio({ text: plain('B'), value: 'b' })))).toEqual([]);
    expect(validateView(modal(radio({ text: plain('C'), value: 'c' }))).join('\n')).toContain('initial_option: must be exactly one of the options');
    expect(validateView(modal({ ...radio(undefined), options: Array.from({ length: 11 }, (_, i) => ({ text: plain(`o${i}`), value: `o${i}` })) })).join('\n')).toContain('over the limit of 10');
    expect(validateView({ type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }).join('\n')).toContain('over the limit of 100');
  });
});
