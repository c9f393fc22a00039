/** Durations for people (`1h 30m`) and as typed in commands (`90m`). */
import { formatDuration, humanizeDuration } from '../../src/core/duration.js';

/** How long, for reading: `2h`, `1h 30m`, `45s`. */
export function formatDurationText(ms: number): string {
  return humanizeDuration(ms);
}

/** How long, in the form a command or the request form accepts: `90m`, `2h`. */
export function formatDurationInput(ms: number): string {
  return formatDuration(ms);
}
