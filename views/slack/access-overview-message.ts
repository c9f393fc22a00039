/** The ephemeral answer to `/access`. */
import type { AccessOverview } from '../../src/core/notifications.js';
import { renderAccessOverview } from '../cards/access-overview.js';
import type { SlackMessage } from './block-kit-types.js';
import { MESSAGE_BLOCKS_MAX } from './limits.js';
import { renderOverviewBlocks } from './overview-blocks.js';
import { renderFallbackText } from './render-block-kit.js';

export function renderAccessOverviewMessage(overview: AccessOverview): SlackMessage {
  return { text: renderFallbackText(renderAccessOverview(overview).intro), blocks: renderOverviewBlocks(overview, MESSAGE_BLOCKS_MAX) };
}
