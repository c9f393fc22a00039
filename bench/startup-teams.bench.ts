/**
 * Start-up time and memory of a Slack-only process against a Teams process (and both together), to
 * show that Teams support costs a Slack-only deployment nothing: the Teams SDK is loaded by
 * `import()` only when Teams is configured.
 *
 *   node --import tsx bench/startup-teams.bench.ts      (or: node bench/run.js startup)
 *   BENCH_ROUNDS=7 node --import tsx bench/startup-teams.bench.ts
 *
 * Each round starts one fresh Node process per configuration (interleaved, so machine noise hits
 * all alike) running the real `serve` with its delivery worker, and reads the time from process
 * start to listening, RSS and heap after start-up, and how many Teams SDK modules were loaded.
 * Figures are medians over the rounds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PROBE = join(ROOT, 'test/integration/workers/teams-startup-probe.ts');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONFIGS = ['slack', 'teams', 'both'] as const;

interface Sample {
  startupMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  teamsModules: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-startup-bench-'));
const samples = new Map<string, Sample[]>(CONFIGS.map((c) => [c, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const config of CONFIGS) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', PROBE, config, dir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      const line = result.stdout.trim().split('\n').at(-1) ?? '';
      if (result.status !== 0 || !line.startsWith('{')) throw new Error(`${config} probe failed: ${result.stderr.slice(-1_000)}`);
      samples.get(config)!.push(JSON.parse(line) as Sample);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
console.log(`start-up to listening, medians of ${ROUNDS} fresh processes each (serve + delivery worker, through tsx)`);
console.log('configuration   start-up ms   RSS MB   heap MB   Teams SDK modules');
for (const config of CONFIGS) {
  const s = samples.get(config)!;
  console.log(
    `${config.padEnd(15)} ${median(s.map((x) => x.startupMs)).toFixed(0).padStart(11)} ${mb(median(s.map((x) => x.rssBytes))).padStart(8)} ${mb(median(s.map((x) => x.heapUsedBytes))).padStart(9)} ${String(median(s.map((x) => x.teamsModules))).padStart(19)}`,
  );
}
const slack = samples.get('slack')!;
const teams = samples.get('teams')!;
console.log(
  `Teams adds ${(median(teams.map((x) => x.startupMs)) - median(slack.map((x) => x.startupMs))).toFixed(0)} ms and ${mb(median(teams.map((x) => x.rssBytes)) - median(slack.map((x) => x.rssBytes)))} MB RSS when it is on; a Slack-only process loads ${median(slack.map((x) => x.teamsModules))} Teams SDK modules.`,
);
