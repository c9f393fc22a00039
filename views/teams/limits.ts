/**
 * Teams' limits. Bot Framework refuses a whole activity over about 28 KB (`MessageSizeTooBig`), and
 * a refused notification is a lost notification, so every card is fitted to a budget below that,
 * leaving room for the activity envelope the transport wraps around it.
 */
import { truncate } from '../slack/limits.js';

export { truncate };

/** Teams' documented ceiling for one message, in bytes of JSON. */
export const TEAMS_MESSAGE_MAX_BYTES = 28_000;
/** What a card plus its fallback text may take: the rest is the activity envelope (ids, conversation, from). */
export const CARD_BUDGET_BYTES = 25_000;
/** One block of text (a justification, a description): long enough for any real explanation. */
export const TEXT_MAX = 3_000;
/** Titles and fact labels: a line, not a paragraph. */
export const TITLE_MAX = 150;
export const FACT_TITLE_MAX = 150;
export const FACT_VALUE_MAX = 2_000;
/** Button titles: unreadable long before this. */
export const ACTION_TITLE_MAX = 75;
/** The fallback/summary text shown in notifications and activity feeds. */
export const FALLBACK_TEXT_MAX = 3_000;

const encoder = new TextEncoder();

/** Size in bytes of a value as it goes over the wire (UTF-8 JSON). */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}
