/** A request in two blocks (who wants what, and why), for forms that act on it. */
import type { RequestSummary } from '../../src/core/notifications.js';
import { resourceLabel } from '../cards/card-parts.js';
import { formatDurationText } from '../text/format-duration.js';
import type { Block } from './block-kit-types.js';
import { SECTION_TEXT_MAX } from './limits.js';
import { mrkdwn, quoteMrkdwn, textSection } from './render-block-kit.js';

export function renderRequestSummaryBlocks(summary: RequestSummary): Block[] {
  return [
    textSection(`${summary.requesterEmail} requests ${resourceLabel(summary)} for ${formatDurationText(summary.durationMs)}${summary.breakGlass ? ' (break-glass)' : ''}.`),
    { type: 'section', text: mrkdwn(quoteMrkdwn('Justification', summary.justification), SECTION_TEXT_MAX) },
  ];
}
