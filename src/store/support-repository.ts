/** Support sessions, their escalations and their notes. */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { EscalationRepo, NoteRepo, SessionRepo } from '../core/ports.js';
import type { Db } from './open-database.js';
import { insertBinder, ph, rawPatchUpdater } from './prepared.js';
import { supportEscalations, supportNotes, supportSessions } from './schema.js';

const HELD = ['claimed', 'awaiting_approval', 'awaiting_consent', 'active'] as const;

export function createSessionRepository(db: Db): SessionRepo {
  const s = supportSessions;
  const row = insertBinder(s);
  const get = db.select().from(s).where(eq(s.id, ph('id'))).prepare();
  const insert = db.insert(s).values(row.placeholders).prepare();
  // transition and update share one statement cache: both are the same compare-and-set.
  const compareAndSet = rawPatchUpdater(db.$client, s, s.id, s.status);
  const byStatus = db.select().from(s).where(eq(s.status, ph('status'))).orderBy(asc(s.createdAt)).limit(ph('limit')).prepare();
  const forEmail = db
    .select()
    .from(s)
    .where(and(or(eq(s.endUserEmail, ph('email')), eq(s.technicianEmail, ph('email'))), inArray(s.status, ['open', ...HELD])))
    .orderBy(asc(s.createdAt))
    .prepare();
  const unofferedOpen = db
    .select()
    .from(s)
    .where(and(eq(s.status, 'open'), lte(s.createdAt, ph('before')), isNull(s.offeredToEmail)))
    .orderBy(asc(s.createdAt))
    .limit(ph('limit'))
    .prepare();
  const undocumentedDue = db
    .select()
    .from(s)
    .where(and(eq(s.status, 'ended'), isNull(s.documentedAt), lte(sql`coalesce(${s.docRemindedAt}, ${s.endedAt})`, ph('before'))))
    .orderBy(asc(s.endedAt))
    .limit(ph('limit'))
    .prepare();
  // The technician list varies in length: it is bound as one JSON array and expanded by json_each,
  // so a single prepared statement serves every list (still an IN over the technician index).
  const load = db
    .select({ technician: s.technicianEmail, n: sql<number>`count(*)` })
    .from(s)
    .where(and(inArray(s.technicianEmail, sql`(select value from json_each(${ph('technicians')}))`), inArray(s.status, [...HELD])))
    .groupBy(s.technicianEmail)
    .prepare();
  return {
    get: (id) => get.get({ id }) ?? null,
    insert: (session) => {
      insert.run(row.bind(session));
    },
    transition: compareAndSet,
    update: compareAndSet,
    listByStatus: (status, limit) => byStatus.all({ status, limit }),
    listFor: (email) => forEmail.all({ email }),
    listUnofferedOpen: (before, limit) => unofferedOpen.all({ before, limit }),
    listUndocumentedDue: (before, limit) => undocumentedDue.all({ before, limit }),
    loadOf: (technicians) => {
      const counts = new Map(technicians.map((t) => [t, 0]));
      if (technicians.length === 0) return counts;
      for (const r of load.all({ technicians: JSON.stringify(technicians) })) if (r.technician) counts.set(r.technician, r.n);
      return counts;
    },
  };
}

export function createEscalationRepository(db: Db): EscalationRepo {
  const e = supportEscalations;
  const row = insertBinder(e);
  const get = db.select().from(e).where(eq(e.id, ph('id'))).prepare();
  const insert = db.insert(e).values(row.placeholders).prepare();
  const transition = rawPatchUpdater(db.$client, e, e.id, e.status);
  const forSession = db.select().from(e).where(eq(e.sessionId, ph('sessionId'))).orderBy(asc(e.requestedAt)).prepare();
  const approvedLapsed = db
    .select()
    .from(e)
    .where(and(eq(e.status, 'approved'), lte(e.expiresAt, ph('now'))))
    .orderBy(asc(e.expiresAt))
    .limit(ph('limit'))
    .prepare();
  return {
    get: (id) => get.get({ id }) ?? null,
    insert: (escalation) => {
      insert.run(row.bind(escalation));
    },
    transition: (id, from, patch) => transition(id, [from], patch),
    listForSession: (sessionId) => forSession.all({ sessionId }),
    listApprovedLapsed: (now, limit) => approvedLapsed.all({ now, limit }),
  };
}

export function createNoteRepository(db: Db): NoteRepo {
  const row = insertBinder(supportNotes);
  const insert = db.insert(supportNotes).values(row.placeholders).prepare();
  const list = db
    .select({ sessionId: supportNotes.sessionId, authorEmail: supportNotes.authorEmail, text: supportNotes.text, at: supportNotes.at })
    .from(supportNotes)
    .where(eq(supportNotes.sessionId, ph('sessionId')))
    .orderBy(asc(supportNotes.at))
    .prepare();
  return {
    insert: (note) => {
      insert.run(row.bind(note));
    },
    list: (sessionId) => list.all({ sessionId }),
  };
}
