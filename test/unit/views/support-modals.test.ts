import { describe, expect, it } from 'vitest';
import { MODAL, SUPPORT_FIELD } from '../../../views/action-ids.js';
import type { Block, InputBlock, ModalView } from '../../../views/slack/block-kit-types.js';
import { renderDenyEscalationModal } from '../../../views/slack/deny-escalation-modal.js';
import { renderDocumentationModal } from '../../../views/slack/documentation-modal.js';
import { renderElevationModal } from '../../../views/slack/elevation-modal.js';
import { MODAL_BLOCKS_MAX, PLAIN_TEXT_INPUT_MAX, STATIC_SELECT_OPTIONS_MAX } from '../../../views/slack/limits.js';
import { renderNeedSupportModal } from '../../../views/slack/need-support-modal.js';
import { renderNoteModal } from '../../../views/slack/note-modal.js';
import { renderReassignModal } from '../../../views/slack/reassign-modal.js';
import { ADMIN_RIGHTS_VALUE, fitLines, parseProhibitedActions, renderScopeModal } from '../../../views/slack/scope-modal.js';
import { expectValidView, visibleText } from './block-kit-validator.js';
import { DEFAULT_PROHIBITED, ESCALATION_ID, SESSION_ID } from './samples.js';

const HOSTILE = '<!channel> <https://evil|bank> & <@U123>';
const ESCAPED = '&lt;!channel&gt; &lt;https://evil|bank&gt; &amp; &lt;@U123&gt;';

const inputs = (view: ModalView): InputBlock[] => view.blocks.filter((b: Block): b is InputBlock => b.type === 'input');
const input = (view: ModalView, id: string): InputBlock => {
  const found = inputs(view).find((b) => b.block_id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
};
/** [block_id, action_id, element type, optional] for every input, in order. */
const shape = (view: ModalView) => inputs(view).map((b) => [b.block_id, b.element.action_id, b.element.type, b.optional === true]);

/** Every modal must validate, fit Slack's limits, and have no input whose block id differs from its action id. */
function expectSound(view: ModalView): void {
  expectValidView(view);
  expect(view.blocks.length).toBeLessThanOrEqual(MODAL_BLOCKS_MAX);
  for (const b of inputs(view)) expect(b.block_id).toBe(b.element.action_id);
}

describe('the need-support modal', () => {
  const view = renderNeedSupportModal({});

  it('is valid, with the need-support callback and description, device, urgency and ticket', () => {
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.needSupport, submit: { text: 'Send' }, close: { text: 'Cancel' } });
    expect(view.private_metadata).toBeUndefined();
    expect(shape(view)).toEqual([
      [SUPPORT_FIELD.description, SUPPORT_FIELD.description, 'plain_text_input', false],
      [SUPPORT_FIELD.device, SUPPORT_FIELD.device, 'plain_text_input', true],
      [SUPPORT_FIELD.urgency, SUPPORT_FIELD.urgency, 'static_select', false],
      [SUPPORT_FIELD.ticketRef, SUPPORT_FIELD.ticketRef, 'plain_text_input', true],
    ]);
  });

  it('takes a required multiline description, prefilled when given', () => {
    expect(input(view, SUPPORT_FIELD.description).element).toMatchObject({ multiline: true, min_length: 1 });
    expect(input(view, SUPPORT_FIELD.description).element).not.toHaveProperty('initial_value');
    const prefilled = renderNeedSupportModal({ initialDescription: 'printer jams' });
    expectSound(prefilled);
    expect(input(prefilled, SUPPORT_FIELD.description).element).toMatchObject({ initial_value: 'printer jams' });
  });

  it('offers low, normal and high urgency, normal preselected', () => {
    const select = input(view, SUPPORT_FIELD.urgency).element;
    if (select.type !== 'static_select') throw new Error('not a select');
    expect(select.options.map((o) => o.value)).toEqual(['low', 'normal', 'high']);
    expect(select.initial_option?.value).toBe('normal');
  });

  it('cuts a huge prefilled description to the input limit', () => {
    const big = renderNeedSupportModal({ initialDescription: 'z'.repeat(10_000) });
    expectSound(big);
    const element = input(big, SUPPORT_FIELD.description).element;
    expect(element.type === 'plain_text_input' && element.initial_value?.length).toBe(PLAIN_TEXT_INPUT_MAX);
  });

  it('carries private metadata when given, and refuses metadata Slack would reject', () => {
    expect(renderNeedSupportModal({ privateMetadata: 'C123' }).private_metadata).toBe('C123');
    expect(() => renderNeedSupportModal({ privateMetadata: 'x'.repeat(3_001) })).toThrow(RangeError);
  });
});

describe('the scope modal', () => {
  const view = renderScopeModal({ sessionId: SESSION_ID, device: 'LAPTOP-SAM-42', defaultProhibited: DEFAULT_PROHIBITED });

  it('is valid, carries the session id, and asks device, interaction, admin rights and prohibited actions', () => {
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.scope, private_metadata: SESSION_ID });
    expect(shape(view)).toEqual([
      [SUPPORT_FIELD.device, SUPPORT_FIELD.device, 'plain_text_input', false],
      [SUPPORT_FIELD.interaction, SUPPORT_FIELD.interaction, 'radio_buttons', false],
      [SUPPORT_FIELD.adminRights, SUPPORT_FIELD.adminRights, 'checkboxes', true],
      [SUPPORT_FIELD.prohibitedActions, SUPPORT_FIELD.prohibitedActions, 'plain_text_input', true],
    ]);
  });

  it('prefills the device the user named, and leaves it empty when they named none', () => {
    expect(input(view, SUPPORT_FIELD.device).element).toMatchObject({ initial_value: 'LAPTOP-SAM-42', min_length: 1 });
    const none = renderScopeModal({ sessionId: SESSION_ID, device: null, defaultProhibited: [] });
    expectSound(none);
    expect(input(none, SUPPORT_FIELD.device).element).not.toHaveProperty('initial_value');
  });

  it('offers View only / Control with view preselected', () => {
    expect(input(view, SUPPORT_FIELD.interaction).element).toMatchObject({
      options: [
        { value: 'view', text: { text: 'View only' } },
        { value: 'control', text: { text: 'Control' } },
      ],
      initial_option: { value: 'view' },
    });
  });

  it('asks for admin rights with one unticked checkbox', () => {
    const element = input(view, SUPPORT_FIELD.adminRights).element;
    expect(element).toMatchObject({ options: [{ value: ADMIN_RIGHTS_VALUE, text: { text: 'Needs admin rights (an escalation approver must approve)' } }] });
    expect(element).not.toHaveProperty('initial_options');
  });

  it('prefills the default prohibited actions one per line, with the hint', () => {
    const prohibited = input(view, SUPPORT_FIELD.prohibitedActions);
    expect(prohibited.element).toMatchObject({ multiline: true, initial_value: DEFAULT_PROHIBITED.join('\n') });
    expect(prohibited.hint?.text).toBe('one per line; shown to the user before they consent');
    const element = prohibited.element;
    expect(parseProhibitedActions(element.type === 'plain_text_input' ? element.initial_value : '')).toEqual(DEFAULT_PROHIBITED);
  });

  it('keeps only whole lines when the defaults are longer than the input allows', () => {
    const many = Array.from({ length: 100 }, (_, i) => `prohibition number ${i} `.padEnd(60, '.'));
    const big = renderScopeModal({ sessionId: SESSION_ID, device: 'd'.repeat(500), defaultProhibited: many });
    expectSound(big);
    const element = input(big, SUPPORT_FIELD.prohibitedActions).element;
    const kept = parseProhibitedActions(element.type === 'plain_text_input' ? element.initial_value : '');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(100);
    expect(kept).toEqual(many.slice(0, kept.length).map((l) => l.trim()));
    expect(visibleText(big.blocks)).toContain(`${100 - kept.length} of the policy's default prohibited actions do not fit`);
    expect(visibleText(view.blocks)).not.toContain('do not fit');
    expect(fitLines(['a', 'b', 'c'], 3)).toBe('a\nb');
    expect(fitLines(['  spaced   out  ', '', 'x'], 100)).toBe('spaced out\nx');
  });

  it('parses the prohibited list back, dropping blank lines', () => {
    expect(parseProhibitedActions(' a \r\n\r\nb\n  \nc ')).toEqual(['a', 'b', 'c']);
    expect(parseProhibitedActions(undefined)).toEqual([]);
  });
});

describe('the session forms', () => {
  it('elevation: required multiline description and a required duration, with the session id', () => {
    const view = renderElevationModal({ sessionId: SESSION_ID });
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.elevation, private_metadata: SESSION_ID });
    expect(shape(view)).toEqual([
      [SUPPORT_FIELD.elevationDescription, SUPPORT_FIELD.elevationDescription, 'plain_text_input', false],
      [SUPPORT_FIELD.elevationDuration, SUPPORT_FIELD.elevationDuration, 'plain_text_input', false],
    ]);
    expect(input(view, SUPPORT_FIELD.elevationDescription).element).toMatchObject({ multiline: true });
    expect(input(view, SUPPORT_FIELD.elevationDuration).hint?.text).toContain('15m');
  });

  it('note: one required multiline note', () => {
    const view = renderNoteModal({ sessionId: SESSION_ID });
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.note, private_metadata: SESSION_ID });
    expect(shape(view)).toEqual([[SUPPORT_FIELD.note, SUPPORT_FIELD.note, 'plain_text_input', false]]);
    expect(input(view, SUPPORT_FIELD.note).element).toMatchObject({ multiline: true, min_length: 1 });
  });

  it('documentation: actions taken and outcome required, follow-ups optional', () => {
    const view = renderDocumentationModal({ sessionId: SESSION_ID, summary: 'Session with sam@example.com on LAPTOP-SAM-42' });
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.documentation, private_metadata: SESSION_ID });
    expect(shape(view)).toEqual([
      [SUPPORT_FIELD.actionsTaken, SUPPORT_FIELD.actionsTaken, 'plain_text_input', false],
      [SUPPORT_FIELD.outcome, SUPPORT_FIELD.outcome, 'plain_text_input', false],
      [SUPPORT_FIELD.followUps, SUPPORT_FIELD.followUps, 'plain_text_input', true],
    ]);
    for (const b of inputs(view)) expect(b.element).toMatchObject({ multiline: true });
    expect(visibleText(view.blocks)).toContain('Session with sam@example.com on LAPTOP-SAM-42');
    expectSound(renderDocumentationModal({ sessionId: SESSION_ID }));
  });

  it('documentation: a hostile or huge summary is escaped and cut', () => {
    const hostile = renderDocumentationModal({ sessionId: SESSION_ID, summary: HOSTILE });
    expectSound(hostile);
    expect(JSON.stringify(hostile.blocks)).toContain(ESCAPED);
    expect(JSON.stringify(hostile.blocks)).not.toContain('<');
    expectSound(renderDocumentationModal({ sessionId: SESSION_ID, summary: 'x'.repeat(10_000) }));
  });

  it('refuse ids Slack could not carry back', () => {
    const long = 'x'.repeat(3_001);
    expect(() => renderElevationModal({ sessionId: long })).toThrow(RangeError);
    expect(() => renderNoteModal({ sessionId: long })).toThrow(RangeError);
    expect(() => renderDocumentationModal({ sessionId: long })).toThrow(RangeError);
    expect(() => renderScopeModal({ sessionId: long, device: null, defaultProhibited: [] })).toThrow(RangeError);
    expect(() => renderReassignModal({ sessionId: long, technicians: ['a@x'] })).toThrow(RangeError);
    expect(() => renderDenyEscalationModal({ escalationId: long })).toThrow(RangeError);
  });
});

describe('the reassign modal', () => {
  it('offers the technicians by email, with the session id', () => {
    const view = renderReassignModal({ sessionId: SESSION_ID, technicians: ['tina@example.com', 'tom@example.com', 'tina@example.com'] });
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.reassign, private_metadata: SESSION_ID, submit: { text: 'Reassign' } });
    expect(shape(view)).toEqual([[SUPPORT_FIELD.technician, SUPPORT_FIELD.technician, 'static_select', false]]);
    const select = input(view, SUPPORT_FIELD.technician).element;
    expect(select.type === 'static_select' && select.options.map((o) => [o.text.text, o.value])).toEqual([
      ['tina@example.com', 'tina@example.com'],
      ['tom@example.com', 'tom@example.com'],
    ]);
  });

  it('keeps 100 of 150 technicians and says so; leaves out emails too long to be a value', () => {
    const many = Array.from({ length: 150 }, (_, i) => `tech${i}@example.com`);
    const view = renderReassignModal({ sessionId: SESSION_ID, technicians: [`${'x'.repeat(200)}@example.com`, ...many] });
    expectSound(view);
    const field = input(view, SUPPORT_FIELD.technician);
    const select = field.element;
    if (select.type !== 'static_select') throw new Error('not a select');
    expect(select.options).toHaveLength(STATIC_SELECT_OPTIONS_MAX);
    expect(select.options[0]!.value).toBe('tech0@example.com');
    expect(field.hint?.text).toContain('Showing 100 of 150 technicians');
  });

  it('says so, and has no submit, when there is nobody to reassign to', () => {
    const view = renderReassignModal({ sessionId: SESSION_ID, technicians: [] });
    expectSound(view);
    expect(view.submit).toBeUndefined();
    expect(inputs(view)).toEqual([]);
  });
});

describe('the deny-escalation modal', () => {
  it('carries the escalation id and requires a multiline reason', () => {
    const view = renderDenyEscalationModal({ escalationId: ESCALATION_ID });
    expectSound(view);
    expect(view).toMatchObject({ callback_id: MODAL.denyEscalation, private_metadata: ESCALATION_ID, submit: { text: 'Deny' } });
    expect(shape(view)).toEqual([[SUPPORT_FIELD.reason, SUPPORT_FIELD.reason, 'plain_text_input', false]]);
    expect(input(view, SUPPORT_FIELD.reason).element).toMatchObject({ multiline: true, min_length: 1 });
  });
});
