/** What the chat adapters (Slack, Teams) need beyond the engine: identities, posted messages, inbound de-duplication. */
import type { Platform } from '../core/types.js';

export interface Identity {
  platform: Platform;
  platformUserId: string;
  email: string;
  displayName: string | null;
  updatedAt: number;
}

/** Platform user id <-> email, remembered so a person keeps one identity across platforms. */
export interface IdentityStore {
  byUserId(platform: Platform, platformUserId: string): Identity | null;
  byEmail(platform: Platform, email: string): Identity | null;
  remember(identity: Identity): void;
}

export interface MessageRef {
  platform: Platform;
  effectId: number;
  /** The request (or session) the message is about. */
  subject: string;
  /** `person:EMAIL` or `channel:NAME`. */
  recipient: string;
  kind: string;
  conversationId: string;
  messageId: string;
  createdAt: number;
}

export interface MessageRefStore {
  forEffect(platform: Platform, effectId: number, recipient: string): MessageRef | null;
  find(platform: Platform, subject: string, kind: string): MessageRef[];
  record(ref: MessageRef): void;
}

export interface InboundDedup {
  /** True the first time an id is seen; false for a repeat (a platform retry). */
  firstDelivery(id: string, now: number): boolean;
  prune(olderThan: number): void;
}

/** Enough to message a conversation unprompted (Teams: its service URL and id). */
export interface ConversationRef {
  platform: Platform;
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  serviceUrl: string;
  tenantId: string | null;
  /** The person of a personal chat, once known. */
  email: string | null;
  platformUserId: string | null;
  botId: string;
  updatedAt: number;
}

export interface ConversationRefStore {
  /** The personal chat with this person, if the bot was installed for them or spoken to. */
  personal(platform: Platform, email: string): ConversationRef | null;
  byId(platform: Platform, conversationId: string): ConversationRef | null;
  /** The most recently seen service URL (a channel the bot has not seen yet is reached through it). */
  latest(platform: Platform): ConversationRef | null;
  remember(ref: ConversationRef): void;
}
