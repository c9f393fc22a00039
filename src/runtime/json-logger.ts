/** Structured logs: one JSON line per event. Fields named like secrets are masked before writing. */
import type { Logger } from '../core/ports.js';

const SECRET_FIELD = /secret|token|password|signature|authorization/i;

function scrub(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = SECRET_FIELD.test(key) ? '[redacted]' : value;
  return out;
}

export interface LoggerOptions {
  write?: (line: string) => void;
  level?: 'info' | 'warn' | 'error' | 'silent';
}

const RANK = { info: 0, warn: 1, error: 2, silent: 3 } as const;

export function createJsonLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const min = RANK[options.level ?? 'info'];
  const log = (level: 'info' | 'warn' | 'error') => (event: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...scrub(fields) }));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
