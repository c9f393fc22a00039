/**
 * Who is in the sandbox's pretend Slack workspace: everyone the policy knows, with a Slack user id
 * derived from their email (so ids stay the same across restarts and the identities Gatehouse
 * remembered in its database stay right), and the policy's Slack channels.
 */
import { createHash } from 'node:crypto';
import type { ChannelName, Policy } from '../core/policy.js';
import { knownPeople } from '../core/principals.js';

export interface SandboxPerson {
  id: string;
  email: string;
  /** Shown in the page and in mentions: the part of the email before the @, capitalised. */
  name: string;
}

export interface SandboxChannel {
  id: string;
  name: string;
}

export const SANDBOX_BOT = { userId: 'U0GATEHOUSE', botId: 'B0GATEHOUSE', appId: 'A0GATEHOUSE', teamId: 'T0SANDBOX', teamDomain: 'gatehouse-sandbox', name: 'Gatehouse' } as const;

/** `U` and 10 hex digits of the email's sha256: stable, and shaped like a Slack user id. */
export function sandboxUserId(email: string): string {
  return `U${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 10).toUpperCase()}`;
}

/** The DM between the bot and a person; derived from the user id, as one person has one DM with the bot. */
export function dmChannelId(userId: string): string {
  return `D${userId.slice(1)}`;
}

function displayName(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local.charAt(0).toUpperCase() + local.slice(1);
}

export function sandboxPeople(policy: Policy): SandboxPerson[] {
  return [...knownPeople(policy)].sort().map((email) => ({ id: sandboxUserId(email), email, name: displayName(email) }));
}

/** The policy's Slack channels, named after their role (`approvals`, `audit`, `support`). */
export function sandboxChannels(policy: Policy): SandboxChannel[] {
  const out: SandboxChannel[] = [];
  for (const [name, ref] of Object.entries(policy.channels) as Array<[ChannelName, { slack: string | null } | null]>) {
    if (ref?.slack && !out.some((c) => c.id === ref.slack)) out.push({ id: ref.slack, name });
  }
  return out;
}
