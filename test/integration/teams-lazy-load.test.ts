/**
 * A Slack-only process never loads the Teams SDK; a Teams process does. Both start `serve` as
 * production does (delivery worker included) in a fresh Node process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './workers/child-process.js';

const PROBE = join(PROJECT_ROOT, 'test/integration/workers/teams-startup-probe.ts');
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-teams-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function probe(platforms: 'slack' | 'teams'): { teamsModules: number; slack: boolean; teams: boolean } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', PROBE, platforms, dir], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 90_000 });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`probe failed (${result.status}): ${result.stderr.slice(-2_000)}`);
  return JSON.parse(line) as { teamsModules: number; slack: boolean; teams: boolean };
}

describe('lazy loading of the Teams SDK', () => {
  it('a Slack-only process loads no teams-ai or botbuilder module', { timeout: 120_000 }, () => {
    const slackOnly = probe('slack');
    expect(slackOnly).toMatchObject({ slack: true, teams: false, teamsModules: 0 });
  });

  it('a Teams process does load them (the check can fail)', { timeout: 120_000 }, () => {
    const teams = probe('teams');
    expect(teams.teams).toBe(true);
    expect(teams.teamsModules).toBeGreaterThan(50);
  });
});
