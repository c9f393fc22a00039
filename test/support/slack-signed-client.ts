/**
 * Drives a Bolt app over HTTP the way Slack does: same content types, same field names, and a
 * correct `v0` signature, so the app's real signature check runs in every end-to-end test.
 * Forged requests (bad MAC, stale or future timestamp, tampered body) go through the same path.
 *
 * response_urls point at the fake Web API when `responseUrlBase` is given (Bolt's `respond()`
 * would otherwise try to reach hooks.slack.com); see test/fixtures/fake-slack-api.ts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { FAKE_SLACK_DEFAULTS } from '../fixtures/fake-slack-api.js';

export interface SlackSignatureHeaders {
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

/** `v0=HEX(HMAC_SHA256(secret, "v0:" + ts + ":" + body))`, as Slack documents. */
export function signSlackRequest(secret: string, body: string, timestampSeconds: number): SlackSignatureHeaders {
  const mac = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': `v0=${mac}` };
}

/** A change to how one request is signed or sent; combine several with an array. */
export interface Forgery {
  /** Sign with this secret instead of the real one. */
  signingSecret?: string;
  /** Shift the signed timestamp (still correctly signed: tests the window, not the MAC). */
  timestampOffsetSeconds?: number;
  /** Change the body after signing. */
  tamper?: (body: string) => string;
  /** Leave headers out. */
  omit?: Array<'timestamp' | 'signature'>;
}

export const withBadSignature: Forgery = { signingSecret: 'not-the-signing-secret' };
export const withoutSignature: Forgery = { omit: ['timestamp', 'signature'] };
export const withTimestamp = (offsetSeconds: number): Forgery => ({ timestampOffsetSeconds: offsetSeconds });
/** Signed over the original body, sent with a changed one (default: one character appended). */
export const withTamperedBody = (tamper: (body: string) => string = (b) => `${b}x`): Forgery => ({ tamper });

export interface SlackClientOptions {
  /** e.g. `http://127.0.0.1:PORT` */
  baseUrl: string;
  path?: string;
  signingSecret: string;
  /** Clock in ms. Bolt checks timestamps against the real clock, so leave this alone unless the app's clock is faked too. */
  now?: () => number;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  botUserId?: string;
  /** Base of minted response_urls, e.g. the fake Web API's `url`. Default https://hooks.slack.com. */
  responseUrlBase?: string;
  /** What a block action's `message` holds: e.g. `(c, ts) => api.message(c, ts)`, so the app sees what it posted. */
  messageSource?: (channel: string, ts: string) => { text?: string; blocks?: unknown[] | undefined } | undefined;
}

export interface SlackResponse {
  status: number;
  body: string;
  /** The body parsed, when it is JSON (e.g. `response_action: 'errors'` from a view submission). */
  json?: unknown;
  headers: Headers;
  /** What was sent: body, headers and the fields or payload as an object. */
  sent: { body: string; headers: Record<string, string>; data: Record<string, unknown> };
}

export interface SendOptions {
  forge?: Forgery | Forgery[];
}

export interface SlashCommandInput {
  command: string;
  text: string;
  userId: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  triggerId?: string;
  teamId?: string;
}

export interface BlockActionInput {
  userId: string;
  actionId: string;
  value: string;
  channelId?: string;
  messageTs?: string;
  triggerId?: string;
  blockId?: string;
  /** For an action inside a modal: the view's id (then there is no channel or message). */
  viewId?: string;
  /** Defaults to the `messageSource` lookup, else a placeholder. */
  message?: { text?: string; blocks?: unknown[] | undefined };
}

export type ViewStateValue =
  | { type: string; value?: string | null }
  | { type: string; selected_option?: { text?: unknown; value: string } | null }
  | { type: string; selected_options?: Array<{ text?: unknown; value: string }> }
  | Record<string, unknown>;

export interface ViewSubmissionInput {
  userId: string;
  callbackId: string;
  privateMetadata?: string;
  values: Record<string, Record<string, ViewStateValue>>;
  viewId?: string;
  triggerId?: string;
}

export interface EventOptions extends SendOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface RawRequest {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  /** Seconds; default now. */
  timestamp?: number;
  /** Sent instead of the computed one. */
  signature?: string;
}

export interface SlackClient {
  slashCommand(input: SlashCommandInput, options?: SendOptions): Promise<SlackResponse>;
  blockAction(input: BlockActionInput, options?: SendOptions): Promise<SlackResponse>;
  viewSubmission(input: ViewSubmissionInput, options?: SendOptions): Promise<SlackResponse>;
  event(event: { type: string; [field: string]: unknown }, options?: EventOptions): Promise<SlackResponse>;
  urlVerification(challenge: string, options?: SendOptions): Promise<SlackResponse>;
  raw(request: RawRequest): Promise<SlackResponse>;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

export function createSlackClient(options: SlackClientOptions): SlackClient {
  const endpoint = `${options.baseUrl.replace(/\/$/, '')}${options.path ?? '/slack/events'}`;
  const now = options.now ?? Date.now;
  const teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
  const teamDomain = options.teamDomain ?? FAKE_SLACK_DEFAULTS.teamDomain;
  const apiAppId = options.apiAppId ?? FAKE_SLACK_DEFAULTS.appId;
  const botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
  const responseUrlBase = options.responseUrlBase?.replace(/\/$/, '');
  // The verification token is deprecated and unchecked by Bolt, but Slack still sends one.
  const token = 'fakeVerificationToken';
  let seq = 0;

  const nowSeconds = (): number => Math.floor(now() / 1000);
  const unique = (): string => `${(seq += 1)}${randomBytes(4).toString('hex')}`;
  // Shaped like Slack's (`398738663015.47445629121.803a0b...`); unique, since the fake exchanges each once.
  const triggerId = (): string => `${nowSeconds()}${(seq += 1)}.47445629121.${randomBytes(16).toString('hex')}`;
  const actionTs = (): string => (now() / 1000).toFixed(6);
  const user = (id: string, name?: string): Record<string, string> => ({ id, username: name ?? id.toLowerCase(), name: name ?? id.toLowerCase(), team_id: teamId });

  /** Where respond() goes; the fake parses channel, message ts and user back out of the path. */
  function responseUrl(kind: string, channel: string | undefined, ts: string | undefined, userId: string): string {
    const id = unique();
    if (!responseUrlBase) return `https://hooks.slack.com/${kind}/${teamId}/${id}/${randomBytes(12).toString('hex')}`;
    return `${responseUrlBase}/response/${[channel ?? '-', ts ?? '-', userId, id].map(encodeURIComponent).join('/')}`;
  }

  async function send(
    body: string,
    contentType: string,
    data: Record<string, unknown>,
    forge: Forgery | Forgery[] | undefined,
    extra: Record<string, string> = {},
  ): Promise<SlackResponse> {
    const forgeries = Array.isArray(forge) ? forge : forge ? [forge] : [];
    const f: Forgery = Object.assign({}, ...forgeries);
    const timestamp = nowSeconds() + (f.timestampOffsetSeconds ?? 0);
    const signed = signSlackRequest(f.signingSecret ?? options.signingSecret, body, timestamp);
    const headers: Record<string, string> = { 'Content-Type': contentType, ...extra };
    if (!f.omit?.includes('timestamp')) headers['X-Slack-Request-Timestamp'] = signed['X-Slack-Request-Timestamp'];
    if (!f.omit?.includes('signature')) headers['X-Slack-Signature'] = signed['X-Slack-Signature'];
    return post(f.tamper ? f.tamper(body) : body, headers, data);
  }

  async function post(body: string, headers: Record<string, string>, data: Record<string, unknown>): Promise<SlackResponse> {
    const res = await fetch(endpoint, { method: 'POST', headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, body: text, json, headers: res.headers, sent: { body, headers, data } };
  }

  /** Interactivity payloads arrive as a form with one `payload` field holding JSON. */
  const sendPayload = (payload: Record<string, unknown>, forge?: Forgery | Forgery[]): Promise<SlackResponse> =>
    send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, payload, forge);

  return {
    slashCommand(input, sendOptions = {}) {
      const channelId = input.channelId ?? 'C0FAKECHAN';
      // Field order as Slack sends it; the values are what the app reads.
      const fields: Record<string, string> = {
        token,
        team_id: input.teamId ?? teamId,
        team_domain: teamDomain,
        channel_id: channelId,
        channel_name: input.channelName ?? (channelId.startsWith('D') ? 'directmessage' : 'general'),
        user_id: input.userId,
        user_name: input.userName ?? input.userId.toLowerCase(),
        command: input.command,
        text: input.text,
        api_app_id: apiAppId,
        is_enterprise_install: 'false',
        response_url: responseUrl('commands', channelId, undefined, input.userId),
        trigger_id: input.triggerId ?? triggerId(),
      };
      return send(new URLSearchParams(fields).toString(), FORM, fields, sendOptions.forge);
    },

    blockAction(input, sendOptions = {}) {
      const inView = input.viewId !== undefined;
      const channelId = inView ? undefined : (input.channelId ?? 'C0FAKECHAN');
      const messageTs = inView ? undefined : input.messageTs;
      const stored = channelId && messageTs ? options.messageSource?.(channelId, messageTs) : undefined;
      const message = input.message ?? stored ?? { text: 'message', blocks: [] };
      const payload: Record<string, unknown> = {
        type: 'block_actions',
        user: user(input.userId),
        api_app_id: apiAppId,
        token,
        container: inView
          ? { type: 'view', view_id: input.viewId }
          : { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
        trigger_id: input.triggerId ?? triggerId(),
        team: { id: teamId, domain: teamDomain },
        enterprise: null,
        is_enterprise_install: false,
        ...(inView
          ? { view: { id: input.viewId, team_id: teamId, type: 'modal', state: { values: {} }, app_id: apiAppId, bot_id: FAKE_SLACK_DEFAULTS.botId } }
          : {
              channel: { id: channelId, name: channelId?.startsWith('D') ? 'directmessage' : 'general' },
              ...(messageTs
                ? { message: { type: 'message', user: botUserId, bot_id: FAKE_SLACK_DEFAULTS.botId, ts: messageTs, text: message.text ?? '', blocks: message.blocks ?? [] } }
                : {}),
              state: { values: {} },
              response_url: responseUrl('actions', channelId, messageTs, input.userId),
            }),
        actions: [
          {
            action_id: input.actionId,
            block_id: input.blockId ?? 'actions',
            text: { type: 'plain_text', text: input.value, emoji: true },
            value: input.value,
            type: 'button',
            action_ts: actionTs(),
          },
        ],
      };
      return sendPayload(payload, sendOptions.forge);
    },

    viewSubmission(input, sendOptions = {}) {
      const viewId = input.viewId ?? `V${unique().toUpperCase()}`;
      const payload: Record<string, unknown> = {
        type: 'view_submission',
        team: { id: teamId, domain: teamDomain },
        user: user(input.userId),
        api_app_id: apiAppId,
        token,
        trigger_id: input.triggerId ?? triggerId(),
        view: {
          id: viewId,
          team_id: teamId,
          type: 'modal',
          blocks: [],
          private_metadata: input.privateMetadata ?? '',
          callback_id: input.callbackId,
          state: { values: input.values },
          hash: `${nowSeconds()}.${unique()}`,
          title: { type: 'plain_text', text: 'Gatehouse', emoji: true },
          clear_on_close: false,
          notify_on_close: false,
          close: null,
          submit: { type: 'plain_text', text: 'Submit', emoji: true },
          previous_view_id: null,
          root_view_id: viewId,
          app_id: apiAppId,
          external_id: '',
          app_installed_team_id: teamId,
          bot_id: FAKE_SLACK_DEFAULTS.botId,
        },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      return sendPayload(payload, sendOptions.forge);
    },

    event(event, eventOptions = {}) {
      const eventTime = nowSeconds();
      const body: Record<string, unknown> = {
        token,
        team_id: teamId,
        api_app_id: apiAppId,
        event: { event_ts: `${eventTime}.000100`, ...event },
        type: 'event_callback',
        event_id: eventOptions.eventId ?? `Ev${unique().toUpperCase()}`,
        event_time: eventTime,
        authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
      };
      const extra: Record<string, string> = {};
      if (eventOptions.retryNum !== undefined) extra['X-Slack-Retry-Num'] = String(eventOptions.retryNum);
      if (eventOptions.retryReason !== undefined) extra['X-Slack-Retry-Reason'] = eventOptions.retryReason;
      return send(JSON.stringify(body), JSON_TYPE, body, eventOptions.forge, extra);
    },

    urlVerification(challenge, sendOptions = {}) {
      const body = { token, challenge, type: 'url_verification' };
      return send(JSON.stringify(body), JSON_TYPE, body, sendOptions.forge);
    },

    raw(request) {
      const timestamp = request.timestamp ?? nowSeconds();
      const signed = signSlackRequest(options.signingSecret, request.body, timestamp);
      const headers: Record<string, string> = {
        'Content-Type': request.contentType,
        ...signed,
        ...(request.signature !== undefined ? { 'X-Slack-Signature': request.signature } : {}),
        ...request.headers,
      };
      return post(request.body, headers, {});
    },
  };
}
