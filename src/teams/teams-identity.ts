/**
 * Teams user id <-> the email the policy knows. Activities carry the Teams user id and AAD object id,
 * not the email: the member is looked up in the conversation (Bot Connector) and remembered, and
 * re-checked after a day like Slack's.
 *
 * The email is only believed of a member of the tenant Gatehouse serves: a shared channel can hold
 * members of other tenants, whose directory (and so whose email) their own administrators control.
 */
import type { IdentityStore } from '../chat/chat-ports.js';
import type { Clock, Logger } from '../core/ports.js';
import type { Policy } from '../core/policy.js';
import { isKnownPerson, normalizeEmail } from '../core/principals.js';
import type { Actor } from '../core/types.js';
import type { BotConnectorClient, TeamsAddress } from './bot-connector-client.js';

export const IDENTITY_TTL_MS = 24 * 3_600_000;

export type TeamsPerson = { ok: true; actor: Actor; displayName: string | null } | { ok: false; reason: 'no_email' | 'lookup_failed' | 'not_in_policy' | 'other_tenant'; email?: string };

export interface TeamsIdentity {
  /**
   * Who sent an activity: `userId` is the Teams user id, looked up in the conversation it came from.
   * `tenantId` is the tenant the sender must belong to (null: unknown, so nobody is believed).
   */
  resolve(userId: string, where: TeamsAddress, tenantId: string | null): Promise<TeamsPerson>;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function createTeamsIdentity(deps: {
  connector: BotConnectorClient;
  identities: IdentityStore;
  policy: () => Policy;
  clock: Clock;
  logger: Logger;
  /**
   * Whether the member's `email` attribute may stand for them. Only a single-tenant bot's own
   * administrators set it; any tenant can talk to a multi-tenant bot, and an email attribute is not
   * verified, so there only the sign-in name (UPN), whose domain its tenant has proven, counts.
   */
  trustEmailAttribute: boolean;
}): TeamsIdentity {
  const toPerson = (userId: string, email: string, displayName: string | null): TeamsPerson =>
    isKnownPerson(deps.policy(), email) ? { ok: true, actor: { email, platform: 'teams', platformUserId: userId }, displayName } : { ok: false, reason: 'not_in_policy', email };

  return {
    async resolve(userId, where, tenantId) {
      const known = deps.identities.byUserId('teams', userId);
      if (known && deps.clock.now() - known.updatedAt <= IDENTITY_TTL_MS) return toPerson(userId, known.email, known.displayName);
      try {
        const member = await deps.connector.member(where, userId);
        if (member && (tenantId === null || member.tenantId !== tenantId)) {
          deps.logger.warn('teams.foreign_member', { userId, tenant: member.tenantId ?? null });
          return { ok: false, reason: 'other_tenant' };
        }
        // Guests and some tenants have no `email`; the UPN is the sign-in address, which is the email in most tenants.
        const raw = [deps.trustEmailAttribute ? member?.email : undefined, member?.userPrincipalName].find((v) => v !== undefined && EMAIL.test(v));
        if (!raw) return { ok: false, reason: 'no_email' };
        const email = normalizeEmail(raw);
        const displayName = member?.name ?? null;
        deps.identities.remember({ platform: 'teams', platformUserId: userId, email, displayName, updatedAt: deps.clock.now() });
        return toPerson(userId, email, displayName);
      } catch (error) {
        deps.logger.warn('teams.member_lookup_failed', { userId, error: error instanceof Error ? error.message : String(error) });
        return { ok: false, reason: 'lookup_failed' };
      }
    },
  };
}

/** Words for someone Teams could not map to a policy person. */
export function describeUnknownTeamsPerson(person: Extract<TeamsPerson, { ok: false }>): string {
  switch (person.reason) {
    case 'not_in_policy':
      return `Your Teams email (${person.email}) is not in the Gatehouse policy, so you cannot use it yet. Ask your administrator to add you.`;
    case 'no_email':
      return 'Gatehouse could not read an email address on your Teams profile, and it identifies people by email. Ask your Teams admin to check your account has one.';
    case 'lookup_failed':
      return 'Gatehouse could not look up your Teams profile just now. Please try again in a moment.';
    case 'other_tenant':
      return 'Your Teams account belongs to another organisation, so Gatehouse cannot act for you here.';
  }
}
