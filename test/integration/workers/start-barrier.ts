/**
 * The start barrier the workers share: wait until the test writes the go file (atomically), then
 * wait for the instant written in it, so processes that were told together start together.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves at the instant written in the go file (and returns it); at once when there is no go file. */
export async function waitForGo(goFile: string | undefined, giveUpAfterMs = 30_000): Promise<number> {
  if (!goFile) return epochNow();
  const deadline = Date.now() + giveUpAfterMs;
  while (!existsSync(goFile)) {
    if (Date.now() > deadline) throw new Error(`no go file ${goFile} after ${giveUpAfterMs} ms`);
    await sleep(1);
  }
  const startAt = Number(readFileSync(goFile, 'utf8').trim());
  if (Number.isFinite(startAt)) waitUntil(startAt);
  return Number.isFinite(startAt) ? startAt : epochNow();
}

/** Epoch milliseconds with sub-millisecond precision, comparable across processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks until the epoch instant `at`: sleeps most of the way, then spins the last half millisecond. */
export function waitUntil(at: number): void {
  for (;;) {
    const left = at - epochNow();
    if (left <= 0) return;
    if (left > 1) Atomics.wait(sleeper, 0, 0, left - 0.5);
  }
}

/** Logs warnings and errors as JSON lines on stderr, which the test shows when a worker misbehaves. */
export const stderrLogger = {
  info: () => {},
  warn: (event: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...fields })}\n`),
  error: (event: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ level: 'error', event, ...fields })}\n`),
};
