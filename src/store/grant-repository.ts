/** Grants and the manual fulfilment tasks that belong to them. */
import type Database from 'better-sqlite3';
import { and, eq, ne } from 'drizzle-orm';
import type { GrantRepo, TaskRepo } from '../core/ports.js';
import { ACTIVE_LIKE_GRANT_STATUSES, type FulfilmentTask, type Grant } from '../core/types.js';
import type { Db } from './open-database.js';
import { bound, insertBinder, ph, rawInsert, rawPatchUpdater, rowReader } from './prepared.js';
import { fulfilmentTasks, grants } from './schema.js';

export function createGrantRepository(db: Db): GrantRepo {
  const client = db.$client;
  const grant = rowReader<Grant>(grants);
  const select = `SELECT ${grant.columns} FROM grants`;
  const one = (statement: Database.Statement) => (...params: unknown[]) => {
    const row = statement.get(...params);
    return row === undefined ? null : grant.decode(row);
  };
  const many = (statement: Database.Statement) => (...params: unknown[]) => statement.all(...params).map(grant.decode);
  const insert = rawInsert(client, grants);
  // transition and update share one statement cache: both are the same compare-and-set.
  const compareAndSet = rawPatchUpdater(client, grants, grants.id, grants.status);
  // The live statuses are a constant list, bound into the statements once.
  const live = ACTIVE_LIKE_GRANT_STATUSES.map((status) => `'${status}'`).join(', ');
  const get = one(client.prepare(`${select} WHERE id = ?`));
  const getByRequest = one(client.prepare(`${select} WHERE request_id = ?`));
  // Support grants end with their session, never on their own clock.
  const activeDue = many(client.prepare(`${select} WHERE status = 'active' AND kind = 'access' AND expires_at <= ? ORDER BY expires_at LIMIT ?`));
  const activeEndingBefore = many(
    client.prepare(`${select} WHERE status = 'active' AND kind = 'access' AND expires_at <= ? AND warned_at IS NULL ORDER BY expires_at LIMIT ?`),
  );
  const liveFor = many(client.prepare(`${select} WHERE kind = 'access' AND subject_email = ? AND resource_id = ? AND status IN (${live})`));
  const liveOf = many(client.prepare(`${select} WHERE subject_email = ? AND kind = 'access' AND status IN (${live}) ORDER BY expires_at`));
  return {
    get: (id) => get(id),
    getByRequest: (requestId) => getByRequest(requestId),
    insert: (g: Grant) => {
      insert(g);
    },
    transition: compareAndSet,
    update: compareAndSet,
    listActiveDue: (now, limit) => activeDue(now, limit),
    listActiveEndingBefore: (until, limit) => activeEndingBefore(until, limit),
    listLiveFor: (subjectEmail, resourceId) => liveFor(subjectEmail, resourceId),
    listLiveOf: (subjectEmail) => liveOf(subjectEmail),
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
  const retire = db
    .update(fulfilmentTasks)
    .set({ status: 'done', doneByEmail: null, doneAt: bound('at') })
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
    retire: (id, at) => retire.run({ id, at }).changes === 1,
    openFor: (grantId, action) => openFor.get({ grantId, action }) ?? null,
  };
}
