/** `--since` / `--until` values: an ISO date or time, or a duration back from now (`7d`, `12h`). */
import { parseDuration } from '../core/duration.js';

export function parseTimeArg(text: string, now: number): number | null {
  const ago = parseDuration(text);
  if (ago !== null) return now - ago;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}
