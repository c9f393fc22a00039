/** Requests and their approvals. */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { ApprovalRepo, RequestRepo } from '../core/ports.js';
import type { AccessRequest, Approval, RequestStatus } from '../core/types.js';
import type { Db } from './open-database.js';
import { insertBinder, patchUpdater, ph, statusIn } from './prepared.js';
import { approvals, requests } from './schema.js';

export function createRequestRepository(db: Db): RequestRepo {
  const row = insertBinder(requests);
  const get = db.select().from(requests).where(eq(requests.id, ph('id'))).prepare();
  const insert = db.insert(requests).values(row.placeholders).prepare();
  const transition = patchUpdater(requests, (set, n) =>
    db.update(requests).set(set).where(and(eq(requests.id, ph('id')), statusIn(requests.status, n))).prepare(),
  );
  const pendingDue = db
    .select()
    .from(requests)
    .where(and(eq(requests.status, 'pending'), lte(requests.pendingUntil, ph('now'))))
    .orderBy(asc(requests.pendingUntil))
    .limit(ph('limit'))
    .prepare();
  const pendingFor = db
    .select()
    .from(requests)
    .where(and(eq(requests.requesterEmail, ph('email')), eq(requests.status, 'pending')))
    .orderBy(asc(requests.createdAt))
    .prepare();
  const pending = db.select().from(requests).where(eq(requests.status, 'pending')).orderBy(asc(requests.createdAt)).limit(ph('limit')).prepare();
  return {
    get: (id) => get.get({ id }) ?? null,
    insert: (request: AccessRequest) => {
      insert.run(row.bind(request));
    },
    transition: (id: string, from: RequestStatus, patch) => transition(id, [from], patch),
    listPendingDue: (now, limit) => pendingDue.all({ now, limit }),
    listPendingFor: (email) => pendingFor.all({ email }),
    listPending: (limit) => pending.all({ limit }),
  };
}

export function createApprovalRepository(db: Db): ApprovalRepo {
  const row = insertBinder(approvals);
  const insert = db.insert(approvals).values(row.placeholders).onConflictDoNothing().prepare();
  const list = db.select().from(approvals).where(eq(approvals.requestId, ph('requestId'))).orderBy(asc(approvals.at)).prepare();
  return {
    insert: (approval: Approval) => insert.run(row.bind(approval)).changes === 1,
    list: (requestId) => list.all({ requestId }),
  };
}
