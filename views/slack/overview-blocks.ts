/** The access overview as blocks, cut to fit the surface: 50 blocks in a message, 100 in the App Home. */
import type { AccessOverview } from '../../src/core/notifications.js';
import { renderAccessOverview } from '../cards/access-overview.js';
import type { Block } from './block-kit-types.js';
import { HEADER_TEXT_MAX } from './limits.js';
import { plainText, renderCardBlocks, textSection } from './render-block-kit.js';

export function renderOverviewBlocks(overview: AccessOverview, maxBlocks: number): Block[] {
  const { intro, groups } = renderAccessOverview(overview);
  // One block is always kept back for the "more not shown" note.
  const blocks = renderCardBlocks(intro, { maxBlocks: Math.min(6, maxBlocks - 1) });
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  let shown = 0;
  // Stop at the first item that does not fit, so what is hidden is always the end of the list.
  fill: for (const group of groups) {
    const groupHead: Block[] = [{ type: 'divider' }, { type: 'header', text: plainText(`${group.title} (${group.items.length})`, HEADER_TEXT_MAX) }];
    let headed = false;
    for (const item of group.items) {
      const itemBlocks = renderCardBlocks(item, { compact: true, maxBlocks: 8 });
      const needed = itemBlocks.length + (headed ? 0 : groupHead.length);
      if (blocks.length + needed > maxBlocks - 1) break fill;
      if (!headed) blocks.push(...groupHead);
      headed = true;
      blocks.push(...itemBlocks);
      shown++;
    }
  }
  if (shown < total) blocks.push(textSection(`${total - shown} more not shown here: Slack limits how much fits on one screen. Decide or end the ones above first, then look again.`));
  return blocks;
}
