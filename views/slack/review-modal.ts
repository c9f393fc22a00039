/** Recording a break-glass review: the outcome comes from the button pressed, notes from the form. */
import type { RequestSummary } from '../../src/core/notifications.js';
import type { ReviewOutcome } from '../../src/core/types.js';
import { MODAL, REVIEW_FIELD } from '../action-ids.js';
import type { Block, ModalView } from './block-kit-types.js';
import { assertPrivateMetadataFits, INPUT_HINT_MAX, INPUT_LABEL_MAX, MODAL_BUTTON_MAX, MODAL_TITLE_MAX, PLACEHOLDER_MAX } from './limits.js';
import { plainText, textSection } from './render-block-kit.js';
import { renderRequestSummaryBlocks } from './request-summary-blocks.js';

export const REVIEW_NOTES_MAX = 3_000;

export interface ReviewModalMetadata {
  reviewId: string;
  outcome: ReviewOutcome;
}

/**
 * `summary` is optional because the button only carries the review id; pass it when it is at hand.
 * An inappropriate verdict requires notes: whoever follows up needs to know what was wrong.
 */
export function renderReviewModal(input: { reviewId: string; outcome: ReviewOutcome; summary?: RequestSummary }): ModalView {
  const metadata = JSON.stringify({ reviewId: input.reviewId, outcome: input.outcome } satisfies ReviewModalMetadata);
  assertPrivateMetadataFits(metadata);
  const appropriate = input.outcome === 'appropriate';
  const blocks: Block[] = [
    ...(input.summary ? renderRequestSummaryBlocks(input.summary) : []),
    textSection(
      appropriate
        ? 'You are recording this emergency access as appropriate.'
        : 'You are recording this emergency access as inappropriate. Say what was wrong so it can be followed up.',
    ),
    {
      type: 'input',
      block_id: REVIEW_FIELD.notes,
      label: plainText(appropriate ? 'Notes (optional)' : 'What was wrong', INPUT_LABEL_MAX),
      optional: appropriate,
      hint: plainText('Recorded in the audit log and shown to the requester and the audit channel.', INPUT_HINT_MAX),
      element: {
        type: 'plain_text_input',
        action_id: REVIEW_FIELD.notes,
        multiline: true,
        max_length: REVIEW_NOTES_MAX,
        placeholder: plainText(appropriate ? 'e.g. matches INC-4211' : 'e.g. no incident open at the time', PLACEHOLDER_MAX),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: MODAL.review,
    private_metadata: metadata,
    title: plainText('Break-glass review', MODAL_TITLE_MAX),
    submit: plainText(appropriate ? 'Appropriate' : 'Inappropriate', MODAL_BUTTON_MAX),
    close: plainText('Cancel', MODAL_BUTTON_MAX),
    blocks,
  };
}

/** Reads the metadata back on submit; null when it is not what this modal wrote (never trust the round trip). */
export function parseReviewModalMetadata(text: string | undefined): ReviewModalMetadata | null {
  try {
    const value = JSON.parse(text ?? '') as Partial<Record<keyof ReviewModalMetadata, unknown>> | null;
    if (!value || typeof value.reviewId !== 'string' || value.reviewId === '') return null;
    if (value.outcome !== 'appropriate' && value.outcome !== 'inappropriate') return null;
    return { reviewId: value.reviewId, outcome: value.outcome };
  } catch {
    return null;
  }
}
