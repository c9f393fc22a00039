/**
 * Steps shared by the Teams end-to-end tests: people doing things in Teams, and reading back the
 * cards they now see (the fake Bot Connector's POSTs, as replaced by later PUTs).
 *
 * Not a test file (vitest collects *.test.ts only).
 */
import { unescapeCardMarkdown } from '../../views/teams/escape-markdown.js';
import type { RecordedActivity } from '../fixtures/fake-bot-connector.js';
import type { TeamsE2E, TeamsPerson } from '../support/teams-e2e-harness.js';
import type { TeamsResponse } from '../support/teams-client.js';

export const MIN = 60_000;
export const H = 60 * MIN;

export interface ShownCard {
  /** The activity id the connector gave the message (what an Action.Execute replies to). */
  id: string;
  conversationId: string;
  activity: Record<string, unknown>;
  card: Record<string, unknown> | null;
  /** How many times it was replaced. */
  updates: number;
}

const cardOf = (activity: Record<string, unknown>): Record<string, unknown> | null => {
  const attachments = activity.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? null;
};

/** Every message in a conversation as it looks now (later PUTs replace earlier content). */
export function shownIn(e: TeamsE2E, conversationId: string): ShownCard[] {
  const byId = new Map<string, ShownCard>();
  for (const a of e.connector.activities as RecordedActivity[]) {
    const base = a.conversationId.split(';')[0]!;
    if (base !== conversationId) continue;
    const known = byId.get(a.id);
    if (a.method === 'PUT' && known) byId.set(a.id, { ...known, activity: a.activity, card: cardOf(a.activity), updates: known.updates + 1 });
    else if (a.method === 'POST') byId.set(a.id, { id: a.id, conversationId: base, activity: a.activity, card: cardOf(a.activity), updates: 0 });
  }
  return [...byId.values()];
}

export const chatOf = (e: TeamsE2E, person: TeamsPerson) => e.teams.personalChat(e.user(person));

export const textOf = (shown: ShownCard) => JSON.stringify(shown.activity);

export interface ExecuteAction {
  verb: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute on a card, including the submits of inline (ShowCard) forms. */
export function executesOf(card: unknown): ExecuteAction[] {
  const found: ExecuteAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute') found.push({ verb: String(record.verb), data: (record.data ?? {}) as Record<string, unknown> });
    Object.values(record).forEach(walk);
  };
  walk(card);
  return found;
}

/** The form input with this id, wherever it sits in the card (inline forms included). */
export function inputOf(card: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) return card.map((c) => inputOf(c, id)).find(Boolean);
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  if (node.id === id && String(node.type).startsWith('Input.')) return node;
  return Object.values(node).map((v) => inputOf(v, id)).find(Boolean);
}

/** The card in this conversation offering `verb`, optionally with a given `data.value`. */
export function cardWith(e: TeamsE2E, conversationId: string, verb: string, value?: string): ShownCard {
  const card = shownIn(e, conversationId).find((s) => executesOf(s.card).some((x) => x.verb === verb && (value === undefined || x.data.value === value)));
  if (!card) throw new Error(`no card with ${verb} in ${conversationId}: ${JSON.stringify(shownIn(e, conversationId).map((s) => s.activity.summary ?? s.activity.text))}`);
  return card;
}

/** A person presses a button (or submits an inline form) on a card they can see. */
export function press(e: TeamsE2E, person: TeamsPerson, on: ShownCard, verb: string, data: Record<string, unknown>): Promise<TeamsResponse> {
  const conversationType = on.conversationId.startsWith('19:') ? 'channel' : 'personal';
  return e.teams.execute(e.user(person), verb, data, { replyToId: on.id, conversationId: on.conversationId, conversationType });
}

/**
 * A person fills in a form on a card (an inline ShowCard form or a form card) and submits it, as
 * Teams does: the submit's own data plus the inputs of the card that holds it. Naming a field that
 * form does not have throws, so a test cannot pass by sending what the card never asks for.
 */
export function submitForm(e: TeamsE2E, person: TeamsPerson, on: ShownCard, verb: string, values: Record<string, string>): Promise<TeamsResponse> {
  let owner: { data: Record<string, unknown>; inputs: string[] } | null = null;
  const inputIds = (node: unknown, out: string[] = []): string[] => {
    if (Array.isArray(node)) node.forEach((n) => inputIds(n, out));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (String(record.type).startsWith('Input.') && typeof record.id === 'string') out.push(record.id);
      // Inputs of nested ShowCard forms belong to those forms, not to this one.
      for (const [key, value] of Object.entries(record)) if (key !== 'actions') inputIds(value, out);
    }
    return out;
  };
  const walk = (node: unknown) => {
    if (owner) return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const actions = Array.isArray(record.actions) ? (record.actions as Array<Record<string, unknown>>) : [];
    const submit = actions.find((a) => a.type === 'Action.Execute' && a.verb === verb);
    if (record.type === 'AdaptiveCard' && submit) owner = { data: (submit.data ?? {}) as Record<string, unknown>, inputs: inputIds(record.body) };
    else Object.values(record).forEach(walk);
  };
  walk(on.card);
  const form = owner as { data: Record<string, unknown>; inputs: string[] } | null;
  if (!form) throw new Error(`no form submitting ${verb} on card ${on.id}`);
  const unknown = Object.keys(values).filter((k) => !form.inputs.includes(k));
  if (unknown.length > 0) throw new Error(`the ${verb} form has no ${unknown.join(', ')} (it has ${form.inputs.join(', ')})`);
  return press(e, person, on, verb, { ...form.data, ...values });
}

/** What Teams shows the clicker after an Action.Execute (the invoke response's message). */
export function answerOf(res: TeamsResponse): string {
  const body = res.body as { type?: string; value?: unknown } | null;
  if (res.status !== 200 || body?.type !== 'application/vnd.microsoft.activity.message') throw new Error(`not a message answer: ${res.status} ${res.text}`);
  return String(body.value);
}

export async function installAll(e: TeamsE2E, people: readonly TeamsPerson[]): Promise<void> {
  for (const person of people) {
    const res = await e.teams.install(e.user(person));
    if (res.status !== 200) throw new Error(`install for ${person} failed: ${res.status}`);
  }
}

/** A person types a command in their personal chat with the bot; returns the bot's last reply text. */
export async function say(e: TeamsE2E, person: TeamsPerson, text: string): Promise<string> {
  const before = e.connector.posts(chatOf(e, person)).length;
  const res = await e.teams.say(e.user(person), text);
  if (res.status !== 200) throw new Error(`message refused: ${res.status} ${res.text}`);
  const replies = e.connector.posts(chatOf(e, person)).slice(before);
  return replies.map((r) => JSON.stringify(r.activity)).join('\n');
}

/**
 * A person types `request-access …` in their chat with Gatehouse. A request filed there is answered
 * by its card instead of a reply, so this waits for deliveries and returns everything that arrived.
 */
export async function typeRequest(e: TeamsE2E, person: TeamsPerson, text: string): Promise<string> {
  const before = e.connector.posts(chatOf(e, person)).length;
  const res = await e.teams.say(e.user(person), `request-access ${text}`);
  if (res.status !== 200) throw new Error(`message refused: ${res.status} ${res.text}`);
  await e.settle();
  return e.connector.posts(chatOf(e, person)).slice(before).map((r) => JSON.stringify(r.activity)).join('\n');
}

/** A person types `need-support …` in their chat with Gatehouse; like `typeRequest`, answered by its card. */
export async function typeSupport(e: TeamsE2E, person: TeamsPerson, text: string): Promise<string> {
  const before = e.connector.posts(chatOf(e, person)).length;
  const res = await e.teams.say(e.user(person), `need-support ${text}`);
  if (res.status !== 200) throw new Error(`message refused: ${res.status} ${res.text}`);
  await e.settle();
  return e.connector.posts(chatOf(e, person)).slice(before).map((r) => JSON.stringify(r.activity)).join('\n');
}

export function latestRequestOf(e: TeamsE2E, person: TeamsPerson): string {
  const row = e.gatehouse.gatehouse.db.$client.prepare('SELECT id FROM requests WHERE requester_email = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(`${person}@example.com`) as { id: string } | undefined;
  if (!row) throw new Error(`${person} has no request`);
  return row.id;
}

export function dbAll<T = Record<string, unknown>>(e: TeamsE2E, sql: string, ...params: unknown[]): T[] {
  return e.gatehouse.gatehouse.db.$client.prepare(sql).all(...params) as T[];
}

export function dbGet<T = Record<string, unknown>>(e: TeamsE2E, sql: string, ...params: unknown[]): T {
  return e.gatehouse.gatehouse.db.$client.prepare(sql).get(...params) as T;
}

/** The card as it looks now, after any replacements since it was read. */
export function nowShown(e: TeamsE2E, card: ShownCard): ShownCard {
  const now = shownIn(e, card.conversationId).find((s) => s.id === card.id);
  if (!now) throw new Error(`card ${card.id} is gone from ${card.conversationId}`);
  return now;
}

/** The `data.value` of the first Action.Execute with this verb on a card (an id the card carries). */
export function valueOf(card: ShownCard, verb: string): string {
  const found = executesOf(card.card).find((x) => x.verb === verb);
  if (!found) throw new Error(`no ${verb} on card ${card.id}`);
  return String(found.data.value);
}

export interface AuditRow {
  type: string;
  actor_email: string;
  subject: string | null;
  data: Record<string, unknown>;
}

/** Audit records in the order they were written, optionally of one type. */
export function auditRows(e: TeamsE2E, type?: string): AuditRow[] {
  const sql = `SELECT type, actor_email, subject, data FROM audit_log${type ? ' WHERE type = ?' : ''} ORDER BY seq`;
  return dbAll<Omit<AuditRow, 'data'> & { data: string }>(e, sql, ...(type ? [type] : [])).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

/** The words a person reads on a message (summary, text, card text and facts), markdown escapes undone. */
export function readableOf(shown: ShownCard): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of ['summary', 'text', 'title', 'value']) if (typeof record[key] === 'string') out.push(unescapeCardMarkdown(record[key] as string));
    Object.values(record).forEach(walk);
  };
  walk(shown.activity);
  return out.join('\n');
}
