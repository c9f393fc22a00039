/**
 * Slack user id <-> the email the policy knows. Looked up with users.info / users.lookupByEmail and
 * remembered, so most requests need no Web API call; a remembered mapping is re-checked after a day
 * in case the person's email changed.
 *
 * A profile email only says who someone is inside the workspace (or Enterprise Grid organisation)
 * the app is installed in. People of another organisation can press buttons in a Slack Connect
 * channel, and their email is whatever their own organisation set; taking it at its word would let
 * them act as, and receive the DMs of, the person whose email they carry.
 */
import type { WebClient } from '@slack/web-api';
import type { IdentityStore } from '../chat/chat-ports.js';
import type { Clock, Logger } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import { isKnownPerson, normalizeEmail } from '../core/principals.js';
import type { Actor } from '../core/types.js';

export const IDENTITY_TTL_MS = 24 * 3_600_000;
const MEMORY_TTL_MS = 60_000;
const MEMORY_MAX = 10_000;

export type SlackPerson = { ok: true; actor: Actor } | { ok: false; reason: 'no_email' | 'lookup_failed' | 'not_in_policy' | 'other_workspace'; email?: string };

/** Where the app is installed: a workspace, a Grid organisation, or both (an org-wide install has no workspace). */
interface Installation {
  teamId: string | null;
  enterpriseId: string | null;
}

interface SlackUserInfo {
  team_id?: string;
  enterprise_user?: { enterprise_id?: string };
}

/** In Grid a user's team may be their home workspace or the organisation itself; either is ours if the organisation is. */
function isOurs(user: SlackUserInfo | undefined, home: Installation): boolean {
  if (!user?.team_id) return false;
  if (home.teamId !== null && user.team_id === home.teamId) return true;
  if (home.enterpriseId === null) return false;
  return user.team_id === home.enterpriseId || user.enterprise_user?.enterprise_id === home.enterpriseId;
}

export interface SlackIdentity {
  resolve(userId: string): Promise<SlackPerson>;
  /** The remembered person, without any API call (null if unknown or stale). */
  cached(userId: string): SlackPerson | null;
  userIdFor(email: string): Promise<string | null>;
}

export function createSlackIdentity(deps: { client: WebClient; identities: IdentityStore; policy: () => Policy; clock: Clock; logger: Logger }): SlackIdentity {
  const toPerson = (userId: string, email: string): SlackPerson =>
    isKnownPerson(deps.policy(), email)
      ? { ok: true, actor: { email, platform: 'slack', platformUserId: userId } }
      : { ok: false, reason: 'not_in_policy', email };

  // A small in-memory layer in front of the table: every click resolves its clicker, and a table
  // read per click is measurable. Entries live briefly so a policy or profile change shows soon.
  const memory = new Map<string, { person: SlackPerson; until: number }>();

  // Asked once; a failure is not kept, so the next lookup asks again (and fails closed meanwhile).
  let installation: Promise<Installation> | null = null;
  const home = (): Promise<Installation> => {
    installation ??= deps.client.auth
      .test()
      .then((answer) => {
        const found = { teamId: answer.team_id || null, enterpriseId: answer.enterprise_id || null };
        if (!found.teamId && !found.enterpriseId) throw new Error('auth.test named no workspace or organisation');
        return found;
      })
      .catch((error: unknown) => {
        installation = null;
        throw error;
      });
    return installation;
  };
  const cached = (userId: string): SlackPerson | null => {
    const now = deps.clock.now();
    const hit = memory.get(userId);
    if (hit && hit.until > now) return hit.person;
    const known = deps.identities.byUserId('slack', userId);
    if (!known || now - known.updatedAt > IDENTITY_TTL_MS) return null;
    const person = toPerson(userId, known.email);
    if (memory.size > MEMORY_MAX) memory.clear();
    memory.set(userId, { person, until: now + MEMORY_TTL_MS });
    return person;
  };

  return {
    cached,
    async resolve(userId) {
      const hit = cached(userId);
      if (hit) return hit;
      try {
        const [info, ours] = await Promise.all([deps.client.users.info({ user: userId }), home()]);
        if (!isOurs(info.user, ours)) {
          deps.logger.warn('slack.foreign_user', { userId, team: info.user?.team_id ?? null });
          return { ok: false, reason: 'other_workspace' };
        }
        const raw = info.user?.profile?.email;
        if (!raw) return { ok: false, reason: 'no_email' };
        const email = normalizeEmail(raw);
        deps.identities.remember({ platform: 'slack', platformUserId: userId, email, displayName: info.user?.real_name ?? info.user?.name ?? null, updatedAt: deps.clock.now() });
        return toPerson(userId, email);
      } catch (error) {
        deps.logger.warn('slack.users_info_failed', { userId, error: error instanceof Error ? error.message : String(error) });
        return { ok: false, reason: 'lookup_failed' };
      }
    },
    async userIdFor(emailInput) {
      const email = normalizeEmail(emailInput);
      const known = deps.identities.byEmail('slack', email);
      if (known) return known.platformUserId;
      try {
        const [found, ours] = await Promise.all([deps.client.users.lookupByEmail({ email }), home()]);
        const id = found.user?.id;
        if (!id || !isOurs(found.user, ours)) return null;
        deps.identities.remember({ platform: 'slack', platformUserId: id, email, displayName: found.user?.real_name ?? found.user?.name ?? null, updatedAt: deps.clock.now() });
        return id;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === 'users_not_found') return null;
        throw error;
      }
    },
  };
}

/** Words for someone Slack could not map to a policy person. */
export function describeUnknownPerson(person: Extract<SlackPerson, { ok: false }>): string {
  switch (person.reason) {
    case 'not_in_policy':
      return `Your Slack email (${person.email}) is not in the Gatehouse policy, so you cannot use it yet. Ask your administrator to add you.`;
    case 'no_email':
      return 'Gatehouse could not read an email address on your Slack profile, and it identifies people by email. Ask your Slack admin to check the app has the users:read.email scope.';
    case 'lookup_failed':
      return 'Gatehouse could not look up your Slack profile just now. Please try again in a moment.';
    case 'other_workspace':
      return 'You are not a member of the Slack workspace Gatehouse serves, so it cannot act for you here.';
  }
}
