/** SQLite implementations of the chat adapters' ports. */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { ConversationRef, ConversationRefStore, IdentityStore, InboundDedup, MessageRef, MessageRefStore } from '../chat/chat-ports.js';
import type { Db } from './open-database.js';
import { bound, insertBinder, ph } from './prepared.js';
import { chatMessages, conversationRefs, identities, inboundDeliveries } from './schema.js';

export function createIdentityStore(db: Db): IdentityStore {
  const row = insertBinder(identities);
  const byUserId = db
    .select()
    .from(identities)
    .where(and(eq(identities.platform, ph('platform')), eq(identities.platformUserId, ph('platformUserId'))))
    .prepare();
  const byEmail = db.select().from(identities).where(and(eq(identities.platform, ph('platform')), eq(identities.email, ph('email')))).prepare();
  // The update reuses the inserted row's placeholders: the same values the conflicting insert carried.
  const remember = db
    .insert(identities)
    .values(row.placeholders)
    .onConflictDoUpdate({
      target: [identities.platform, identities.platformUserId],
      set: { email: bound('email'), displayName: bound('displayName'), updatedAt: bound('updatedAt') },
    })
    .prepare();
  return {
    byUserId: (platform, platformUserId) => byUserId.get({ platform, platformUserId }) ?? null,
    byEmail: (platform, email) => byEmail.get({ platform, email }) ?? null,
    remember: (identity) => {
      remember.run(row.bind(identity));
    },
  };
}

export function createMessageRefStore(db: Db): MessageRefStore {
  const row = insertBinder(chatMessages);
  const forEffect = db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.platform, ph('platform')), eq(chatMessages.effectId, ph('effectId')), eq(chatMessages.recipient, ph('recipient'))))
    .prepare();
  const find = db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.platform, ph('platform')), eq(chatMessages.subject, ph('subject')), eq(chatMessages.kind, ph('kind'))))
    .prepare();
  const record = db.insert(chatMessages).values(row.placeholders).onConflictDoNothing().prepare();
  return {
    forEffect: (platform, effectId, recipient) => forEffect.get({ platform, effectId, recipient }) ?? null,
    find: (platform, subject, kind) => find.all({ platform, subject, kind }),
    record: (ref) => {
      record.run(row.bind(ref));
    },
  };
}

/**
 * A MessageRefStore whose records wait in memory until `flush()`, which the delivery worker runs
 * inside the transaction that records those deliveries' outcomes: one write per batch of
 * deliveries instead of one per message. A write of its own per delivery also held the write
 * lock each time, and the request thread's commits queued behind it.
 *
 * Nothing reads a record too early for that: a card's later update has the same ordering key as
 * the card, so it is not even due until the card's outcome (and so its record) has committed, and
 * until then this store answers from memory as well.
 */
export function createBufferedMessageRefStore(db: Db): MessageRefStore & { pending(): boolean; flush(): void } {
  const stored = createMessageRefStore(db);
  const pending: MessageRef[] = [];
  return {
    forEffect: (platform, effectId, recipient) =>
      pending.find((r) => r.platform === platform && r.effectId === effectId && r.recipient === recipient) ?? stored.forEffect(platform, effectId, recipient),
    find: (platform, subject, kind) => {
      const waiting = pending.filter((r) => r.platform === platform && r.subject === subject && r.kind === kind);
      return waiting.length === 0 ? stored.find(platform, subject, kind) : [...stored.find(platform, subject, kind), ...waiting];
    },
    record: (ref) => {
      pending.push(ref);
    },
    pending: () => pending.length > 0,
    flush: () => {
      for (const ref of pending) stored.record(ref);
      pending.length = 0;
    },
  };
}

export function createInboundDedup(db: Db): InboundDedup {
  const first = db.insert(inboundDeliveries).values({ id: bound('id'), receivedAt: bound('now') }).onConflictDoNothing().prepare();
  const prune = db.delete(inboundDeliveries).where(lt(inboundDeliveries.receivedAt, ph('olderThan'))).prepare();
  return {
    firstDelivery: (id, now) => first.run({ id, now }).changes === 1,
    prune: (olderThan) => {
      prune.run({ olderThan });
    },
  };
}

export function createConversationRefStore(db: Db): ConversationRefStore {
  const row = insertBinder(conversationRefs);
  const personal = db
    .select()
    .from(conversationRefs)
    .where(and(eq(conversationRefs.platform, ph('platform')), eq(conversationRefs.email, ph('email')), eq(conversationRefs.conversationType, 'personal')))
    .orderBy(desc(conversationRefs.updatedAt))
    .limit(1)
    .prepare();
  const byId = db
    .select()
    .from(conversationRefs)
    .where(and(eq(conversationRefs.platform, ph('platform')), eq(conversationRefs.conversationId, ph('conversationId'))))
    .prepare();
  const latest = db.select().from(conversationRefs).where(eq(conversationRefs.platform, ph('platform'))).orderBy(desc(conversationRefs.updatedAt)).limit(1).prepare();
  // A later sighting refreshes the address; a known email is never forgotten by an event that lacks it.
  const remember = db
    .insert(conversationRefs)
    .values(row.placeholders)
    .onConflictDoUpdate({
      target: [conversationRefs.platform, conversationRefs.conversationId],
      set: {
        serviceUrl: bound('serviceUrl'),
        tenantId: sql`coalesce(excluded.tenant_id, ${conversationRefs.tenantId})`,
        email: sql`coalesce(excluded.email, ${conversationRefs.email})`,
        platformUserId: sql`coalesce(excluded.platform_user_id, ${conversationRefs.platformUserId})`,
        botId: bound('botId'),
        updatedAt: bound('updatedAt'),
      },
    })
    .prepare();
  const asRef = (r: typeof conversationRefs.$inferSelect | undefined): ConversationRef | null =>
    r ? { ...r, conversationType: r.conversationType as ConversationRef['conversationType'] } : null;
  return {
    personal: (platform, email) => asRef(personal.get({ platform, email })),
    byId: (platform, conversationId) => asRef(byId.get({ platform, conversationId })),
    latest: (platform) => asRef(latest.get({ platform })),
    remember: (ref) => {
      remember.run(row.bind(ref));
    },
  };
}
