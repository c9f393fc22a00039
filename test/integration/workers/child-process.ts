/**
 * Spawning the integration-test workers as real OS processes (`node --import tsx <script>`), reading
 * their line-oriented stdout, and making sure none outlives the test that started it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line (already seen or still to come) that matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<WorkerExit>;
  /** True once the process has exited (for any reason). */
  hasExited(): boolean;
  /** SIGKILL, if still running; resolves when the process is gone. */
  kill(): Promise<WorkerExit>;
}

const running = new Set<WorkerProcess>();

export function startWorker(script: string, args: string[], env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let partial = '';
  let errText = '';
  let done = false;
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    errText += chunk;
  });
  const exited = new Promise<WorkerExit>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  const worker: WorkerProcess = {
    child,
    pid: child.pid,
    lines,
    stderr: () => errText,
    waitForLine(match, timeoutMs = 15_000) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${child.pid} printed no matching line in ${timeoutMs} ms; stderr:\n${errText}`)), timeoutMs);
        const waiter = {
          match,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.push(waiter);
        void exited.then((exit) => {
          if (!waiters.includes(waiter)) return;
          clearTimeout(timer);
          // Give the stdout stream a moment to flush lines that arrived with the exit.
          setTimeout(() => {
            const late = lines.find(match);
            if (late !== undefined) resolve(late);
            else reject(new Error(`worker ${child.pid} exited (${JSON.stringify(exit)}) without a matching line; stderr:\n${errText}`));
          }, 50);
        });
      });
    },
    exited,
    hasExited: () => done,
    async kill() {
      if (!done) child.kill('SIGKILL');
      return exited;
    },
  };
  running.add(worker);
  void exited.then(() => running.delete(worker));
  return worker;
}

/** SIGKILLs every worker still running (for afterEach/afterAll). */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...running].map((w) => w.kill()));
}

/** Writes a file in one step (write + rename), so a polling reader never sees it half written. */
export function writeFileAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** The worker's last stdout line that parses as a JSON object. */
export function lastJsonLine<T>(worker: WorkerProcess): T {
  for (let i = worker.lines.length - 1; i >= 0; i--) {
    const line = worker.lines[i]!.trim();
    if (line.startsWith('{')) return JSON.parse(line) as T;
  }
  throw new Error(`worker ${worker.pid} printed no JSON summary; stdout:\n${worker.lines.join('\n')}\nstderr:\n${worker.stderr()}`);
}
