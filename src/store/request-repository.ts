/** Requests and their approvals. */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { ApprovalRepo, RequestRepo } from '../core/ports.js';
import type { AccessRequest, Approval, RequestStatus } from '../core/types.js';
import type { Db } from './open-database.js';
import { insertBinder, ph, rawInsert, rawPatchUpdater, rowReader } from './prepared.js';
import { approvals, requests } from './schema.js';

export function createRequestRepository(db: Db): RequestRepo {
  const reader = rowReader<AccessRequest>(requests);
  const get = db.$client.prepare(`SELECT ${reader.columns} FROM requests WHERE id = ?`);
  const insert = rawInsert(db.$client, requests);
  const transition = rawPatchUpdater(db.$client, requests, requests.id, requests.status);
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
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? null : reader.decode(row);
    },
    insert: (request: AccessRequest) => {
      insert(request);
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
