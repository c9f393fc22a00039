/** Streams audit records as JSON lines or CSV, one row at a time, honouring the output's backpressure. */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { AuditRow } from '../store/audit-chain.js';

export type ExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['seq', 'at', 'type', 'actor_email', 'actor_platform', 'actor_platform_user_id', 'subject', 'data', 'prev_hash', 'hash'];

/** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(row: AuditRow, format: ExportFormat): string {
  const at = new Date(row.at).toISOString();
  if (format === 'jsonl') {
    // `data` is already canonical JSON text; splicing it in keeps the exported bytes hashable as stored.
    return (
      `{"seq":${row.seq},"at":${JSON.stringify(at)},"type":${JSON.stringify(row.type)},` +
      `"actor":{"email":${JSON.stringify(row.actorEmail)},"platform":${JSON.stringify(row.actorPlatform)},"platformUserId":${JSON.stringify(row.actorPlatformUserId)}},` +
      `"subject":${JSON.stringify(row.subject)},"data":${row.data},"prevHash":${JSON.stringify(row.prevHash)},"hash":${JSON.stringify(row.hash)}}\n`
    );
  }
  return (
    [row.seq, at, row.type, row.actorEmail, row.actorPlatform, row.actorPlatformUserId, row.subject, row.data, row.prevHash, row.hash].map(csvCell).join(',') +
    '\r\n'
  );
}

/** The reader went away (`gatehouse audit export | head`): an early close, not a failure. */
export function isEarlyClose(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE';
}

/**
 * Writes every row, waiting for 'drain' when the output is full. Stops at the first error on the
 * output: EPIPE (the reader closed early) ends the export normally and the count of rows written so
 * far is returned; any other error is thrown. After an error the listener stays on `out`, so a late
 * error event from the dead stream cannot crash the process.
 */
export async function exportAudit(rows: Iterable<AuditRow>, format: ExportFormat, out: Writable): Promise<number> {
  let failure: unknown = null;
  const onError = (error: unknown) => {
    failure ??= error;
  };
  out.on('error', onError);
  // Waits for room in the output; a stream that errors or is destroyed meanwhile never drains.
  const drain = async (): Promise<void> => {
    if (out.destroyed) return;
    const done = new AbortController();
    try {
      await Promise.race([once(out, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]);
    } catch (error) {
      if (!done.signal.aborted) failure ??= error;
    } finally {
      done.abort();
    }
  };
  let count = 0;
  if (format === 'csv' && !out.write(`${CSV_COLUMNS.join(',')}\r\n`)) await drain();
  for (const row of rows) {
    // `errored` is set as soon as a write fails; the 'error' event only follows on the next tick.
    failure ??= out.errored;
    if (failure) break;
    count++;
    if (!out.write(line(row, format))) await drain();
  }
  failure ??= out.errored;
  if (!failure) {
    out.off('error', onError);
    return count;
  }
  if (isEarlyClose(failure)) return count;
  throw failure;
}
