/**
 * Slack user id <-> the email the policy knows. Looked up with users.info / users.lookupByEmail and
 * remembered, so most requests need no Web API call; a remembered mapping is re-checked after a day
 * in case the person's email changed.
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

export type SlackPerson = { ok: true; actor: Actor } | { ok: false; reason: 'no_email' | 'lookup_failed' | 'not_in_policy'; email?: string };

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
        const info = await deps.client.users.info({ user: userId });
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
        const found = await deps.client.users.lookupByEmail({ email });
        const id = found.user?.id;
        if (!id) return null;
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
  }
}
