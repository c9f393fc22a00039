/** SQLite implementations of the chat adapters' ports. */
import { and, eq, lt } from 'drizzle-orm';
import type { IdentityStore, InboundDedup, MessageRefStore } from '../chat/chat-ports.js';
import type { Db } from './open-database.js';
import { chatMessages, identities, inboundDeliveries } from './schema.js';

export function createIdentityStore(db: Db): IdentityStore {
  return {
    byUserId: (platform, platformUserId) =>
      db.select().from(identities).where(and(eq(identities.platform, platform), eq(identities.platformUserId, platformUserId))).get() ?? null,
    byEmail: (platform, email) =>
      db.select().from(identities).where(and(eq(identities.platform, platform), eq(identities.email, email))).get() ?? null,
    remember: (identity) => {
      db.insert(identities)
        .values(identity)
        .onConflictDoUpdate({
          target: [identities.platform, identities.platformUserId],
          set: { email: identity.email, displayName: identity.displayName, updatedAt: identity.updatedAt },
        })
        .run();
    },
  };
}

export function createMessageRefStore(db: Db): MessageRefStore {
  return {
    forEffect: (platform, effectId, recipient) =>
      db
        .select()
        .from(chatMessages)
        .where(and(eq(chatMessages.platform, platform), eq(chatMessages.effectId, effectId), eq(chatMessages.recipient, recipient)))
        .get() ?? null,
    find: (platform, subject, kind) =>
      db
        .select()
        .from(chatMessages)
        .where(and(eq(chatMessages.platform, platform), eq(chatMessages.subject, subject), eq(chatMessages.kind, kind)))
        .all(),
    record: (ref) => {
      db.insert(chatMessages).values(ref).onConflictDoNothing().run();
    },
  };
}

export function createInboundDedup(db: Db): InboundDedup {
  return {
    firstDelivery: (id, now) => db.insert(inboundDeliveries).values({ id, receivedAt: now }).onConflictDoNothing().run().changes === 1,
    prune: (olderThan) => {
      db.delete(inboundDeliveries).where(lt(inboundDeliveries.receivedAt, olderThan)).run();
    },
  };
}
