/** The request form, opened by `/request-access` alone, `/request-access RESOURCE`, or Request more time. */
import { MODAL, REQUEST_FIELD } from '../action-ids.js';
import { formatDurationInput, formatDurationText } from '../text/format-duration.js';
import type { Block, CheckboxOption, InputBlock, ModalView, SelectOption } from './block-kit-types.js';
import {
  assertPrivateMetadataFits,
  INPUT_HINT_MAX,
  INPUT_LABEL_MAX,
  MODAL_BUTTON_MAX,
  MODAL_TITLE_MAX,
  OPTION_TEXT_MAX,
  OPTION_VALUE_MAX,
  PLAIN_TEXT_INPUT_MAX,
  PLACEHOLDER_MAX,
  STATIC_SELECT_OPTIONS_MAX,
  truncate,
} from './limits.js';
import { plainText, textSection } from './render-block-kit.js';

export interface RequestModalResource {
  id: string;
  name: string;
  maxDurationMs: number;
  defaultDurationMs: number;
}

export interface RequestModalInput {
  resources: RequestModalResource[];
  breakGlassAllowed: boolean;
  initial?: { resourceId?: string; duration?: string; justification?: string; breakGlass?: boolean };
  /** Opaque to Slack, returned on submit; must fit Slack's 3000 characters. */
  privateMetadata?: string;
}

/** Same length limit the request command enforces on a justification. */
const JUSTIFICATION_MAX = 3_000;
/** Longest duration text the grammar accepts (`999999d`) with room to spare. */
const DURATION_INPUT_MAX = 16;

export const BREAK_GLASS_VALUE = 'break_glass';
const BREAK_GLASS_OPTION: CheckboxOption = {
  text: { type: 'plain_text', text: 'Emergency (break-glass): access now, reviewed afterwards', emoji: true },
  value: BREAK_GLASS_VALUE,
};

function resourceOption(resource: RequestModalResource): SelectOption {
  const label = resource.name === resource.id ? resource.id : `${resource.name} (${resource.id})`;
  return {
    text: plainText(label, OPTION_TEXT_MAX),
    value: resource.id,
    description: plainText(`up to ${formatDurationText(resource.maxDurationMs)}, default ${formatDurationText(resource.defaultDurationMs)}`, OPTION_TEXT_MAX),
  };
}

/**
 * Slack's static_select takes at most 100 options. Beyond that the first 100 are offered (keeping the
 * preselected one) and the hint points to the slash command, which accepts any resource id.
 */
function resourceOptions(resources: RequestModalResource[], initialId: string | undefined): { options: SelectOption[]; hidden: number } {
  // An id too long to be an option value could never be submitted intact; it is left out, not cut.
  const usable = resources.filter((r) => r.id.length > 0 && r.id.length <= OPTION_VALUE_MAX);
  let shown = usable.slice(0, STATIC_SELECT_OPTIONS_MAX);
  const initial = usable.find((r) => r.id === initialId);
  if (initial && !shown.includes(initial)) shown = [...shown.slice(0, STATIC_SELECT_OPTIONS_MAX - 1), initial];
  return { options: shown.map(resourceOption), hidden: usable.length - shown.length };
}

export function renderRequestModal(input: RequestModalInput): ModalView {
  assertPrivateMetadataFits(input.privateMetadata);
  const initial = input.initial ?? {};
  const base = {
    type: 'modal' as const,
    callback_id: MODAL.request,
    title: plainText('Request access', MODAL_TITLE_MAX),
    close: plainText('Cancel', MODAL_BUTTON_MAX),
    ...(input.privateMetadata !== undefined ? { private_metadata: input.privateMetadata } : {}),
  };
  const { options, hidden } = resourceOptions(input.resources, initial.resourceId);
  if (options.length === 0) {
    // A static_select needs at least one option; with nothing to request there is nothing to submit.
    return { ...base, close: plainText('Close', MODAL_BUTTON_MAX), blocks: [textSection('There are no resources you can request. Ask your Gatehouse administrator if you think that is wrong.')] };
  }

  const chosen = options.find((o) => o.value === initial.resourceId);
  const resource: InputBlock = {
    type: 'input',
    block_id: REQUEST_FIELD.resource,
    label: plainText('Resource', INPUT_LABEL_MAX),
    element: {
      type: 'static_select',
      action_id: REQUEST_FIELD.resource,
      placeholder: plainText('Choose a resource', PLACEHOLDER_MAX),
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    },
  };
  if (hidden > 0) {
    resource.hint = plainText(
      `Showing ${options.length} of ${options.length + hidden} resources (Slack lists at most ${STATIC_SELECT_OPTIONS_MAX}). For another one type /request-access RESOURCE DURATION JUSTIFICATION.`,
      INPUT_HINT_MAX,
    );
  }

  const chosenResource = input.resources.find((r) => r.id === chosen?.value);
  const durationValue = initial.duration ?? (chosenResource ? formatDurationInput(chosenResource.defaultDurationMs) : undefined);
  const duration: InputBlock = {
    type: 'input',
    block_id: REQUEST_FIELD.duration,
    label: plainText('Duration', INPUT_LABEL_MAX),
    // Empty means the resource's default, as in the slash command.
    optional: true,
    hint: plainText('e.g. 30m, 2h, 1d — default and maximum depend on the resource', INPUT_HINT_MAX),
    element: {
      type: 'plain_text_input',
      action_id: REQUEST_FIELD.duration,
      placeholder: plainText('e.g. 2h', PLACEHOLDER_MAX),
      max_length: DURATION_INPUT_MAX,
      ...(durationValue ? { initial_value: truncate(durationValue, DURATION_INPUT_MAX) } : {}),
    },
  };

  const justification: InputBlock = {
    type: 'input',
    block_id: REQUEST_FIELD.justification,
    label: plainText('Justification', INPUT_LABEL_MAX),
    hint: plainText('Approvers and the audit log see this. Name the ticket or incident.', INPUT_HINT_MAX),
    // No min_length: the policy decides the minimum and the engine reports it against this field.
    element: {
      type: 'plain_text_input',
      action_id: REQUEST_FIELD.justification,
      multiline: true,
      max_length: Math.min(JUSTIFICATION_MAX, PLAIN_TEXT_INPUT_MAX),
      placeholder: plainText('e.g. investigating INC-4211 slow queries', PLACEHOLDER_MAX),
      ...(initial.justification ? { initial_value: truncate(initial.justification, JUSTIFICATION_MAX) } : {}),
    },
  };

  const blocks: Block[] = [resource, duration, justification];
  if (input.breakGlassAllowed) {
    blocks.push({
      type: 'input',
      block_id: REQUEST_FIELD.breakGlass,
      label: plainText('Emergency', INPUT_LABEL_MAX),
      optional: true,
      hint: plainText('Skips approval. The use is announced to the audit channel and must be reviewed.', INPUT_HINT_MAX),
      element: {
        type: 'checkboxes',
        action_id: REQUEST_FIELD.breakGlass,
        options: [BREAK_GLASS_OPTION],
        ...(initial.breakGlass ? { initial_options: [BREAK_GLASS_OPTION] } : {}),
      },
    });
  }
  return { ...base, submit: plainText('Request', MODAL_BUTTON_MAX), blocks };
}
