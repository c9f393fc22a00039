/** The App Home tab: the same overview as `/access`, with room for twice as much. */
import type { AccessOverview } from '../../src/core/notifications.js';
import type { HomeView } from './block-kit-types.js';
import { HOME_BLOCKS_MAX } from './limits.js';
import { renderOverviewBlocks } from './overview-blocks.js';

export function renderAppHome(overview: AccessOverview): HomeView {
  return { type: 'home', blocks: renderOverviewBlocks(overview, HOME_BLOCKS_MAX) };
}
