/** Grants and the manual fulfilment tasks that belong to them. */
import { and, asc, eq, inArray, isNull, lte, ne } from 'drizzle-orm';
import type { GrantRepo, TaskRepo } from '../core/ports.js';
import { ACTIVE_LIKE_GRANT_STATUSES, type FulfilmentTask, type Grant } from '../core/types.js';
import type { Db } from './open-database.js';
import { bound, insertBinder, patchUpdater, ph, statusIn } from './prepared.js';
import { fulfilmentTasks, grants } from './schema.js';

export function createGrantRepository(db: Db): GrantRepo {
  const row = insertBinder(grants);
  const get = db.select().from(grants).where(eq(grants.id, ph('id'))).prepare();
  const getByRequest = db.select().from(grants).where(eq(grants.requestId, ph('requestId'))).prepare();
  const insert = db.insert(grants).values(row.placeholders).prepare();
  // transition and update share one statement cache: both are the same compare-and-set.
  const compareAndSet = patchUpdater(grants, (set, n) =>
    db.update(grants).set(set).where(and(eq(grants.id, ph('id')), statusIn(grants.status, n))).prepare(),
  );
  const activeDue = db
    .select()
    .from(grants)
    // Support grants end with their session, never on their own clock.
    .where(and(eq(grants.status, 'active'), eq(grants.kind, 'access'), lte(grants.expiresAt, ph('now'))))
    .orderBy(asc(grants.expiresAt))
    .limit(ph('limit'))
    .prepare();
  const activeEndingBefore = db
    .select()
    .from(grants)
    .where(and(eq(grants.status, 'active'), eq(grants.kind, 'access'), lte(grants.expiresAt, ph('until')), isNull(grants.warnedAt)))
    .orderBy(asc(grants.expiresAt))
    .limit(ph('limit'))
    .prepare();
  // The live statuses are a constant list, bound into the statement once.
  const liveFor = db
    .select()
    .from(grants)
    .where(
      and(
        eq(grants.kind, 'access'),
        eq(grants.subjectEmail, ph('subjectEmail')),
        eq(grants.resourceId, ph('resourceId')),
        inArray(grants.status, [...ACTIVE_LIKE_GRANT_STATUSES]),
      ),
    )
    .prepare();
  const liveOf = db
    .select()
    .from(grants)
    .where(and(eq(grants.subjectEmail, ph('subjectEmail')), eq(grants.kind, 'access'), inArray(grants.status, [...ACTIVE_LIKE_GRANT_STATUSES])))
    .orderBy(asc(grants.expiresAt))
    .prepare();
  return {
    get: (id) => get.get({ id }) ?? null,
    getByRequest: (requestId) => getByRequest.get({ requestId }) ?? null,
    insert: (grant: Grant) => {
      insert.run(row.bind(grant));
    },
    transition: compareAndSet,
    update: compareAndSet,
    listActiveDue: (now, limit) => activeDue.all({ now, limit }),
    listActiveEndingBefore: (until, limit) => activeEndingBefore.all({ until, limit }),
    listLiveFor: (subjectEmail, resourceId) => liveFor.all({ subjectEmail, resourceId }),
    listLiveOf: (subjectEmail) => liveOf.all({ subjectEmail }),
  };
}

export function createTaskRepository(db: Db): TaskRepo {
  const row = insertBinder(fulfilmentTasks);
  const get = db.select().from(fulfilmentTasks).where(eq(fulfilmentTasks.id, ph('id'))).prepare();
  const insert = db.insert(fulfilmentTasks).values(row.placeholders).prepare();
  const close = db
    .update(fulfilmentTasks)
    .set({ status: 'done', doneByEmail: bound('doneByEmail'), doneAt: bound('at') })
    .where(and(eq(fulfilmentTasks.id, ph('id')), eq(fulfilmentTasks.status, 'open')))
    .prepare();
  const openFor = db
    .select()
    .from(fulfilmentTasks)
    .where(and(eq(fulfilmentTasks.grantId, ph('grantId')), eq(fulfilmentTasks.action, ph('action')), ne(fulfilmentTasks.status, 'done')))
    .prepare();
  return {
    get: (id) => get.get({ id }) ?? null,
    insert: (task: FulfilmentTask) => {
      insert.run(row.bind(task));
    },
    close: (id, doneByEmail, at) => close.run({ id, doneByEmail, at }).changes === 1,
    openFor: (grantId, action) => openFor.get({ grantId, action }) ?? null,
  };
}
