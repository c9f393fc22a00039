/**
 * User text is data (ARCHITECTURE invariant 8). Slack parses `<...>` in mrkdwn as mentions, channel
 * pings and links, so `<!channel>` in a justification would ping everyone and `<https://evil|bank>`
 * would disguise a link. Escaping `&`, `<` and `>` (and nothing else, as Slack documents) makes them
 * inert while the text stays readable; formatting characters like `*` are left alone on purpose.
 */

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITY[c]!);
}

/**
 * Shortens already-escaped mrkdwn to `max` characters without cutting an entity in half (which
 * would show as `&am…`), ending with `…`.
 */
export function truncateMrkdwn(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = escaped.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  // Entities are at most 5 characters (`&amp;`): an `&` that close to the end without its `;` was cut.
  if (amp >= 0 && amp > cut.length - 5 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Escape, then fit: the usual way user text goes into a mrkdwn field. */
export function escapeAndTruncate(text: string, max: number): string {
  return truncateMrkdwn(escapeMrkdwn(text), max);
}
