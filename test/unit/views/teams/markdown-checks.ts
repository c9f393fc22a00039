/** How escaped Adaptive Card markdown reads, and a check that it formats nothing. */
import { expect } from 'vitest';

/** What a CommonMark renderer shows for escaped text: each `\x` is the character x, nothing else is markup. */
export function shownText(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

/** No markdown character is left unescaped, and no line starts a list, heading, rule or code block. */
export function expectInertMarkdown(markdown: string): void {
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    expect('`*_~[]()<>&#|!{}', `unescaped ${c} at ${i} in ${JSON.stringify(markdown)}`).not.toContain(c);
  }
  for (const line of markdown.split('\n')) {
    expect(line, `line ${JSON.stringify(line)} starts with markup`).not.toMatch(/^(\s|[-+=]|\d+[.)])/);
  }
}

/** Every TextBlock text and fact (the strings Teams reads as markdown) in a card, forms included. */
export function markdownTexts(card: unknown): string[] {
  const texts: string[] = [];
  JSON.stringify(card, (key, value: unknown) => {
    if (value && typeof value === 'object' && 'type' in value && value.type === 'TextBlock') texts.push((value as unknown as { text: string }).text);
    if (key === 'facts') for (const f of value as Array<{ title: string; value: string }>) texts.push(f.title, f.value);
    return value;
  });
  return texts;
}
