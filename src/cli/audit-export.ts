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

export async function exportAudit(rows: Iterable<AuditRow>, format: ExportFormat, out: Writable): Promise<number> {
  let count = 0;
  if (format === 'csv' && !out.write(`${CSV_COLUMNS.join(',')}\r\n`)) await once(out, 'drain');
  for (const row of rows) {
    count++;
    if (!out.write(line(row, format))) await once(out, 'drain');
  }
  return count;
}
