/**
 * Starts `serve` as production does (delivery worker thread included) with the platforms named on
 * the command line, prints one JSON line about the started process, and stops. Used by the lazy-load
 * test and the start-up benchmark.
 *
 *   node --import tsx teams-startup-probe.ts slack|teams|both DIR
 *
 * Not a test file (vitest collects *.test.ts only).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve } from '../../../src/serve.js';

const [platforms = 'slack', dir = '.'] = process.argv.slice(2);
const policyPath = join(dir, 'policy.yaml');
writeFileSync(policyPath, readFileSync(new URL('../../fixtures/engine-policy.yaml', import.meta.url), 'utf8'));
const slack = platforms === 'slack' || platforms === 'both';
const teams = platforms === 'teams' || platforms === 'both';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

// Bolt checks its token with auth.test when it is built: a local answer keeps the probe offline.
const platformApi = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'TPROBE' }));
});
await new Promise<void>((resolve) => platformApi.listen(0, '127.0.0.1', resolve));
const api = `http://127.0.0.1:${(platformApi.address() as { port: number }).port}`;

const running = await serve(
  {
    PORT: '0',
    GATEHOUSE_DB: join(dir, `probe-${process.pid}.db`),
    GATEHOUSE_POLICY: policyPath,
    GATEHOUSE_SWEEP_CRON: '0 0 1 1 *',
    TEST_WEBHOOK_SECRET: 'probe',
    // Nothing is called at start-up; these addresses only need to be well-formed.
    ...(slack ? { SLACK_SIGNING_SECRET: 'probe-signing-secret', SLACK_BOT_TOKEN: 'xoxb-probe', SLACK_API_URL: `${api}/api/` } : {}),
    ...(teams ? { TEAMS_APP_ID: 'probe-app', TEAMS_APP_PASSWORD: 'probe-password', TEAMS_LOGIN_URL: `${api}/botframework.com`, TEAMS_OPENID_METADATA_URL: `${api}/openid` } : {}),
  },
  { logger: silent },
);
const startupMs = performance.now();
const memory = process.memoryUsage();
// teams-ai and botbuilder are CommonJS: imported from ESM they still land in the CommonJS module cache.
const loaded = Object.keys(createRequire(import.meta.url).cache);
const teamsModules = loaded.filter((path) => /node_modules[\\/](@microsoft[\\/]teams-ai|botbuilder|botframework-)/.test(path));
console.log(JSON.stringify({ platforms, startupMs, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, teamsModules: teamsModules.length, slack: running.slack !== null, teams: running.teams !== null }));
await running.stop();
platformApi.close();
