import { describe, expect, it } from 'vitest';
import { DENY_FIELD, MODAL, REQUEST_FIELD, REVIEW_FIELD } from '../../../views/action-ids.js';
import type { Block, InputBlock, ModalView } from '../../../views/slack/block-kit-types.js';
import { renderDenyModal } from '../../../views/slack/deny-modal.js';
import { OPTION_TEXT_MAX, STATIC_SELECT_OPTIONS_MAX } from '../../../views/slack/limits.js';
import { renderRequestModal, type RequestModalResource } from '../../../views/slack/request-modal.js';
import { parseReviewModalMetadata, renderReviewModal } from '../../../views/slack/review-modal.js';
import { expectValidView, validateView } from './block-kit-validator.js';
import { HOUR, request } from './samples.js';

const inputs = (view: ModalView): InputBlock[] => view.blocks.filter((b: Block): b is InputBlock => b.type === 'input');
const input = (view: ModalView, id: string): InputBlock => {
  const found = inputs(view).find((b) => b.block_id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
};

function resources(n: number): RequestModalResource[] {
  return Array.from({ length: n }, (_, i) => ({ id: `res-${i}`, name: `Resource ${i}`, maxDurationMs: 4 * HOUR, defaultDurationMs: HOUR }));
}

describe('the request modal', () => {
  const view = renderRequestModal({ resources: resources(3), breakGlassAllowed: true, initial: { resourceId: 'res-1', justification: 'INC-4211' }, privateMetadata: 'C123' });

  it('is a valid modal with the request callback id and labels', () => {
    expectValidView(view);
    expect(view).toMatchObject({ type: 'modal', callback_id: MODAL.request, title: { text: 'Request access' }, submit: { text: 'Request' }, close: { text: 'Cancel' }, private_metadata: 'C123' });
  });

  it('has the resource select, duration, justification and break-glass inputs, block id = action id', () => {
    expect(inputs(view).map((b) => [b.block_id, b.element.action_id, b.element.type])).toEqual([
      [REQUEST_FIELD.resource, REQUEST_FIELD.resource, 'static_select'],
      [REQUEST_FIELD.duration, REQUEST_FIELD.duration, 'plain_text_input'],
      [REQUEST_FIELD.justification, REQUEST_FIELD.justification, 'plain_text_input'],
      [REQUEST_FIELD.breakGlass, REQUEST_FIELD.breakGlass, 'checkboxes'],
    ]);
  });

  it('offers "Name (id)" options and preselects the initial resource with its default duration', () => {
    const select = input(view, REQUEST_FIELD.resource).element;
    expect(select.type === 'static_select' && select.options.map((o) => [o.text.text, o.value])).toEqual([
      ['Resource 0 (res-0)', 'res-0'],
      ['Resource 1 (res-1)', 'res-1'],
      ['Resource 2 (res-2)', 'res-2'],
    ]);
    expect(select.type === 'static_select' && select.initial_option?.value).toBe('res-1');
    const duration = input(view, REQUEST_FIELD.duration);
    expect(duration.element).toMatchObject({ initial_value: '1h' });
    expect(duration.optional).toBe(true);
    expect(duration.hint?.text).toBe('e.g. 30m, 2h, 1d — default and maximum depend on the resource');
  });

  it('takes the justification as multiline text with no minimum (policy decides)', () => {
    const element = input(view, REQUEST_FIELD.justification).element;
    expect(element).toMatchObject({ multiline: true, initial_value: 'INC-4211' });
    expect(element.type === 'plain_text_input' && element.min_length).toBeUndefined();
  });

  it('offers break-glass as one optional checkbox, only when allowed', () => {
    const breakGlass = input(view, REQUEST_FIELD.breakGlass);
    expect(breakGlass.optional).toBe(true);
    expect(breakGlass.element).toMatchObject({ options: [{ value: 'break_glass', text: { text: 'Emergency (break-glass): access now, reviewed afterwards' } }] });
    expect(breakGlass.element.type === 'checkboxes' && breakGlass.element.initial_options).toBeUndefined();
    const without = renderRequestModal({ resources: resources(3), breakGlassAllowed: false });
    expect(inputs(without).map((b) => b.block_id)).not.toContain(REQUEST_FIELD.breakGlass);
    const preticked = renderRequestModal({ resources: resources(3), breakGlassAllowed: true, initial: { breakGlass: true } });
    expect(input(preticked, REQUEST_FIELD.breakGlass).element).toMatchObject({ initial_options: [{ value: 'break_glass' }] });
  });

  it('keeps only 100 of 150 resources, says so, and keeps the preselected one', () => {
    const big = renderRequestModal({ resources: resources(150), breakGlassAllowed: false, initial: { resourceId: 'res-120' } });
    expectValidView(big);
    const field = input(big, REQUEST_FIELD.resource);
    const select = field.element;
    if (select.type !== 'static_select') throw new Error('not a select');
    expect(select.options).toHaveLength(STATIC_SELECT_OPTIONS_MAX);
    expect(select.initial_option?.value).toBe('res-120');
    expect(select.options.map((o) => o.value)).toContain('res-120');
    expect(field.hint?.text).toContain('Showing 100 of 150 resources');
  });

  it('cuts long resource names to the option limit', () => {
    const view = renderRequestModal({ resources: [{ id: 'db', name: 'N'.repeat(200), maxDurationMs: HOUR, defaultDurationMs: HOUR }], breakGlassAllowed: false });
    expectValidView(view);
    const select = input(view, REQUEST_FIELD.resource).element;
    expect(select.type === 'static_select' && select.options[0]!.text.text.length).toBe(OPTION_TEXT_MAX);
  });

  it('says so, and has no submit, when there is nothing to request', () => {
    const empty = renderRequestModal({ resources: [], breakGlassAllowed: false });
    expectValidView(empty);
    expect(empty.submit).toBeUndefined();
    expect(inputs(empty)).toEqual([]);
  });

  it('refuses metadata Slack would reject instead of corrupting it', () => {
    expect(() => renderRequestModal({ resources: resources(1), breakGlassAllowed: false, privateMetadata: 'x'.repeat(3_001) })).toThrow(RangeError);
  });
});

describe('the deny modal', () => {
  const summary = request();
  const view = renderDenyModal({ requestId: summary.requestId, summary });

  it('carries the request id and requires a multiline reason', () => {
    expectValidView(view);
    expect(view).toMatchObject({ callback_id: MODAL.deny, private_metadata: summary.requestId, submit: { text: 'Deny' } });
    const reason = input(view, DENY_FIELD.reason);
    expect(reason.optional).toBeUndefined();
    expect(reason.element).toMatchObject({ type: 'plain_text_input', action_id: DENY_FIELD.reason, multiline: true });
  });
});

describe('the review modal', () => {
  it.each(['appropriate', 'inappropriate'] as const)('%s: carries review id and outcome as JSON', (outcome) => {
    const view = renderReviewModal({ reviewId: 'rev_1', outcome, summary: request({ breakGlass: true }) });
    expectValidView(view);
    expect(view.callback_id).toBe(MODAL.review);
    expect(JSON.parse(view.private_metadata!)).toEqual({ reviewId: 'rev_1', outcome });
    expect(parseReviewModalMetadata(view.private_metadata)).toEqual({ reviewId: 'rev_1', outcome });
    const notes = input(view, REVIEW_FIELD.notes);
    expect(notes.element).toMatchObject({ type: 'plain_text_input', action_id: REVIEW_FIELD.notes, multiline: true });
    // Notes explain an inappropriate verdict; they are optional only for an appropriate one.
    expect(notes.optional).toBe(outcome === 'appropriate');
  });

  it('works without the request summary (the button carries only the review id)', () => {
    expectValidView(renderReviewModal({ reviewId: 'rev_1', outcome: 'appropriate' }));
  });

  it('rejects metadata it did not write', () => {
    for (const text of [undefined, '', 'nope', '{}', '{"reviewId":"r","outcome":"maybe"}', '{"reviewId":3,"outcome":"appropriate"}', 'null']) {
      expect(parseReviewModalMetadata(text)).toBeNull();
    }
  });
});

describe('the validator on modals', () => {
  it('catches a modal with inputs but no submit button', () => {
    const view = renderRequestModal({ resources: resources(1), breakGlassAllowed: false });
    expect(validateView({ ...view, submit: undefined })).toContain('submit: is required when the modal has input blocks');
  });
});
