/**
 * Slack's Block Kit limits. Slack rejects a whole message or view when any one of these is
 * exceeded (`invalid_blocks`), and a rejected notification is a lost notification, so every
 * renderer truncates to these instead of trusting its input. Values from Slack's Block Kit reference.
 */

/** Any text object (section text, context element, confirm text) is capped at 3000. */
export const TEXT_OBJECT_MAX = 3_000;
/** Section `text`. */
export const SECTION_TEXT_MAX = 3_000;
/** A section holds at most 10 fields... */
export const SECTION_FIELDS_MAX = 10;
/** ...of at most 2000 characters each. */
export const SECTION_FIELD_TEXT_MAX = 2_000;
/** Header blocks take plain_text of at most 150 characters. */
export const HEADER_TEXT_MAX = 150;
/** Button labels are cut at 75 by Slack's limit (and are unreadable long before that). */
export const BUTTON_TEXT_MAX = 75;
/** Button `value` travels back to us with the click. */
export const BUTTON_VALUE_MAX = 2_000;
/** `action_id`, `block_id` and `callback_id` are each capped at 255. */
export const ID_MAX = 255;
/** Actions blocks hold at most 25 elements. */
export const ACTIONS_ELEMENTS_MAX = 25;
/** Context blocks hold at most 10 elements. */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Messages carry at most 50 blocks. */
export const MESSAGE_BLOCKS_MAX = 50;
/** Modals and the App Home carry at most 100 blocks. */
export const VIEW_BLOCKS_MAX = 100;
export const MODAL_BLOCKS_MAX = VIEW_BLOCKS_MAX;
export const HOME_BLOCKS_MAX = VIEW_BLOCKS_MAX;
/** A message's top-level `text` is truncated by Slack past 40,000 characters... */
export const MESSAGE_TEXT_MAX = 40_000;
/** ...but notification fallback text only needs one sentence; 3000 keeps push previews sane. */
export const NOTIFICATION_TEXT_MAX = 3_000;
/** Confirm dialogs: title 100, text 300, each button 30. */
export const CONFIRM_TITLE_MAX = 100;
export const CONFIRM_TEXT_MAX = 300;
export const CONFIRM_BUTTON_MAX = 30;
/** Modal title, submit and close labels are each capped at 24. */
export const MODAL_TITLE_MAX = 24;
export const MODAL_BUTTON_MAX = 24;
/** `private_metadata` on a view is capped at 3000. */
export const PRIVATE_METADATA_MAX = 3_000;
/** static_select offers at most 100 options; more needs an external data source. */
export const STATIC_SELECT_OPTIONS_MAX = 100;
/** Checkbox groups offer at most 10 options. */
export const CHECKBOX_OPTIONS_MAX = 10;
/** Radio button groups offer at most 10 options. */
export const RADIO_OPTIONS_MAX = 10;
/** Option text and description are capped at 75, option values at 150. */
export const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 150;
/** Input labels and hints are capped at 2000. */
export const INPUT_LABEL_MAX = 2_000;
export const INPUT_HINT_MAX = 2_000;
/** Placeholders are capped at 150. */
export const PLACEHOLDER_MAX = 150;
/** plain_text_input `min_length`/`max_length` may not exceed 3000. */
export const PLAIN_TEXT_INPUT_MAX = 3_000;

/**
 * Cuts plain text to `max` characters, ending with `…`. Never splits a surrogate pair: half an
 * emoji is invalid UTF-16 and can make Slack reject the payload. For mrkdwn that is already
 * escaped use `truncateMrkdwn`, which also avoids splitting `&amp;`.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Cutting `private_metadata` would corrupt it silently, so a caller that overfills it fails loudly instead. */
export function assertPrivateMetadataFits(metadata: string | undefined): void {
  if (metadata !== undefined && metadata.length > PRIVATE_METADATA_MAX) {
    throw new RangeError(`private_metadata is ${metadata.length} characters; Slack allows ${PRIVATE_METADATA_MAX}`);
  }
}
