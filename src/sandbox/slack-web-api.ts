/**
 * The Slack Web API methods Gatehouse calls, implemented on the sandbox workspace, plus the
 * `response_url`s handed out with each interaction (Bolt's `respond()`). Answers are shaped like
 * Slack's: errors are HTTP 200 with `{ok: false, error}`, and blocks Slack would refuse are refused
 * here too (with the shared validator), so what works in the sandbox works in a real workspace.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/ports.js';
import { validateBlocks, validateView } from '../../views/slack/validate-blocks.js';
import { MESSAGE_TEXT_MAX } from '../../views/slack/limits.js';
import { readLimitedBody } from './read-body.js';
import { SANDBOX_BOT } from './sandbox-people.js';
import type { SandboxWorkspace } from './sandbox-workspace.js';

export const SANDBOX_SLACK_PREFIX = '/sandbox/slack';

type Params = Record<string, unknown>;
type Result = Record<string, unknown>;

/** Form fields the WebClient JSON-encodes because they hold arrays or objects. */
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);
/** Slack: a response_url works for 30 minutes, up to 5 times. */
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;

const fail = (error: string, messages?: string[]): Result => (messages?.length ? { ok: false, error, response_metadata: { messages } } : { ok: false, error });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function parseParams(body: string, json: boolean): Params | null {
  if (json) {
    try {
      const parsed: unknown = body === '' ? {} : JSON.parse(body);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Params) : null;
    } catch {
      return null;
    }
  }
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (!JSON_FIELDS.has(key)) {
      params[key] = value;
      continue;
    }
    try {
      params[key] = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return params;
}

/** Blocks as sent (array, or absent); `false` when they are not an array. */
function blocksOf(value: unknown): unknown[] | null | false {
  if (value === undefined || value === null || value === '') return null;
  return Array.isArray(value) ? value : false;
}

/** The text and blocks of a message, checked as Slack checks them; `requireContent` is off for chat.update. */
function checkMessage(p: Params, requireContent = true): { ok: true; text: string | undefined; blocks: unknown[] | null | undefined } | { ok: false; result: Result } {
  const blocks = blocksOf(p.blocks);
  if (blocks === false) return { ok: false, result: fail('invalid_blocks_format', ['[ERROR] blocks must be a JSON array']) };
  const text = typeof p.text === 'string' ? p.text : undefined;
  if (text !== undefined && text.length > MESSAGE_TEXT_MAX) return { ok: false, result: fail('msg_too_long') };
  if (requireContent && !text && !blocks?.length) return { ok: false, result: fail('no_text') };
  const problems = blocks ? validateBlocks(blocks, 'message') : [];
  if (problems.length > 0) return { ok: false, result: fail('invalid_blocks', problems.map((m) => `[ERROR] ${m}`)) };
  return { ok: true, text, blocks: p.blocks === undefined ? undefined : blocks };
}

function checkedView(value: unknown): { ok: true; view: Params } | { ok: false; result: Result } {
  // Slack accepts a modal without a callback_id (the loading view has none); the shared validator,
  // written for the views Gatehouse submits, requires one, so it checks a stand-in instead.
  const isModal = value !== null && typeof value === 'object' && (value as Params).type === 'modal';
  const problems = validateView(isModal && (value as Params).callback_id === undefined ? { ...(value as Params), callback_id: 'unset' } : value);
  if (problems.length > 0) return { ok: false, result: fail('invalid_arguments', problems.map((m) => `[ERROR] ${m}`)) };
  return { ok: true, view: value as Params };
}

export interface SlackWebApi {
  /** Handles everything under SANDBOX_SLACK_PREFIX: `/api/<method>` and `/response/<token>`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** A response_url for an interaction by this person in this conversation (and message, for buttons). */
  mintResponseUrl(input: { channel: string; userId: string; messageTs?: string | null }): string;
  /** Runs one method directly (tests, and the bridge's own use). */
  call(method: string, params: Params): Result;
}

export function createSlackWebApi(deps: { workspace: SandboxWorkspace; botToken: string; baseUrl: () => string; logger: Logger; now?: () => number }): SlackWebApi {
  const { workspace: ws } = deps;
  const now = deps.now ?? Date.now;
  const responseUrls = new Map<string, { channel: string; userId: string; messageTs: string | null; until: number; uses: number }>();
  const expected = Buffer.from(deps.botToken);

  const userInfo = (id: string): Result | undefined => {
    if (id === SANDBOX_BOT.userId) return { id, team_id: SANDBOX_BOT.teamId, name: 'gatehouse', real_name: SANDBOX_BOT.name, is_bot: true, deleted: false, profile: { real_name: SANDBOX_BOT.name } };
    const p = ws.person(id);
    return p && { id: p.id, team_id: SANDBOX_BOT.teamId, name: p.email.split('@')[0], real_name: p.name, is_bot: false, deleted: false, profile: { email: p.email, real_name: p.name, display_name: p.name } };
  };

  const messageJson = (m: { text: string; ts: string; blocks: unknown[] | null; threadTs: string | null }): Result => ({
    type: 'message',
    user: SANDBOX_BOT.userId,
    bot_id: SANDBOX_BOT.botId,
    text: m.text,
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
  });

  const viewJson = (v: { id: string; view: Params; hash: string }): Result => ({
    ...v.view,
    id: v.id,
    team_id: SANDBOX_BOT.teamId,
    hash: v.hash,
    private_metadata: v.view.private_metadata ?? '',
    callback_id: v.view.callback_id ?? '',
    state: { values: {} },
    app_id: SANDBOX_BOT.appId,
    bot_id: SANDBOX_BOT.botId,
  });

  function openView(p: Params, mode: 'open' | 'push'): Result {
    const trigger = str(p.trigger_id);
    if (!trigger) return fail('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
    const userId = ws.redeemTrigger(trigger);
    if (!userId) return fail('expired_trigger_id');
    const checked = checkedView(p.view);
    if (!checked.ok) return checked.result;
    if (checked.view.type !== 'modal') return fail('invalid_arguments', ['[ERROR] views.open takes a modal']);
    return { ok: true, view: viewJson(ws.openView(userId, checked.view, mode)) };
  }

  const methods: Record<string, (p: Params) => Result> = {
    'auth.test': () => ({ ok: true, url: `https://${SANDBOX_BOT.teamDomain}.slack.com/`, team: 'Gatehouse sandbox', user: 'gatehouse', team_id: SANDBOX_BOT.teamId, user_id: SANDBOX_BOT.userId, bot_id: SANDBOX_BOT.botId, is_enterprise_install: false }),
    'users.info': (p) => {
      const user = userInfo(String(p.user ?? ''));
      return user ? { ok: true, user } : fail('user_not_found');
    },
    'users.lookupByEmail': (p) => {
      const person = ws.personByEmail(String(p.email ?? ''));
      return person ? { ok: true, user: userInfo(person.id) } : fail('users_not_found');
    },
    'conversations.open': (p) => {
      const ids = String(p.users ?? p.channel ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length !== 1) return fail(ids.length === 0 ? 'users_list_not_supplied' : 'not_supported');
      const channel = ws.resolveConversation(ids[0]!);
      return channel ? { ok: true, channel: { id: channel } } : fail(/^[UW]/.test(ids[0]!) ? 'user_not_found' : 'channel_not_found');
    },
    'chat.postMessage': (p) => {
      const channel = ws.resolveConversation(String(p.channel ?? ''));
      if (!channel) return fail('channel_not_found');
      const checked = checkMessage(p);
      if (!checked.ok) return checked.result;
      const threadTs = str(p.thread_ts) ?? null;
      if (threadTs && !ws.message(channel, threadTs)) return fail('thread_not_found');
      const message = ws.post({ channel, text: checked.text ?? '', blocks: checked.blocks ?? null, threadTs });
      return { ok: true, channel, ts: message.ts, message: messageJson(message) };
    },
    'chat.update': (p) => {
      const channel = ws.resolveConversation(String(p.channel ?? ''));
      if (!channel) return fail('channel_not_found');
      const message = ws.message(channel, String(p.ts ?? ''));
      if (!message || message.visibleTo) return fail('message_not_found');
      if (p.text === undefined && p.blocks === undefined) return fail('no_text');
      const checked = checkMessage(p, false);
      if (!checked.ok) return checked.result;
      ws.edit(message, { ...(checked.text !== undefined ? { text: checked.text } : {}), ...(checked.blocks !== undefined ? { blocks: checked.blocks } : {}) });
      return { ok: true, channel, ts: message.ts, text: message.text, message: messageJson(message) };
    },
    'chat.postEphemeral': (p) => {
      const channel = ws.resolveConversation(String(p.channel ?? ''));
      if (!channel) return fail('channel_not_found');
      const user = str(p.user);
      if (!user || !ws.person(user)) return fail('user_not_found');
      const checked = checkMessage(p);
      if (!checked.ok) return checked.result;
      const message = ws.post({ channel, text: checked.text ?? '', blocks: checked.blocks ?? null, visibleTo: user });
      return { ok: true, message_ts: message.ts };
    },
    'views.open': (p) => openView(p, 'open'),
    'views.push': (p) => openView(p, 'push'),
    'views.update': (p) => {
      const viewId = str(p.view_id);
      if (!viewId) return fail('invalid_arguments', ['[ERROR] view_id is required']);
      const current = ws.view(viewId);
      if (!current) return fail('not_found');
      if (str(p.hash) && p.hash !== current.hash) return fail('hash_conflict');
      const checked = checkedView(p.view);
      if (!checked.ok) return checked.result;
      return { ok: true, view: viewJson(ws.replaceView(viewId, checked.view)!) };
    },
    'views.publish': (p) => {
      const userId = str(p.user_id);
      if (!userId || !ws.person(userId)) return fail('user_not_found');
      const checked = checkedView(p.view);
      if (!checked.ok) return checked.result;
      if (checked.view.type !== 'home') return fail('invalid_arguments', ['[ERROR] views.publish takes a view of type home']);
      const current = ws.home(userId);
      if (current && str(p.hash) && p.hash !== current.hash) return fail('hash_conflict');
      return { ok: true, view: viewJson(ws.publishHome(userId, checked.view)) };
    },
  };

  function call(method: string, params: Params): Result {
    const handler = methods[method];
    const result = handler ? handler(params) : fail('unknown_method');
    // A refusal here is a bug the bot would also have in a real workspace: say so where people look.
    if (result.ok === false) deps.logger.warn('sandbox.slack_api_refused', { method, error: result.error, messages: (result.response_metadata as { messages?: unknown } | undefined)?.messages });
    return result;
  }

  /** Like Slack's hooks: replace_original edits the message, delete_original deletes it, else an ephemeral (default) or in-channel post. */
  function respond(token: string, body: Params): { status: number; result: Result } {
    const target = responseUrls.get(token);
    if (!target || target.until < now() || target.uses <= 0) return { status: 404, result: fail('expired_url') };
    target.uses -= 1;
    const truthy = (v: unknown) => v === true || v === 'true';
    const original = target.messageTs ? ws.message(target.channel, target.messageTs) : undefined;
    if (truthy(body.delete_original)) {
      if (!original) return { status: 404, result: fail('message_not_found') };
      ws.remove(original);
      return { status: 200, result: { ok: true } };
    }
    const checked = checkMessage(body);
    if (!checked.ok) return { status: 400, result: checked.result };
    if (truthy(body.replace_original)) {
      if (!original) return { status: 404, result: fail('message_not_found') };
      ws.edit(original, { ...(checked.text !== undefined ? { text: checked.text } : {}), blocks: checked.blocks ?? null });
    } else {
      ws.post({ channel: target.channel, text: checked.text ?? '', blocks: checked.blocks ?? null, visibleTo: body.response_type === 'in_channel' ? null : target.userId });
    }
    return { status: 200, result: { ok: true } };
  }

  const authorised = (req: IncomingMessage, params: Params, json: boolean): boolean => {
    // Slack takes the token from the Authorization header or (form posts only) a `token` field.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (json ? undefined : str(params.token));
    if (!bearer) return false;
    const given = Buffer.from(bearer);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return {
    call,
    mintResponseUrl({ channel, userId, messageTs }) {
      const token = randomBytes(18).toString('hex');
      for (const [key, r] of responseUrls) if (r.until < now()) responseUrls.delete(key);
      responseUrls.set(token, { channel, userId, messageTs: messageTs ?? null, until: now() + RESPONSE_URL_TTL_MS, uses: RESPONSE_URL_USES });
      return `${deps.baseUrl()}${SANDBOX_SLACK_PREFIX.slice(1)}/response/${token}`;
    },
    handle(req, res) {
      const send = (status: number, result: Result) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(result));
      };
      void readLimitedBody(req)
        .then((body) => {
          if (body === null) return send(413, fail('request_too_large'));
          const url = new URL(req.url ?? '/', 'http://localhost');
          const rest = url.pathname.slice(SANDBOX_SLACK_PREFIX.length).split('/').filter(Boolean);
          const json = /^application\/json/i.test(req.headers['content-type'] ?? '');
          const params = parseParams(body, json);
          if (req.method !== 'POST') return send(405, fail('method_not_allowed'));
          if (rest[0] === 'response' && rest.length === 2) {
            const answer = params ? respond(rest[1]!, params) : { status: 400, result: fail('invalid_payload') };
            return send(answer.status, answer.result);
          }
          if (rest[0] !== 'api' || rest.length !== 2) return send(404, fail('not_found'));
          if (!params) return send(200, fail('invalid_json'));
          if (!authorised(req, params, json)) return send(200, fail('invalid_auth'));
          return send(200, call(rest[1]!, params));
        })
        .catch((error: unknown) => {
          deps.logger.error('sandbox.slack_api_error', { error: error instanceof Error ? error.message : String(error) });
          send(500, fail('internal_error'));
        });
    },
  };
}
