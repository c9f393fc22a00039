/** Reading what the bot posted: buttons and text out of Block Kit JSON. */

interface Button {
  action_id: string;
  value?: string;
  text?: { text?: string };
}

/** Every interactive element in the blocks, wherever it sits (actions blocks, section accessories). */
export function buttonsIn(blocks: unknown): Button[] {
  const found: Button[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.action_id === 'string' && obj.type === 'button') found.push(obj as unknown as Button);
      Object.values(obj).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

export function buttonValue(blocks: unknown, actionId: string): string | null {
  return buttonsIn(blocks).find((b) => b.action_id === actionId)?.value ?? null;
}

/** All visible text of the blocks, joined, for assertions about what people read. */
export function textOf(blocks: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.text === 'string') parts.push(obj.text);
      Object.values(obj).forEach(walk);
    }
  };
  walk(blocks);
  return parts.join('\n');
}
