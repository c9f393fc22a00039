/**
 * What the Slack client would send, built for the person picked in the page and signed with this
 * run's signing secret, posted over HTTP to the bot's real `/slack/events`: slash commands,
 * `block_actions`, `view_submission` and `app_home_opened`. The bot's HTTP answers are applied to
 * the workspace as Slack applies them (a command's ephemeral answer, a form's field errors).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from '../core/ports.js';
import { dmChannelId, SANDBOX_BOT } from './sandbox-people.js';
import type { SandboxWorkspace } from './sandbox-workspace.js';
import type { SlackWebApi } from './slack-web-api.js';

/** `state.values` of a submitted view: block id -> action id -> the element's value. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

export type ButtonContainer = { type: 'message'; channel: string; ts: string } | { type: 'view'; viewId: string };

export type BridgeAnswer = { ok: true; detail?: string } | { ok: false; error: string };

export type SubmitAnswer = { ok: true; outcome: 'closed' | 'errors' | 'updated' | 'pushed'; errors?: Record<string, string> } | { ok: false; error: string };

export interface SlackBridge {
  slashCommand(userId: string, channel: string, command: string, text: string): Promise<BridgeAnswer>;
  blockAction(userId: string, input: { actionId: string; blockId: string; value: string; text: string; container: ButtonContainer }): Promise<BridgeAnswer>;
  viewSubmission(userId: string, viewId: string, values: ViewStateValues): Promise<SubmitAnswer>;
  homeOpened(userId: string): Promise<BridgeAnswer>;
}

export interface SlackBridgeDeps {
  workspace: SandboxWorkspace;
  api: SlackWebApi;
  signingSecret: string;
  /** The bot's `/slack/events` URL (known once the server listens). */
  eventsUrl: () => string;
  logger: Logger;
}

const FORM = 'application/x-www-form-urlencoded';
// Deprecated and unchecked by Bolt, but Slack still sends one.
const VERIFICATION_TOKEN = 'sandboxVerificationToken';

export function createSlackBridge(deps: SlackBridgeDeps): SlackBridge {
  const { workspace: ws } = deps;
  const team = { id: SANDBOX_BOT.teamId, domain: SANDBOX_BOT.teamDomain };
  const userOf = (userId: string) => {
    const person = ws.person(userId);
    const name = person?.email.split('@')[0] ?? userId.toLowerCase();
    return { id: userId, username: name, name, team_id: SANDBOX_BOT.teamId };
  };
  const conversationName = (channel: string) => (channel.startsWith('D') ? 'directmessage' : (ws.channels.find((c) => c.id === channel)?.name ?? channel));

  async function post(body: string, contentType: string): Promise<{ status: number; json: unknown }> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', deps.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(deps.eventsUrl(), {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }

  const postPayload = (payload: Record<string, unknown>) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
  const refused = (status: number) => ({ ok: false as const, error: `the bot answered HTTP ${status}` });

  return {
    async slashCommand(userId, channel, command, text) {
      // Slack shows nobody the command itself; the sandbox echoes it to its sender, for orientation.
      ws.post({ channel, text: `${command} ${text}`.trim(), blocks: null, author: userId, visibleTo: userId });
      const fields: Record<string, string> = {
        token: VERIFICATION_TOKEN,
        team_id: team.id,
        team_domain: team.domain,
        channel_id: channel,
        channel_name: conversationName(channel),
        user_id: userId,
        user_name: userOf(userId).name,
        command,
        text,
        api_app_id: SANDBOX_BOT.appId,
        is_enterprise_install: 'false',
        response_url: deps.api.mintResponseUrl({ channel, userId }),
        trigger_id: ws.issueTrigger(userId),
      };
      const answer = await post(new URLSearchParams(fields).toString(), FORM);
      if (answer.status !== 200) return refused(answer.status);
      // The ack's body is the command's immediate answer, shown like Slack shows it.
      const body = answer.json as { text?: unknown; blocks?: unknown; response_type?: unknown } | undefined;
      if (body && (typeof body.text === 'string' || Array.isArray(body.blocks))) {
        ws.post({
          channel,
          text: typeof body.text === 'string' ? body.text : '',
          blocks: Array.isArray(body.blocks) ? body.blocks : null,
          visibleTo: body.response_type === 'in_channel' ? null : userId,
        });
      }
      return { ok: true };
    },

    async blockAction(userId, input) {
      const base = {
        type: 'block_actions',
        user: userOf(userId),
        api_app_id: SANDBOX_BOT.appId,
        token: VERIFICATION_TOKEN,
        trigger_id: ws.issueTrigger(userId),
        team,
        enterprise: null,
        is_enterprise_install: false,
        actions: [
          {
            action_id: input.actionId,
            block_id: input.blockId,
            text: { type: 'plain_text', text: input.text, emoji: true },
            value: input.value,
            type: 'button',
            action_ts: (Date.now() / 1000).toFixed(6),
          },
        ],
      };
      let payload: Record<string, unknown>;
      if (input.container.type === 'view') {
        const viewId = input.container.viewId;
        const home = ws.home(userId);
        const open = ws.view(viewId);
        if (!(home && home.id === viewId) && !(open && open.userId === userId)) return { ok: false, error: 'no such view for this person' };
        const view = home && home.id === viewId ? home.view : open!.view;
        payload = { ...base, container: { type: 'view', view_id: viewId }, view: { ...view, id: viewId, team_id: team.id, state: { values: {} }, app_id: SANDBOX_BOT.appId, bot_id: SANDBOX_BOT.botId } };
      } else {
        const { channel, ts } = input.container;
        const message = ws.message(channel, ts);
        if (!message || ws.messagesFor(userId, channel).indexOf(message) < 0) return { ok: false, error: 'no such message for this person' };
        const ephemeral = message.visibleTo !== null;
        payload = {
          ...base,
          container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: ephemeral },
          channel: { id: channel, name: conversationName(channel) },
          ...(ephemeral ? {} : { message: { type: 'message', user: SANDBOX_BOT.userId, bot_id: SANDBOX_BOT.botId, ts, text: message.text, blocks: message.blocks ?? [] } }),
          state: { values: {} },
          response_url: deps.api.mintResponseUrl({ channel, userId, messageTs: ephemeral ? null : ts }),
        };
      }
      const answer = await postPayload(payload);
      return answer.status === 200 ? { ok: true } : refused(answer.status);
    },

    async viewSubmission(userId, viewId, values) {
      const open = ws.view(viewId);
      if (!open || open.userId !== userId) return { ok: false, error: 'no such form open for this person' };
      const view = open.view;
      const payload = {
        type: 'view_submission',
        team,
        user: userOf(userId),
        api_app_id: SANDBOX_BOT.appId,
        token: VERIFICATION_TOKEN,
        trigger_id: ws.issueTrigger(userId),
        view: {
          ...view,
          id: viewId,
          team_id: team.id,
          private_metadata: view.private_metadata ?? '',
          callback_id: view.callback_id ?? '',
          state: { values },
          hash: open.hash,
          previous_view_id: null,
          root_view_id: viewId,
          app_id: SANDBOX_BOT.appId,
          external_id: '',
          app_installed_team_id: team.id,
          bot_id: SANDBOX_BOT.botId,
        },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      const answer = await postPayload(payload);
      if (answer.status !== 200) return refused(answer.status);
      const body = answer.json as { response_action?: unknown; errors?: unknown; view?: unknown } | undefined;
      switch (body?.response_action) {
        case 'errors': {
          const errors = Object.fromEntries(Object.entries((body.errors ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
          ws.setErrors(viewId, errors);
          return { ok: true, outcome: 'errors', errors };
        }
        case 'update':
          if (body.view && typeof body.view === 'object') ws.replaceView(viewId, body.view as Record<string, unknown>);
          return { ok: true, outcome: 'updated' };
        case 'push': {
          if (body.view && typeof body.view === 'object') ws.openView(userId, body.view as Record<string, unknown>, 'push');
          return { ok: true, outcome: 'pushed' };
        }
        case 'clear':
          ws.closeAll(userId);
          return { ok: true, outcome: 'closed' };
        default:
          ws.closeView(viewId);
          return { ok: true, outcome: 'closed' };
      }
    },

    async homeOpened(userId) {
      const eventTime = Math.floor(Date.now() / 1000);
      const body = {
        token: VERIFICATION_TOKEN,
        team_id: team.id,
        api_app_id: SANDBOX_BOT.appId,
        event: { type: 'app_home_opened', user: userId, channel: dmChannelId(userId), tab: 'home', event_ts: `${eventTime}.000100` },
        type: 'event_callback',
        event_id: `Ev${randomBytes(8).toString('hex').toUpperCase()}`,
        event_time: eventTime,
        authorizations: [{ enterprise_id: null, team_id: team.id, user_id: SANDBOX_BOT.userId, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
      };
      const answer = await post(JSON.stringify(body), 'application/json');
      return answer.status === 200 ? { ok: true } : refused(answer.status);
    },
  };
}
