/**
 * The sandbox's pretend Slack workspace, in memory: conversations and their messages (edited in
 * place, ephemerals seen by one person), open modals per person, App Home tabs, and the trigger
 * ids handed out with each interaction. The Web API and the page both work on it; every change
 * bumps a version so the page can refresh.
 */
import { randomBytes } from 'node:crypto';
import { dmChannelId, SANDBOX_BOT, type SandboxChannel, type SandboxPerson } from './sandbox-people.js';

export interface WorkspaceMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  threadTs: string | null;
  /** A user id, or the bot's. */
  author: string;
  /** For an ephemeral: the one person who sees it. */
  visibleTo: string | null;
  edits: number;
  at: number;
}

export interface OpenView {
  id: string;
  userId: string;
  view: Record<string, unknown>;
  hash: string;
  /** Field errors from the last `response_action: errors`, by block id. */
  errors: Record<string, string>;
}

export interface HomeTab {
  id: string;
  view: Record<string, unknown>;
  hash: string;
}

export interface Conversation {
  id: string;
  name: string;
  kind: 'channel' | 'dm';
}

/** A trigger id works once, and only briefly, as on Slack (about 3 s there; more here for a loaded machine). */
export const TRIGGER_TTL_MS = 10_000;
/** Messages kept per conversation: the page shows recent history, not an archive. */
const KEEP_PER_CONVERSATION = 300;

export interface SandboxWorkspace {
  people: readonly SandboxPerson[];
  channels: readonly SandboxChannel[];
  person(userId: string): SandboxPerson | undefined;
  personByEmail(email: string): SandboxPerson | undefined;
  /** A channel id, a DM id, or a user id (meaning their DM); undefined when there is no such conversation. */
  resolveConversation(id: string): string | undefined;
  conversationsFor(userId: string): Conversation[];
  post(input: { channel: string; text: string; blocks: unknown[] | null; threadTs?: string | null; author?: string; visibleTo?: string | null }): WorkspaceMessage;
  message(channel: string, ts: string): WorkspaceMessage | undefined;
  edit(message: WorkspaceMessage, change: { text?: string; blocks?: unknown[] | null }): void;
  remove(message: WorkspaceMessage): void;
  messagesFor(userId: string, channel: string): WorkspaceMessage[];
  issueTrigger(userId: string): string;
  redeemTrigger(triggerId: string): string | null;
  openView(userId: string, view: Record<string, unknown>, mode: 'open' | 'push'): OpenView;
  replaceView(viewId: string, view: Record<string, unknown>): OpenView | undefined;
  view(viewId: string): OpenView | undefined;
  topView(userId: string): OpenView | undefined;
  setErrors(viewId: string, errors: Record<string, string>): void;
  closeView(viewId: string): void;
  closeAll(userId: string): void;
  publishHome(userId: string, view: Record<string, unknown>): HomeTab;
  home(userId: string): HomeTab | undefined;
  version(): number;
  subscribe(listener: () => void): () => void;
  /** What outlives a restart: messages and App Home tabs (forms and trigger ids do not, as on Slack). */
  snapshot(): WorkspaceSnapshot;
}

export interface WorkspaceSnapshot {
  messages: WorkspaceMessage[];
  homes: Array<[string, HomeTab]>;
}

export function createSandboxWorkspace(input: { people: SandboxPerson[]; channels: SandboxChannel[]; now?: () => number; restore?: WorkspaceSnapshot | null }): SandboxWorkspace {
  const now = input.now ?? Date.now;
  const people = new Map(input.people.map((p) => [p.id, p]));
  const byEmail = new Map(input.people.map((p) => [p.email.toLowerCase(), p]));
  const dms = new Map(input.people.map((p) => [dmChannelId(p.id), p.id]));
  const channelIds = new Set(input.channels.map((c) => c.id));
  const messages = new Map<string, WorkspaceMessage[]>();
  const byKey = new Map<string, WorkspaceMessage>();
  const views = new Map<string, OpenView>();
  const stacks = new Map<string, string[]>();
  const homes = new Map<string, HomeTab>();
  const triggers = new Map<string, { userId: string; until: number }>();
  const listeners = new Set<() => void>();
  let version = 0;
  let lastMicros = 0;
  let viewSeq = 0;
  // Messages of conversations that no longer exist (a changed policy) are not restored.
  for (const m of input.restore?.messages ?? []) {
    if (!channelIds.has(m.channel) && !dms.has(m.channel)) continue;
    messages.set(m.channel, [...(messages.get(m.channel) ?? []), m]);
    byKey.set(`${m.channel}/${m.ts}`, m);
    const [seconds = '0', micros = '0'] = m.ts.split('.');
    lastMicros = Math.max(lastMicros, Number(seconds) * 1e6 + Number(micros));
  }
  for (const [userId, home] of input.restore?.homes ?? []) if (people.has(userId)) homes.set(userId, home);

  const changed = () => {
    version += 1;
    for (const listener of listeners) listener();
  };

  // ts is seconds.micros like Slack's, from the clock and strictly increasing, so it stays unique
  // across restarts of the sandbox too.
  const nextTs = () => {
    lastMicros = Math.max(lastMicros + 1, now() * 1000);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };
  const nextHash = () => `${Math.floor(now() / 1000)}.${randomBytes(6).toString('hex')}`;
  const nextViewId = () => `V${String((viewSeq += 1)).padStart(4, '0')}${randomBytes(4).toString('hex').toUpperCase()}`;

  const workspace: SandboxWorkspace = {
    people: input.people,
    channels: input.channels,
    person: (id) => people.get(id),
    personByEmail: (email) => byEmail.get(email.toLowerCase()),
    resolveConversation(id) {
      if (/^[UW]/.test(id)) return people.has(id) ? dmChannelId(id) : undefined;
      if (id.startsWith('D')) return dms.has(id) ? id : undefined;
      return channelIds.has(id) ? id : undefined;
    },
    conversationsFor(userId) {
      return [
        ...input.channels.map((c) => ({ id: c.id, name: c.name, kind: 'channel' as const })),
        ...(people.has(userId) ? [{ id: dmChannelId(userId), name: SANDBOX_BOT.name, kind: 'dm' as const }] : []),
      ];
    },
    post(m) {
      const message: WorkspaceMessage = {
        channel: m.channel,
        ts: nextTs(),
        text: m.text,
        blocks: m.blocks,
        threadTs: m.threadTs ?? null,
        author: m.author ?? SANDBOX_BOT.userId,
        visibleTo: m.visibleTo ?? null,
        edits: 0,
        at: now(),
      };
      const list = messages.get(m.channel) ?? [];
      list.push(message);
      if (list.length > KEEP_PER_CONVERSATION) {
        const dropped = list.shift()!;
        byKey.delete(`${dropped.channel}/${dropped.ts}`);
      }
      messages.set(m.channel, list);
      byKey.set(`${m.channel}/${message.ts}`, message);
      changed();
      return message;
    },
    message: (channel, ts) => byKey.get(`${channel}/${ts}`),
    edit(message, change) {
      // Like chat.update: a field left out keeps its value.
      if (change.text !== undefined) message.text = change.text;
      if (change.blocks !== undefined) message.blocks = change.blocks;
      message.edits += 1;
      changed();
    },
    remove(message) {
      byKey.delete(`${message.channel}/${message.ts}`);
      messages.set(message.channel, (messages.get(message.channel) ?? []).filter((m) => m !== message));
      changed();
    },
    messagesFor(userId, channel) {
      if (channel.startsWith('D') && dms.get(channel) !== userId) return [];
      return (messages.get(channel) ?? []).filter((m) => m.visibleTo === null || m.visibleTo === userId);
    },
    issueTrigger(userId) {
      const id = `${Math.floor(now() / 1000)}.${randomBytes(5).readUIntBE(0, 5)}.${randomBytes(16).toString('hex')}`;
      triggers.set(id, { userId, until: now() + TRIGGER_TTL_MS });
      for (const [key, t] of triggers) if (t.until < now()) triggers.delete(key);
      return id;
    },
    redeemTrigger(triggerId) {
      const trigger = triggers.get(triggerId);
      triggers.delete(triggerId);
      return trigger && trigger.until >= now() ? trigger.userId : null;
    },
    openView(userId, view, mode) {
      const opened: OpenView = { id: nextViewId(), userId, view, hash: nextHash(), errors: {} };
      views.set(opened.id, opened);
      const stack = mode === 'push' ? (stacks.get(userId) ?? []) : [];
      if (mode === 'open') for (const id of stacks.get(userId) ?? []) views.delete(id);
      stack.push(opened.id);
      stacks.set(userId, stack);
      changed();
      return opened;
    },
    replaceView(viewId, view) {
      const current = views.get(viewId);
      if (!current) return undefined;
      current.view = view;
      current.hash = nextHash();
      current.errors = {};
      changed();
      return current;
    },
    view: (viewId) => views.get(viewId),
    topView(userId) {
      const stack = stacks.get(userId) ?? [];
      const id = stack[stack.length - 1];
      return id ? views.get(id) : undefined;
    },
    setErrors(viewId, errors) {
      const current = views.get(viewId);
      if (!current) return;
      current.errors = errors;
      changed();
    },
    closeView(viewId) {
      const current = views.get(viewId);
      if (!current) return;
      views.delete(viewId);
      stacks.set(current.userId, (stacks.get(current.userId) ?? []).filter((id) => id !== viewId));
      changed();
    },
    closeAll(userId) {
      for (const id of stacks.get(userId) ?? []) views.delete(id);
      stacks.delete(userId);
      changed();
    },
    publishHome(userId, view) {
      const home: HomeTab = { id: homes.get(userId)?.id ?? nextViewId(), view, hash: nextHash() };
      homes.set(userId, home);
      changed();
      return home;
    },
    home: (userId) => homes.get(userId),
    version: () => version,
    snapshot: () => ({ messages: [...messages.values()].flat(), homes: [...homes] }),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return workspace;
}
