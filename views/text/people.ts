/** Lists of people (emails) as one readable phrase. */

/** Past this many names a list stops being readable in a card; the rest are counted. */
export const PEOPLE_SHOWN = 5;

/** `a`, `a and b`, `a, b and c`, `a, b, c, d, e and 3 others`; `empty` when there is nobody. */
export function formatPeople(emails: readonly string[], empty = 'nobody'): string {
  const unique = [...new Set(emails)];
  if (unique.length === 0) return empty;
  const shown = unique.slice(0, PEOPLE_SHOWN);
  const hidden = unique.length - shown.length;
  const items = hidden > 0 ? [...shown, hidden === 1 ? '1 other' : `${hidden} others`] : shown;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
