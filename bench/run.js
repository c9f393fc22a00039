#!/usr/bin/env node
// Runs the benchmarks (bench/*.bench.ts) one after another, each in its own Node process through
// tsx, so one benchmark's heap and open handles cannot skew the next.
//
//   node bench/run.js                  every benchmark
//   node bench/run.js audit expiry     only those whose file name contains one of the words
//
// Exits non-zero when any benchmark fails (crashes or exits non-zero). A benchmark missing its
// goal is reported by the benchmark itself; it is not a failure.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const projectRoot = dirname(benchDir);
const filters = process.argv.slice(2);

const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

if (files.length === 0) {
  console.error(filters.length ? `no benchmark matches ${filters.join(', ')}` : 'no benchmarks in bench/');
  process.exit(1);
}

const failed = [];
for (const name of files) {
  const file = join(benchDir, name);
  console.log(`\n=== ${relative(projectRoot, file)}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: projectRoot, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
    console.log(`=== ${name}: FAILED (${why}) after ${seconds}s`);
    failed.push(name);
  } else {
    console.log(`=== ${name}: done in ${seconds}s`);
  }
}

if (failed.length > 0) {
  console.log(`\n${failed.length} of ${files.length} benchmark(s) failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nall ${files.length} benchmark(s) ran`);
