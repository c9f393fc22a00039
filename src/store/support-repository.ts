/** Support sessions, their escalations and their notes. */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { EscalationRepo, NoteRepo, SessionRepo } from '../core/ports.js';
import type { Db } from './open-database.js';
import { supportEscalations, supportNotes, supportSessions } from './schema.js';

const HELD = ['claimed', 'awaiting_approval', 'awaiting_consent', 'active'] as const;

export function createSessionRepository(db: Db): SessionRepo {
  return {
    get: (id) => db.select().from(supportSessions).where(eq(supportSessions.id, id)).get() ?? null,
    insert: (session) => {
      db.insert(supportSessions).values(session).run();
    },
    transition: (id, from, patch) =>
      db.update(supportSessions).set(patch).where(and(eq(supportSessions.id, id), inArray(supportSessions.status, [...from]))).run().changes === 1,
    update: (id, from, patch) =>
      db.update(supportSessions).set(patch).where(and(eq(supportSessions.id, id), inArray(supportSessions.status, [...from]))).run().changes === 1,
    listByStatus: (status, limit) =>
      db.select().from(supportSessions).where(eq(supportSessions.status, status)).orderBy(asc(supportSessions.createdAt)).limit(limit).all(),
    listFor: (email) =>
      db
        .select()
        .from(supportSessions)
        .where(and(or(eq(supportSessions.endUserEmail, email), eq(supportSessions.technicianEmail, email)), inArray(supportSessions.status, ['open', ...HELD])))
        .orderBy(asc(supportSessions.createdAt))
        .all(),
    listUnofferedOpen: (before, limit) =>
      db
        .select()
        .from(supportSessions)
        .where(and(eq(supportSessions.status, 'open'), lte(supportSessions.createdAt, before), isNull(supportSessions.offeredToEmail)))
        .orderBy(asc(supportSessions.createdAt))
        .limit(limit)
        .all(),
    listUndocumentedDue: (before, limit) =>
      db
        .select()
        .from(supportSessions)
        .where(
          and(
            eq(supportSessions.status, 'ended'),
            isNull(supportSessions.documentedAt),
            lte(sql`coalesce(${supportSessions.docRemindedAt}, ${supportSessions.endedAt})`, before),
          ),
        )
        .orderBy(asc(supportSessions.endedAt))
        .limit(limit)
        .all(),
    loadOf: (technicians) => {
      const load = new Map(technicians.map((t) => [t, 0]));
      if (technicians.length === 0) return load;
      const rows = db
        .select({ technician: supportSessions.technicianEmail, n: sql<number>`count(*)` })
        .from(supportSessions)
        .where(and(inArray(supportSessions.technicianEmail, technicians), inArray(supportSessions.status, [...HELD])))
        .groupBy(supportSessions.technicianEmail)
        .all();
      for (const row of rows) if (row.technician) load.set(row.technician, row.n);
      return load;
    },
  };
}

export function createEscalationRepository(db: Db): EscalationRepo {
  return {
    get: (id) => db.select().from(supportEscalations).where(eq(supportEscalations.id, id)).get() ?? null,
    insert: (escalation) => {
      db.insert(supportEscalations).values(escalation).run();
    },
    transition: (id, from, patch) =>
      db.update(supportEscalations).set(patch).where(and(eq(supportEscalations.id, id), eq(supportEscalations.status, from))).run().changes === 1,
    listForSession: (sessionId) =>
      db.select().from(supportEscalations).where(eq(supportEscalations.sessionId, sessionId)).orderBy(asc(supportEscalations.requestedAt)).all(),
    listApprovedLapsed: (now, limit) =>
      db
        .select()
        .from(supportEscalations)
        .where(and(eq(supportEscalations.status, 'approved'), lte(supportEscalations.expiresAt, now)))
        .orderBy(asc(supportEscalations.expiresAt))
        .limit(limit)
        .all(),
  };
}

export function createNoteRepository(db: Db): NoteRepo {
  return {
    insert: (note) => {
      db.insert(supportNotes).values(note).run();
    },
    list: (sessionId) =>
      db
        .select({ sessionId: supportNotes.sessionId, authorEmail: supportNotes.authorEmail, text: supportNotes.text, at: supportNotes.at })
        .from(supportNotes)
        .where(eq(supportNotes.sessionId, sessionId))
        .orderBy(asc(supportNotes.at))
        .all(),
  };
}
