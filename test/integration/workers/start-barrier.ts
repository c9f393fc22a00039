/**
 * The start barrier the workers share: wait until the test writes the go file (atomically), then
 * wait for the instant written in it, so processes that were told together start together.
 *
 * The instant is read off `Date.now()`, the system clock every process shares: spinning until it
 * ticks over to the start millisecond releases all processes within microseconds of each other.
 * After that each process times itself with its own `performance.now()`, which does not jump.
 */
import { existsSync, readFileSync } from 'node:fs';
import { watch } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for about `ms` milliseconds. */
function block(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Resolves once `path` exists. Idle workers wait here, some for many seconds while earlier rounds
 * run, so this watches the directory (inotify) instead of polling it: a millisecond poll costs a
 * few percent of a core per waiting process. A slow poll backs the watch up.
 */
async function appears(path: string, giveUpAfterMs: number): Promise<void> {
  const deadline = Date.now() + giveUpAfterMs;
  const controller = new AbortController();
  const watching = (async () => {
    try {
      for await (const _ of watch(dirname(path), { signal: controller.signal })) if (existsSync(path)) return;
    } catch {
      // Aborted, or watching is unsupported here: the poll below still finds the file.
    }
  })();
  try {
    while (!existsSync(path)) {
      if (Date.now() > deadline) throw new Error(`no go file ${path} after ${giveUpAfterMs} ms`);
      await Promise.race([watching, sleep(50)]);
    }
  } finally {
    controller.abort();
  }
}

/**
 * Resolves at the epoch millisecond written in the go file (at once when there is no go file), and
 * returns the `performance.now()` reading at that instant. Gives up (throws, so the worker exits
 * non-zero) when no go file comes: a worker orphaned by a dead test run does not linger for ever.
 */
export async function waitForGo(goFile: string | undefined, giveUpAfterMs = Number(process.env.GO_TIMEOUT_MS ?? 300_000)): Promise<number> {
  if (!goFile) return performance.now();
  await appears(goFile, giveUpAfterMs);
  const startAt = Number(readFileSync(goFile, 'utf8').trim());
  if (Number.isFinite(startAt)) {
    block(startAt - Date.now() - 2);
    while (Date.now() < startAt) {
      /* spin to the tick */
    }
  }
  return performance.now();
}

/** Blocks until `performance.now()` reaches `at`: sleeps most of the way, spins the last stretch. */
export function waitUntil(at: number): void {
  for (;;) {
    const left = at - performance.now();
    if (left <= 0) return;
    if (left > 1) block(left - 0.5);
  }
}

/** Logs warnings and errors as JSON lines on stderr, which the test shows when a worker misbehaves. */
export const stderrLogger = {
  info: () => {},
  warn: (event: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...fields })}\n`),
  error: (event: string, fields?: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ level: 'error', event, ...fields })}\n`),
};
