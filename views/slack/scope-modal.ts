/**
 * The technician records what the session may do before anything starts. The end user sees exactly
 * this before they consent; admin rights also need an escalation approver.
 */
import { MODAL, SUPPORT_FIELD } from '../action-ids.js';
import { describeInteraction } from '../text/support-text.js';
import type { CheckboxOption, InputBlock, ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits, INPUT_HINT_MAX, INPUT_LABEL_MAX, OPTION_TEXT_MAX } from './limits.js';
import { plainText, textSection } from './render-block-kit.js';
import { SUPPORT_DEVICE_MAX, SUPPORT_TEXT_MAX, supportModal, textInput } from './support-modal-parts.js';

export interface ScopeModalInput {
  sessionId: string;
  /** The device the end user named, as the default. */
  device: string | null;
  /** The policy's default prohibited actions, prefilled one per line. */
  defaultProhibited: string[];
}

/** Radio values for SUPPORT_FIELD.interaction: the engine's `SessionScope['interaction']`. */
export const INTERACTION_VALUES = ['view', 'control'] as const;
/** The one checkbox value for SUPPORT_FIELD.adminRights: ticked means admin rights are asked for. */
export const ADMIN_RIGHTS_VALUE = 'admin';

const interactionOption = (value: (typeof INTERACTION_VALUES)[number]): CheckboxOption => ({ text: plainText(describeInteraction(value), OPTION_TEXT_MAX), value });

const ADMIN_OPTION: CheckboxOption = { text: plainText('Needs admin rights (an escalation approver must approve)', OPTION_TEXT_MAX), value: ADMIN_RIGHTS_VALUE };

/** Whole lines only: a prohibition cut in half would say something else. Lines that do not fit are left out. */
export function fitLines(lines: readonly string[], max: number): string {
  return fitLinesCounted(lines, max).text;
}

function fitLinesCounted(lines: readonly string[], max: number): { text: string; left: number } {
  const all = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
  const kept: string[] = [];
  let length = 0;
  for (const line of all) {
    const next = length + (kept.length > 0 ? 1 : 0) + line.length;
    if (next > max) break;
    kept.push(line);
    length = next;
  }
  return { text: kept.join('\n'), left: all.length - kept.length };
}

/** Splits the prohibited-actions text back into the list the engine takes (one per line, blanks dropped). */
export function parseProhibitedActions(text: string | null | undefined): string[] {
  return (text ?? '').split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
}

export function renderScopeModal(input: ScopeModalInput): ModalView {
  assertPrivateMetadataFits(input.sessionId);
  const options = INTERACTION_VALUES.map(interactionOption);
  const interaction: InputBlock = {
    type: 'input',
    block_id: SUPPORT_FIELD.interaction,
    label: plainText('Interaction', INPUT_LABEL_MAX),
    hint: plainText('View only lets you see the screen; control lets you use the mouse and keyboard.', INPUT_HINT_MAX),
    element: { type: 'radio_buttons', action_id: SUPPORT_FIELD.interaction, options, initial_option: options[0]! },
  };
  const admin: InputBlock = {
    type: 'input',
    block_id: SUPPORT_FIELD.adminRights,
    label: plainText('Admin rights', INPUT_LABEL_MAX),
    optional: true,
    element: { type: 'checkboxes', action_id: SUPPORT_FIELD.adminRights, options: [ADMIN_OPTION] },
  };
  const prohibited = fitLinesCounted(input.defaultProhibited, SUPPORT_TEXT_MAX);
  // Never drop a policy prohibition silently: the technician must know the prefilled list is short.
  const leftOut =
    prohibited.left > 0
      ? [textSection(`${prohibited.left} of the policy's default prohibited ${prohibited.left === 1 ? 'action does' : 'actions do'} not fit in the form and ${prohibited.left === 1 ? 'is' : 'are'} not listed below. Check the policy and keep the list to what matters for this session.`)]
      : [];
  return supportModal({
    callbackId: MODAL.scope,
    title: 'Session scope',
    submit: 'Record scope',
    privateMetadata: input.sessionId,
    blocks: [
      textSection('Record what this session may do before anything starts. The end user sees exactly this and must allow it; without admin rights it goes to them straight away.'),
      textInput({ id: SUPPORT_FIELD.device, label: 'Device', max: SUPPORT_DEVICE_MAX, placeholder: 'e.g. LAPTOP-1234', initial: input.device }),
      interaction,
      admin,
      ...leftOut,
      textInput({
        id: SUPPORT_FIELD.prohibitedActions,
        label: 'Prohibited actions',
        multiline: true,
        optional: true,
        max: SUPPORT_TEXT_MAX,
        hint: 'one per line; shown to the user before they consent',
        initial: prohibited.text,
      }),
    ],
  });
}
