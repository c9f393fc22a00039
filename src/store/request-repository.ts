/** Requests and their approvals. */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { ApprovalRepo, RequestRepo } from '../core/ports.js';
import type { AccessRequest, Approval, RequestStatus } from '../core/types.js';
import type { Db } from './open-database.js';
import { approvals, requests } from './schema.js';

export function createRequestRepository(db: Db): RequestRepo {
  return {
    get: (id) => db.select().from(requests).where(eq(requests.id, id)).get() ?? null,
    insert: (request: AccessRequest) => {
      db.insert(requests).values(request).run();
    },
    transition: (id: string, from: RequestStatus, patch) =>
      db
        .update(requests)
        .set(patch)
        .where(and(eq(requests.id, id), eq(requests.status, from)))
        .run().changes === 1,
    listPendingDue: (now, limit) =>
      db
        .select()
        .from(requests)
        .where(and(eq(requests.status, 'pending'), lte(requests.pendingUntil, now)))
        .orderBy(asc(requests.pendingUntil))
        .limit(limit)
        .all(),
    listPendingFor: (email) =>
      db
        .select()
        .from(requests)
        .where(and(eq(requests.requesterEmail, email), eq(requests.status, 'pending')))
        .orderBy(asc(requests.createdAt))
        .all(),
    listPending: (limit) =>
      db.select().from(requests).where(eq(requests.status, 'pending')).orderBy(asc(requests.createdAt)).limit(limit).all(),
  };
}

export function createApprovalRepository(db: Db): ApprovalRepo {
  return {
    insert: (approval: Approval) => db.insert(approvals).values(approval).onConflictDoNothing().run().changes === 1,
    list: (requestId) => db.select().from(approvals).where(eq(approvals.requestId, requestId)).orderBy(asc(approvals.at)).all(),
  };
}
