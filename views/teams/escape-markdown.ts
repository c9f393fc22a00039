/**
 * User text is data (ARCHITECTURE invariant 8). Teams renders TextBlock and FactSet text as
 * markdown: `[bank](https://evil)` would be a disguised link, `**`, `_`, `#`, `- `, `1. ` and `>`
 * would restyle someone's words. Every markdown character is backslash-escaped (CommonMark escapes,
 * which Teams honours on desktop, web and mobile), line-leading markers included, so the text shows
 * exactly as typed. A bare URL stays visible as itself: it may be linked, but never disguised.
 */

/** Characters with a markdown meaning anywhere in a line. One pass, so escapes are never doubled. */
const INLINE = /[\\`*_~[\]()<>&#|!{}]/g;

function escapeLine(line: string): string {
  // Leading indentation would make a code block; it carries no meaning in a chat card.
  const inline = line.replace(/^[\t ]+/, '').replace(INLINE, (c) => `\\${c}`);
  // Markers that only mean something at the start of a line: lists, headings, rules (`)` is escaped above).
  return inline.replace(/^([-+=])/, '\\$1').replace(/^(\d+)\./, '$1\\.');
}

/**
 * Plain text -> Adaptive Card markdown that renders as the same text. Lines are kept: a single `\n`
 * is folded into a space by the renderer, so line breaks become paragraph breaks.
 */
export function escapeCardMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeLine)
    .filter((line) => line !== '')
    .join('\n\n');
}

/**
 * Escaped markdown back to plain text, for places Teams shows as plain text (an activity's
 * `summary` in notifications), where the backslashes would show.
 */
export function unescapeCardMarkdown(markdown: string): string {
  return markdown.replace(/\\([\\`*_~[\]()<>&#|!{}\-+=.])/g, '$1').replace(/\n\n/g, '\n');
}
