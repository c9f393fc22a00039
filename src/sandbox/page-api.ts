/**
 * The endpoints behind the sandbox page, all under `/sandbox/api/`. Every body is parsed with zod;
 * a bad one gets a 400 naming the problem and changes nothing. They exist only in sandbox mode,
 * which listens on the loopback interface only, and they also refuse requests whose Host or Origin
 * is not this server (another web page in the same browser, or DNS rebinding, must not be able to
 * act as the people in the sandbox).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import type { Logger } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import type { ProviderCallRecord } from '../http/sandbox-provider-endpoint.js';
import { json, type HttpApp, type HttpRequest, type HttpResponse } from '../http/http-server.js';
import { explainRequestJson } from '../policy/explain.js';
import { iterateAuditRows, toAuditRecord, verifyAuditLog } from '../store/audit-repository.js';
import type { Db } from '../store/open-database.js';
import { SANDBOX_BOT } from './sandbox-people.js';
import type { SandboxWorkspace } from './sandbox-workspace.js';
import type { SlackBridge } from './slack-bridge.js';

export const SANDBOX_API_PREFIX = '/sandbox/api';
/** Audit records the panel shows: the newest ones; the verdict covers the whole chain. */
const AUDIT_SHOWN = 200;

const userId = z.string().regex(/^U[A-Z0-9]{2,20}$/, 'must be a user id like U0123');
const channelId = z.string().regex(/^[CDG][A-Z0-9]{2,30}$/, 'must be a conversation id like C0123 or D0123');
const actionInput = z.object({
  user: userId,
  actionId: z.string().min(1).max(255),
  blockId: z.string().max(255).default(''),
  value: z.string().max(2000).default(''),
  text: z.string().max(200).default(''),
  container: z.discriminatedUnion('type', [
    z.object({ type: z.literal('message'), channel: channelId, ts: z.string().regex(/^\d+\.\d{6}$/, 'must be a message ts') }),
    z.object({ type: z.literal('view'), viewId: z.string().regex(/^V[A-Z0-9]{2,40}$/, 'must be a view id') }),
  ]),
});
const stateValue = z.object({
  type: z.string().max(40),
  value: z.string().max(10_000).nullable().optional(),
  selected_option: z.object({ value: z.string().max(150), text: z.unknown().optional() }).nullable().optional(),
  selected_options: z.array(z.object({ value: z.string().max(150), text: z.unknown().optional() })).max(100).optional(),
});
const schemas = {
  state: z.object({ user: userId }),
  command: z.object({
    user: userId,
    channel: channelId,
    text: z.string().trim().max(4000).regex(/^\/[a-z][a-z0-9_-]{0,31}(\s|$)/, 'must start with a slash command, like /request-access'),
  }),
  action: actionInput,
  submit: z.object({ user: userId, viewId: z.string().regex(/^V[A-Z0-9]{2,40}$/), values: z.record(z.string().max(255), z.record(z.string().max(255), stateValue)) }),
  close: z.object({ user: userId, viewId: z.string().regex(/^V[A-Z0-9]{2,40}$/) }),
  home: z.object({ user: userId }),
  explain: z.object({ email: z.string().trim().min(3).max(320), resource: z.string().trim().min(1).max(200), duration: z.string().trim().max(20).optional() }),
};

export interface PageApiDeps {
  workspace: SandboxWorkspace;
  bridge: SlackBridge;
  db: Db;
  policy: Policy;
  providerCalls: ProviderCallRecord[];
  /** The port the server listens on, for the Host check. */
  port: () => number;
  logger: Logger;
}

const problem = (error: z.ZodError): HttpResponse => json(400, { ok: false, error: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });

export function registerPageApi(app: HttpApp, deps: PageApiDeps): void {
  const { workspace: ws } = deps;

  const sameOrigin = (headers: IncomingMessage['headers']): boolean => {
    const allowed = [`127.0.0.1:${deps.port()}`, `localhost:${deps.port()}`];
    if (!allowed.includes(String(headers.host ?? ''))) return false;
    const origin = headers.origin;
    return origin === undefined || allowed.some((a) => origin === `http://${a}`);
  };

  /** A JSON POST from this server's own page, parsed with the schema. */
  function post<S extends z.ZodType>(path: string, schema: S, handler: (input: z.infer<S>) => Promise<HttpResponse> | HttpResponse): void {
    app.route('POST', `${SANDBOX_API_PREFIX}/${path}`, (req: HttpRequest) => {
      // A JSON content type cannot be sent cross-site without a CORS preflight, which we never answer.
      if (!sameOrigin(req.headers) || !/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) return json(403, { ok: false, error: 'the sandbox answers its own page only' });
      let body: unknown;
      try {
        body = JSON.parse(req.body || '{}');
      } catch {
        return json(400, { ok: false, error: 'body: not JSON' });
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) return problem(parsed.error);
      return handler(parsed.data);
    });
  }
  const known = (user: string): HttpResponse | null => (ws.person(user) ? null : json(404, { ok: false, error: `nobody in the sandbox has the id ${user}` }));

  post('workspace', z.object({}), () =>
    json(200, {
      ok: true,
      bot: SANDBOX_BOT,
      people: ws.people.map((p) => ({ ...p, groups: Object.keys(deps.policy.groups).filter((g) => deps.policy.groups[g]!.some((m) => m.toLowerCase() === p.email.toLowerCase())) })),
      channels: ws.channels,
      resources: deps.policy.resources.map((r) => ({ id: r.id, name: r.name })),
      policyHash: deps.policy.hash,
    }),
  );

  post('state', schemas.state, ({ user }) => {
    const missing = known(user);
    if (missing) return missing;
    const top = ws.topView(user);
    return json(200, {
      ok: true,
      version: ws.version(),
      conversations: ws.conversationsFor(user).map((c) => ({ ...c, messages: ws.messagesFor(user, c.id) })),
      modal: top ? { id: top.id, view: top.view, errors: top.errors } : null,
      home: ws.home(user) ?? null,
    });
  });

  post('command', schemas.command, async ({ user, channel, text }) => {
    const missing = known(user);
    if (missing) return missing;
    if (!ws.conversationsFor(user).some((c) => c.id === channel)) return json(404, { ok: false, error: 'no such conversation for this person' });
    const command = text.split(/\s+/, 1)[0] ?? '';
    const answer = await deps.bridge.slashCommand(user, channel, command, text.slice(command.length).trim());
    return json(answer.ok ? 200 : 502, answer);
  });

  post('action', schemas.action, async (input) => {
    const missing = known(input.user);
    if (missing) return missing;
    const answer = await deps.bridge.blockAction(input.user, input);
    return json(answer.ok ? 200 : 409, answer);
  });

  post('submit', schemas.submit, async ({ user, viewId, values }) => {
    const missing = known(user);
    if (missing) return missing;
    const answer = await deps.bridge.viewSubmission(user, viewId, values as never);
    return json(answer.ok ? 200 : 409, answer);
  });

  post('close', schemas.close, ({ user, viewId }) => {
    const view = ws.view(viewId);
    if (!view || view.userId !== user) return json(404, { ok: false, error: 'no such form open for this person' });
    ws.closeView(viewId);
    return json(200, { ok: true });
  });

  post('home', schemas.home, async ({ user }) => {
    const missing = known(user);
    if (missing) return missing;
    const answer = await deps.bridge.homeOpened(user);
    return json(answer.ok ? 200 : 502, answer);
  });

  post('audit', z.object({}), () => {
    const verdict = verifyAuditLog(deps.db);
    const recent: ReturnType<typeof toAuditRecord>[] = [];
    for (const row of iterateAuditRows(deps.db)) {
      recent.push(toAuditRecord(row));
      if (recent.length > AUDIT_SHOWN) recent.shift();
    }
    return json(200, { ok: true, verdict, records: recent.reverse() });
  });

  post('provider-calls', z.object({}), () => json(200, { ok: true, calls: [...deps.providerCalls].reverse() }));

  post('explain', schemas.explain, ({ email, resource, duration }) => {
    let durationMs: number | undefined;
    if (duration) {
      const parsed = parseDuration(duration);
      if (parsed === null) return json(400, { ok: false, error: `duration: "${duration}" is not a duration like 30m, 2h or 1d` });
      durationMs = parsed;
    }
    return json(200, { ok: true, answer: explainRequestJson(deps.policy, { email, resourceId: resource, durationMs }) });
  });

  // Live updates: one event per workspace change (coalesced), and the page refetches what it shows.
  app.mount(`${SANDBOX_API_PREFIX}/events`, (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || !sameOrigin(req.headers)) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'the sandbox answers its own page only' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 1000\ndata: ${ws.version()}\n\n`);
    let pending: NodeJS.Timeout | null = null;
    const unsubscribe = ws.subscribe(() => {
      pending ??= setTimeout(() => {
        pending = null;
        res.write(`data: ${ws.version()}\n\n`);
      }, 50);
    });
    // Provider calls and audit records change without a workspace change: a heartbeat lets the panels catch up.
    const heartbeat = setInterval(() => res.write(`data: ${ws.version()}\n\n`), 2_000);
    req.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      if (pending) clearTimeout(pending);
    });
  });
}
