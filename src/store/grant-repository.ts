/** Grants and the manual fulfilment tasks that belong to them. */
import { and, asc, eq, inArray, isNull, lte, ne } from 'drizzle-orm';
import type { GrantRepo, TaskRepo } from '../core/ports.js';
import { ACTIVE_LIKE_GRANT_STATUSES, type FulfilmentTask, type Grant } from '../core/types.js';
import type { Db } from './open-database.js';
import { fulfilmentTasks, grants } from './schema.js';

export function createGrantRepository(db: Db): GrantRepo {
  return {
    get: (id) => db.select().from(grants).where(eq(grants.id, id)).get() ?? null,
    getByRequest: (requestId) => db.select().from(grants).where(eq(grants.requestId, requestId)).get() ?? null,
    insert: (grant: Grant) => {
      db.insert(grants).values(grant).run();
    },
    transition: (id, from, patch) =>
      db
        .update(grants)
        .set(patch)
        .where(and(eq(grants.id, id), inArray(grants.status, [...from])))
        .run().changes === 1,
    update: (id, from, patch) =>
      db
        .update(grants)
        .set(patch)
        .where(and(eq(grants.id, id), inArray(grants.status, [...from])))
        .run().changes === 1,
    listActiveDue: (now, limit) =>
      db
        .select()
        .from(grants)
        // Support grants end with their session, never on their own clock.
        .where(and(eq(grants.status, 'active'), eq(grants.kind, 'access'), lte(grants.expiresAt, now)))
        .orderBy(asc(grants.expiresAt))
        .limit(limit)
        .all(),
    listActiveEndingBefore: (until, limit) =>
      db
        .select()
        .from(grants)
        .where(and(eq(grants.status, 'active'), eq(grants.kind, 'access'), lte(grants.expiresAt, until), isNull(grants.warnedAt)))
        .orderBy(asc(grants.expiresAt))
        .limit(limit)
        .all(),
    listLiveFor: (subjectEmail, resourceId) =>
      db
        .select()
        .from(grants)
        .where(
          and(
            eq(grants.kind, 'access'),
            eq(grants.subjectEmail, subjectEmail),
            eq(grants.resourceId, resourceId),
            inArray(grants.status, [...ACTIVE_LIKE_GRANT_STATUSES]),
          ),
        )
        .all(),
    listLiveOf: (subjectEmail) =>
      db
        .select()
        .from(grants)
        .where(and(eq(grants.subjectEmail, subjectEmail), eq(grants.kind, 'access'), inArray(grants.status, [...ACTIVE_LIKE_GRANT_STATUSES])))
        .orderBy(asc(grants.expiresAt))
        .all(),
  };
}

export function createTaskRepository(db: Db): TaskRepo {
  return {
    get: (id) => db.select().from(fulfilmentTasks).where(eq(fulfilmentTasks.id, id)).get() ?? null,
    insert: (task: FulfilmentTask) => {
      db.insert(fulfilmentTasks).values(task).run();
    },
    close: (id, doneByEmail, at) =>
      db
        .update(fulfilmentTasks)
        .set({ status: 'done', doneByEmail, doneAt: at })
        .where(and(eq(fulfilmentTasks.id, id), eq(fulfilmentTasks.status, 'open')))
        .run().changes === 1,
    openFor: (grantId, action) =>
      db
        .select()
        .from(fulfilmentTasks)
        .where(and(eq(fulfilmentTasks.grantId, grantId), eq(fulfilmentTasks.action, action), ne(fulfilmentTasks.status, 'done')))
        .get() ?? null,
  };
}
