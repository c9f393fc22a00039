/** What a CLI command may touch: its output, an error channel, the environment and the clock. */
import type { Writable } from 'node:stream';

export interface CliIo {
  out: Writable;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  now: () => number;
}

/** A command used wrongly: reported with the usage text, exit 2. */
export class UsageError extends Error {}

/** A CLI command: its arguments after the command's name; returns the exit code (-1: keeps running). */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

export const printer = (io: CliIo) => (text: string) => io.out.write(`${text}\n`);
