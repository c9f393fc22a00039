/**
 * Slack throughput: the real Gatehouse (`serve`, its Bolt app, engine, SQLite and effects pump)
 * against a bare Bolt app that only acks, under autocannon, side by side in one run.
 *
 *   node --import tsx bench/slack-throughput.bench.ts          (or: node bench/run.js slack-throughput)
 *   BENCH_DURATION=5 BENCH_WARMUP=1 BENCH_ROUNDS=1 BENCH_POOL=2000 node --import tsx bench/slack-throughput.bench.ts
 *   BENCH_PROFILE=1 ...   also writes a .cpuprofile of Gatehouse's thread for each measured run (path printed)
 *
 * Load: 10 connections, alternating signed `/request-access prod-db 1h bench load request N` slash
 * commands (from alice, bob and carol, known to the fake Slack) and signed `gatehouse.approve`
 * clicks by dave on the approval cards of a pool of pending requests created before each Gatehouse round. Each
 * connection works through its own slice of the pool, so the first click on a request approves it
 * and later ones (after the slice wraps) are refused as already decided, like double clicks.
 * Bodies are shaped as in test/support/slack-signed-client.ts and signed right before each run.
 *
 * Runs are interleaved (bare, gatehouse, bare, gatehouse), each after a 2 s warm-up; the table
 * reports the medians. After each Gatehouse run the outbox is drained before the next run, so the
 * bare app never shares the CPU with Gatehouse's backlog; the backlog and drain time are reported.
 *
 * Threads: the apps run in a worker (bench/slack-throughput-apps.ts); autocannon, the fake Slack
 * Web API and the webhook receiver run on the main thread. Slack and the provider are remote in
 * production, so their work is not charged to Gatehouse; Gatehouse's own Web API and webhook
 * calls (the effects pump posting cards during the run) are.
 *
 * Goals (the Slack issue): Gatehouse >= 0.7 x the bare app's req/s, p99 <= 25 ms at 10 connections.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { FAKE_SLACK_DEFAULTS, startFakeSlackApi, type FakeSlackApi } from '../test/fixtures/fake-slack-api.js';
import { startWebhookReceiver } from '../test/fixtures/webhook-receiver.js';
import { signSlackRequest } from '../test/support/slack-signed-client.js';
import type { AppsAnswer, AppsConfig, AppsOps, Counts, Meter } from './slack-throughput-apps.js';

const CONNECTIONS = 10;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/**
 * Pending requests to click on, created afresh before each Gatehouse round (warm-up + run) with
 * their cards delivered. Sized to Gatehouse's click rate (~500 clicks/s, so ~6,000 per round): about
 * half the clicks are real approvals, the rest double clicks (ALREADY_DECIDED) once a connection's
 * slice wraps. Each costs 5 card/DM deliveries before the round.
 */
const POOL = Number(process.env.BENCH_POOL ?? 3_000);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** Requests in each connection's list (half commands, half clicks); autocannon loops over it. */
const LIST_LENGTH = 1_000;
const RATIO_GOAL = 0.7;
const P99_GOAL_MS = 25;

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const WEBHOOK_SECRET = 'bench-webhook-secret';
const BOT_TOKEN = 'xoxb-bench-token';
const PATH = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';
const APPROVALS_CHANNEL = 'C0APPROVALS';

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'fred', 'sam', 'sue', 'mallory', 'zed'] as const;
type Person = (typeof PEOPLE)[number];
const userId = (name: Person) => `U${name.toUpperCase()}`;
const REQUESTERS: Person[] = ['alice', 'bob', 'carol'];
const CLICKER: Person = 'dave';

const { teamId, teamDomain, appId, botUserId, botId } = FAKE_SLACK_DEFAULTS;
const VERIFICATION_TOKEN = 'fakeVerificationToken';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const log = (text: string) => console.log(text);

// --- the worker and its protocol ----------------------------------------------------------------

function startApps(config: AppsConfig): Promise<{ call: <K extends keyof AppsOps>(op: K, args: AppsOps[K]['args']) => Promise<AppsOps[K]['result']>; worker: Worker }> {
  // Workers do not inherit tsx's loader hooks; register them in the worker before loading the file.
  const api = import.meta.resolve('tsx/esm/api');
  const target = new URL('./slack-throughput-apps.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`, {
    eval: true,
    workerData: config,
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let seq = 0;
  let started: (() => void) | null = null;
  worker.on('message', (answer: AppsAnswer) => {
    if (answer.id === 0) return started?.();
    const entry = waiting.get(answer.id);
    if (!entry) return;
    waiting.delete(answer.id);
    if (answer.ok) entry.resolve(answer.result);
    else entry.reject(new Error(`worker: ${answer.error}`));
  });
  const failAll = (error: Error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`apps worker exited (${code})`)));
  const call = <K extends keyof AppsOps>(op: K, args: AppsOps[K]['args']): Promise<AppsOps[K]['result']> =>
    new Promise((resolve, reject) => {
      const id = (seq += 1);
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, args });
    });
  return new Promise((resolve, reject) => {
    started = () => resolve({ call, worker });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`apps worker exited (${code}) before it started`)));
  });
}

// --- request bodies, shaped as test/support/slack-signed-client.ts sends them -------------------

let seq = 0;
const unique = () => `${(seq += 1)}${randomBytes(4).toString('hex')}`;
const triggerId = () => `${Math.floor(Date.now() / 1000)}${(seq += 1)}.47445629121.${randomBytes(16).toString('hex')}`;

function slashCommandBody(person: Person, n: number): string {
  const channelId = 'CGENERAL';
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: teamDomain,
    channel_id: channelId,
    channel_name: 'general',
    user_id: userId(person),
    user_name: person,
    command: '/request-access',
    text: `prod-db 1h bench load request ${n}`,
    api_app_id: appId,
    is_enterprise_install: 'false',
    response_url: `https://hooks.slack.com/commands/${teamId}/${unique()}/${randomBytes(12).toString('hex')}`,
    trigger_id: triggerId(),
  }).toString();
}

interface Card {
  ts: string;
  text: string;
  blocks: unknown[];
}

function approveClickBody(requestId: string, card: Card | undefined): string {
  const payload = {
    type: 'block_actions',
    user: { id: userId(CLICKER), username: CLICKER, name: CLICKER, team_id: teamId },
    api_app_id: appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: card?.ts, channel_id: APPROVALS_CHANNEL, is_ephemeral: false },
    trigger_id: triggerId(),
    team: { id: teamId, domain: teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: APPROVALS_CHANNEL, name: 'general' },
    ...(card ? { message: { type: 'message', user: botUserId, bot_id: botId, ts: card.ts, text: card.text, blocks: card.blocks } } : {}),
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${teamId}/${unique()}/${randomBytes(12).toString('hex')}`,
    actions: [
      {
        action_id: 'gatehouse.approve',
        block_id: 'actions',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: requestId,
        type: 'button',
        action_ts: (Date.now() / 1000).toFixed(6),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function signed(body: string, timestamp: number): autocannon.Request {
  return { method: 'POST', path: PATH, headers: { 'content-type': FORM, ...lower(signSlackRequest(SIGNING_SECRET, body, timestamp)) }, body };
}

function lower(headers: object): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

// --- one autocannon run -------------------------------------------------------------------------

interface Phase {
  app: 'bare' | 'gatehouse';
  seconds: number;
  /** Per connection: where in its slice of the pool its clicks start. */
  offsets: number[];
}

interface PhaseResult {
  result: autocannon.Result;
  /** Responses each connection received. */
  sent: number[];
}

function buildLists(slashBodies: string[], slices: string[][], clickBodies: Map<string, string>, offsets: number[]): autocannon.Request[][] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: CONNECTIONS }, (_, c) => {
    const slice = slices[c]!;
    const list: autocannon.Request[] = [];
    for (let k = 0; k < LIST_LENGTH / 2; k++) {
      list.push(signed(slashBodies[(c * (LIST_LENGTH / 2) + k) % slashBodies.length]!, timestamp));
      const id = slice[(offsets[c]! + k) % slice.length]!;
      list.push(signed(clickBodies.get(id)!, timestamp));
    }
    return list;
  });
}

async function runPhase(port: number, phase: Phase, lists: autocannon.Request[][]): Promise<PhaseResult> {
  const sent = new Array<number>(CONNECTIONS).fill(0);
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${PATH}`,
    method: 'POST',
    connections: CONNECTIONS,
    pipelining: 1,
    duration: phase.seconds,
    timeout: 10,
    setupClient(client) {
      const c = next++ % CONNECTIONS;
      client.setRequests(lists[c]!);
      // Completed responses; a request in flight when the run stops is not counted (at most one per connection).
      client.on('response', () => {
        sent[c]! += 1;
      });
    },
  });
  return { result, sent };
}

// --- main ---------------------------------------------------------------------------------------

const began = performance.now();
const webhook = await startWebhookReceiver({ secret: WEBHOOK_SECRET });
const slack: FakeSlackApi = await startFakeSlackApi({
  users: PEOPLE.map((name) => ({ id: userId(name), email: `${name}@example.com`, name })),
  channels: [APPROVALS_CHANNEL, 'C0AUDIT', 'C0SUPPORT', 'CGENERAL'],
});
const { call, worker } = await startApps({ slackApiUrl: slack.slackApiUrl, webhookUrl: webhook.url, signingSecret: SIGNING_SECRET, webhookSecret: WEBHOOK_SECRET, botToken: BOT_TOKEN });
const { barePort, gatehousePort } = await call('ready', {});

const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');
log(`Slack throughput: Gatehouse vs bare Bolt, ${CONNECTIONS} connections, ${ROUNDS} x (${WARMUP_S} s warm-up + ${DURATION_S} s) per app, interleaved`);
log(`machine: ${availableParallelism()} CPUs, load average ${load()} (apps in one worker thread; autocannon + fake Slack + webhook receiver on the main thread)`);

/** A pool: pending requests with their approval cards already posted (the outbox drained), and a signed-to-be click on each card. */
async function preparePool() {
  const created = await call('precreate', {
    count: POOL,
    requesters: REQUESTERS.map((p) => ({ email: `${p}@example.com`, userId: userId(p) })),
    resourceId: 'prod-db',
  });
  const drained = await call('drain', {});
  const cardTs = await call('cards', { ids: created.ids, channel: APPROVALS_CHANNEL });
  const clickBodies = new Map<string, string>();
  for (const id of created.ids) {
    const ts = cardTs[id];
    const message = ts ? slack.message(APPROVALS_CHANNEL, ts) : undefined;
    clickBodies.set(id, approveClickBody(id, message ? { ts: message.ts, text: message.text, blocks: message.blocks ?? [] } : undefined));
  }
  const slices = Array.from({ length: CONNECTIONS }, (_, c) => created.ids.filter((_, i) => i % CONNECTIONS === c));
  log(
    `pool: ${fmt(POOL)} pending requests created in ${fmt(created.ms)} ms; their ${fmt(drained.effects)} effects (cards, DMs) delivered in ${fmt(drained.ms)} ms; ` +
      `${fmt(Object.keys(cardTs).length)} channel cards found`,
  );
  return { ids: created.ids, clickBodies, slices };
}

let pool = await preparePool();
const slashBodies = Array.from({ length: CONNECTIONS * (LIST_LENGTH / 2) }, (_, n) => slashCommandBody(REQUESTERS[n % REQUESTERS.length]!, n + 1));
const avgBytes = (bodies: Iterable<string>) => {
  let total = 0;
  let n = 0;
  for (const b of bodies) {
    total += b.length;
    n += 1;
  }
  return total / n;
};
log(`bodies: slash command ${fmt(avgBytes(slashBodies))} B, approve click ${fmt(avgBytes(pool.clickBodies.values()))} B (with the card's blocks)`);

// Sanity: one of each, through fetch, so the table below is known to measure real answers.
{
  const ts = Math.floor(Date.now() / 1000);
  const probe = async (port: number, body: string) => {
    const req = signed(body, ts);
    const res = await fetch(`http://127.0.0.1:${port}${PATH}`, { method: 'POST', headers: req.headers as Record<string, string>, body });
    return `${res.status} ${(await res.text()).slice(0, 110) || '(empty)'}`;
  };
  log(`probe bare:      slash -> ${await probe(barePort, slashBodies[0]!)}; click -> ${await probe(barePort, pool.clickBodies.get(pool.ids[0]!)!)}`);
  log(`probe gatehouse: slash -> ${await probe(gatehousePort, slashBodies[0]!)}`);
  log(`                 click -> ${await probe(gatehousePort, pool.clickBodies.get(pool.ids[0]!)!)} (approved ${pool.ids[0]})`);
  await call('drain', {});
}

const offsets = new Array<number>(CONNECTIONS).fill(0);
// The probe approved the first request of slice 0.
offsets[0] = 1;
const measured: Record<'bare' | 'gatehouse', autocannon.Result[]> = { bare: [], gatehouse: [] };
const meters: Record<'bare' | 'gatehouse', Array<Meter & { requests: number }>> = { bare: [], gatehouse: [] };
const gatehouseRuns: Array<{ created: number; approved: number; backlogAtEnd: number; drainMs: number; drained: number; slackCalls: number; webhookCalls: number }> = [];
const profileDir = join(tmpdir(), `gatehouse-bench-profile-${process.pid}`);
if (PROFILE) mkdirSync(profileDir, { recursive: true });

for (let round = 1; round <= ROUNDS; round++) {
  for (const app of ['bare', 'gatehouse'] as const) {
    const port = app === 'bare' ? barePort : gatehousePort;
    if (app === 'gatehouse' && round > 1) {
      pool = await preparePool();
      offsets.fill(0);
    }
    const advance = (sent: number[]) => {
      // Lists alternate command, click: a connection that sent n requests sent floor(n/2) clicks.
      if (app === 'gatehouse') sent.forEach((n, c) => (offsets[c]! += Math.floor(n / 2)));
    };
    // Warm-up, then the measured run, each with bodies signed just before.
    const warm = await runPhase(port, { app, seconds: WARMUP_S, offsets }, buildLists(slashBodies, pool.slices, pool.clickBodies, offsets));
    advance(warm.sent);
    const before = app === 'gatehouse' ? await call('counts', {}) : null;
    const slackBefore = slack.calls.length;
    const webhookBefore = webhook.calls.length;
    const lists = buildLists(slashBodies, pool.slices, pool.clickBodies, offsets);
    if (PROFILE && app === 'gatehouse') await call('profileStart', {});
    await call('meterStart', {});
    const run = await runPhase(port, { app, seconds: DURATION_S, offsets }, lists);
    const meter = await call('meterStop', {});
    meters[app].push({ ...meter, requests: run.result.requests.total });
    if (PROFILE && app === 'gatehouse') {
      const { file } = await call('profileStop', { file: join(profileDir, `gatehouse-round${round}.cpuprofile`) });
      log(`profile: ${file}`);
    }
    advance(run.sent);
    measured[app].push(run.result);
    const r = run.result;
    let extra = '';
    if (app === 'gatehouse' && before) {
      const after = await call('counts', {});
      const backlog = await call('backlog', {});
      const slackCalls = slack.calls.length - slackBefore;
      const webhookCalls = webhook.calls.length - webhookBefore;
      const drain = await call('drain', {});
      gatehouseRuns.push({
        created: after.requests - before.requests,
        approved: after.approvals - before.approvals,
        backlogAtEnd: backlog.pending,
        drainMs: drain.ms,
        drained: drain.effects,
        slackCalls,
        webhookCalls,
      });
      const g = gatehouseRuns.at(-1)!;
      extra = `; ${fmt(g.created)} requests created, ${fmt(g.approved)} approvals, ${fmt(g.slackCalls)} Slack API calls, ${fmt(g.webhookCalls)} webhook calls; outbox backlog at end ${fmt(g.backlogAtEnd)} (drained in ${fmt(g.drainMs)} ms)`;
    }
    log(
      `round ${round} ${app.padEnd(9)} ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
        `${fmt(r.requests.total)} requests, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}${extra}`,
    );
  }
}

// --- report -------------------------------------------------------------------------------------

const summary = (results: autocannon.Result[]) => ({
  rps: median(results.map((r) => r.requests.average)),
  p50: median(results.map((r) => r.latency.p50)),
  p99: median(results.map((r) => r.latency.p99)),
  total: results.reduce((s, r) => s + r.requests.total, 0),
  non2xx: results.reduce((s, r) => s + r.non2xx, 0),
  errors: results.reduce((s, r) => s + r.errors + r.timeouts, 0),
});
const bareSummary = summary(measured.bare);
const ghSummary = summary(measured.gatehouse);
const ratio = ghSummary.rps / bareSummary.rps;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

log('');
log(`medians of ${ROUNDS} measured run(s) per app, ${DURATION_S} s each, ${CONNECTIONS} connections`);
log(`  ${'app'.padEnd(12)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'requests'.padStart(10)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)}`);
for (const [name, s] of [
  ['bare Bolt', bareSummary],
  ['Gatehouse', ghSummary],
] as const) {
  log(`  ${name.padEnd(12)} ${fmt(s.rps).padStart(9)} ${fmt(s.p50, 1).padStart(8)} ${fmt(s.p99, 1).padStart(8)} ${fmt(s.total).padStart(10)} ${String(s.non2xx).padStart(8)} ${String(s.errors).padStart(7)}`);
}
log('');
log(`  throughput ratio gatehouse/bare   ${ratio.toFixed(2)}   goal >= ${RATIO_GOAL}        ${verdict(ratio >= RATIO_GOAL)}`);
log(`  Gatehouse p99                     ${fmt(ghSummary.p99, 1)} ms   goal <= ${P99_GOAL_MS} ms      ${verdict(ghSummary.p99 <= P99_GOAL_MS)}`);
const non2xx = bareSummary.non2xx + ghSummary.non2xx + bareSummary.errors + ghSummary.errors;
log(`  non-2xx responses + errors        ${non2xx}      must be 0          ${verdict(non2xx === 0)}`);

// Where the app thread's time goes, per request answered: the same thread (and core) for both apps.
const perRequest = (app: 'bare' | 'gatehouse', pick: (m: Meter) => number) => median(meters[app].map((m) => pick(m) / m.requests));
const busy = (app: 'bare' | 'gatehouse') => median(meters[app].map((m) => m.busyMs / (m.busyMs + m.idleMs)));
log('');
log('app thread, per request answered (medians)');
log(`  bare Bolt   busy ${(busy('bare') * 100).toFixed(0)}% of the run, ${perRequest('bare', (m) => m.busyMs).toFixed(3)} ms per request`);
log(
  `  Gatehouse   busy ${(busy('gatehouse') * 100).toFixed(0)}% of the run, ${perRequest('gatehouse', (m) => m.busyMs).toFixed(3)} ms per request, ` +
    `of which ${perRequest('gatehouse', (m) => m.writeMs).toFixed(3)} ms in write transactions (${perRequest('gatehouse', (m) => m.writes).toFixed(2)} per request)`,
);
const otherMs = perRequest('gatehouse', (m) => m.busyMs - m.writeMs);
log(`  Gatehouse without its write transactions would need ${otherMs.toFixed(3)} ms per request: a ceiling of ${(perRequest('bare', (m) => m.busyMs) / otherMs).toFixed(2)} x the bare app if writes cost nothing`);

const counts: Counts = await call('counts', {});
const sum = (pick: (g: (typeof gatehouseRuns)[number]) => number) => gatehouseRuns.reduce((s, g) => s + pick(g), 0);
log('');
log('real work in Gatehouse (from its database)');
log(`  during the measured runs: ${fmt(sum((g) => g.created))} requests created by slash commands, ${fmt(sum((g) => g.approved))} approvals by clicks`);
log(`  in total (pool, probes, warm-ups, runs): ${fmt(counts.requests)} requests ${JSON.stringify(counts.requestsByStatus)}, ${fmt(counts.approvals)} approvals`);
log(`  grants: ${fmt(counts.grants)} ${JSON.stringify(counts.grantsByStatus)}; webhook receiver: ${fmt(webhook.calls.length)} calls, ${fmt(webhook.granted.size)} grants provisioned`);
log(`  refusals audited: ${JSON.stringify(counts.refusals)}; audit records: ${fmt(counts.auditRecords)}`);
log(`  outbox: ${JSON.stringify(counts.outboxByStatus)}; chat messages recorded: ${fmt(counts.chatMessages)}; identities cached: ${counts.identities}`);
const byMethod = new Map<string, number>();
for (const c of slack.calls) byMethod.set(c.method, (byMethod.get(c.method) ?? 0) + 1);
log(`  fake Slack Web API: ${fmt(slack.calls.length)} calls in total, ${fmt(sum((g) => g.slackCalls))} during the measured Gatehouse runs; by method ${JSON.stringify(Object.fromEntries(byMethod))}`);
const failedCalls = slack.calls.filter((c) => c.status !== 200 || c.response.ok !== true).length;
if (failedCalls > 0) log(`  WARNING: ${failedCalls} fake Slack calls failed`);
log(`  after each Gatehouse run, the outbox backlog was ${gatehouseRuns.map((g) => fmt(g.backlogAtEnd)).join(', ')} effects, drained in ${gatehouseRuns.map((g) => `${fmt(g.drainMs)} ms`).join(', ')}`);
const sustained = median(measured.gatehouse.map((r, i) => r.requests.total / (DURATION_S + gatehouseRuns[i]!.drainMs / 1000)));
log(`  Gatehouse sustained: ${fmt(sustained)} req/s (requests / (run + time to deliver the backlog they left), median)`);
log(`load average at the end ${load()}; total time ${((performance.now() - began) / 1000).toFixed(1)} s`);

await call('stop', {});
await worker.terminate();
await slack.close();
await webhook.close();
