/** Break-glass reviews. */
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { ReviewRepo } from '../core/ports.js';
import type { Db } from './open-database.js';
import { breakGlassReviews } from './schema.js';

export function createReviewRepository(db: Db): ReviewRepo {
  return {
    get: (id) => db.select().from(breakGlassReviews).where(eq(breakGlassReviews.id, id)).get() ?? null,
    insert: (review) => {
      db.insert(breakGlassReviews).values(review).run();
    },
    complete: (id, patch) =>
      db
        .update(breakGlassReviews)
        .set({ ...patch, status: 'done' })
        .where(and(eq(breakGlassReviews.id, id), eq(breakGlassReviews.status, 'open')))
        .run().changes === 1,
    listOverdueUnflagged: (now, limit) =>
      db
        .select()
        .from(breakGlassReviews)
        .where(and(eq(breakGlassReviews.status, 'open'), lte(breakGlassReviews.dueAt, now), isNull(breakGlassReviews.overdueFlaggedAt)))
        .orderBy(asc(breakGlassReviews.dueAt))
        .limit(limit)
        .all(),
    markFlagged: (id, at) =>
      db
        .update(breakGlassReviews)
        .set({ overdueFlaggedAt: at })
        .where(and(eq(breakGlassReviews.id, id), isNull(breakGlassReviews.overdueFlaggedAt)))
        .run().changes === 1,
  };
}
