/** Times for people, the same on every platform and server: UTC, 24-hour, no locale. */

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-01-05 09:00 UTC`. Locale formatting would make cards differ by server and break tests. */
export function formatTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return 'unknown time';
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** A time that may not have happened (yet): `2026-01-05 09:00 UTC` or the given placeholder. */
export function formatOptionalTime(epochMs: number | null, missing: string): string {
  return epochMs === null ? missing : formatTime(epochMs);
}
