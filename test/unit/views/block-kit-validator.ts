/** Test helpers over the Block Kit validator in `views/slack/validate-blocks.ts` (shared with the sandbox). */
import { expect } from 'vitest';
import { validateBlocks, validateMessage, validateView, type Surface } from '../../../views/slack/validate-blocks.js';

export { validateBlocks, validateMessage, validateView };

/** Fails with every problem listed, so a broken card says which path and which limit. */
export function expectValidMessage(message: unknown): void {
  expect(validateMessage(message)).toEqual([]);
}

export function expectValidView(view: unknown): void {
  expect(validateView(view)).toEqual([]);
}

export function expectValidBlocks(blocks: unknown, surface: Surface = 'message'): void {
  expect(validateBlocks(blocks, surface)).toEqual([]);
}

/** Every action id in a list of blocks, in order. */
export function actionIds(blocks: readonly unknown[]): string[] {
  return blocks.flatMap((b) => {
    const block = b as { type?: string; elements?: Array<{ action_id?: string }> };
    return block.type === 'actions' ? (block.elements ?? []).map((e) => e.action_id ?? '') : [];
  });
}

/** Every button in a list of blocks. */
export function buttons(blocks: readonly unknown[]): Array<{ action_id: string; value?: string; style?: string; text: { text: string }; confirm?: unknown }> {
  return blocks.flatMap((b) => {
    const block = b as { type?: string; elements?: unknown[] };
    return block.type === 'actions' ? ((block.elements ?? []) as ReturnType<typeof buttons>) : [];
  });
}

/** All the text a person would read in the blocks, joined, for "says who decided" checks. */
export function visibleText(blocks: readonly unknown[]): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string') out.push(obj.text);
      else Object.values(obj).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}
