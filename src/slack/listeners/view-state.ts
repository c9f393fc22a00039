/** Reading submitted form values: every input's block id equals its action id. */
import type { ViewStateValue } from '@slack/bolt';

export type StateValues = Record<string, Record<string, ViewStateValue>>;

export function field(values: StateValues, blockId: string): ViewStateValue | undefined {
  return values[blockId]?.[blockId] ?? Object.values(values[blockId] ?? {})[0];
}

export function textValue(values: StateValues, blockId: string): string | null {
  return field(values, blockId)?.value ?? null;
}
