/** What the Slack listeners share: the engine, identity, the effects pump and a few Slack helpers. */
import type { Actor } from '../core/types.js';
import type { Engine } from '../core/create-engine.js';
import type { Logger } from '../core/ports.js';
import type { EffectsPump } from '../runtime/effects-pump.js';
import { describeUnknownPerson, type SlackIdentity } from './slack-identity.js';

export interface SlackContext {
  engine: Engine;
  identity: SlackIdentity;
  pump: EffectsPump;
  logger: Logger;
}

/** Unexpected errors inside a command: logged once here, answered politely by the command layer. */
export function unexpected(ctx: SlackContext, where: string) {
  return (error: unknown) => ctx.logger.error('slack.unexpected', { where, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

/**
 * An ephemeral note to one person where they clicked; their DM with the bot when there is no
 * channel (App Home, modals). Queued in the outbox and posted by the delivery worker: the request
 * thread never waits on the Web API, and a Slack outage delays the note instead of losing it.
 */
export function tellPrivately(ctx: SlackContext, userId: string, channelId: string | undefined, plainText: string): void {
  ctx.engine.replyPrivately({ platform: 'slack', userId, email: null, conversationId: channelId ?? null, text: plainText });
  ctx.pump.kick();
}

/** Who clicked, or a private explanation of why Gatehouse does not know them (then null). */
export async function resolveClicker(ctx: SlackContext, userId: string, channelId: string | undefined): Promise<Actor | null> {
  const person = await ctx.identity.resolve(userId);
  if (person.ok) return person.actor;
  tellPrivately(ctx, userId, channelId, describeUnknownPerson(person));
  return null;
}
