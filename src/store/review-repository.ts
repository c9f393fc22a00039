/** Break-glass reviews. */
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { ReviewRepo } from '../core/ports.js';
import type { Db } from './open-database.js';
import { bound, encode, insertBinder, ph } from './prepared.js';
import { breakGlassReviews } from './schema.js';

export function createReviewRepository(db: Db): ReviewRepo {
  const row = insertBinder(breakGlassReviews);
  const get = db.select().from(breakGlassReviews).where(eq(breakGlassReviews.id, ph('id'))).prepare();
  const insert = db.insert(breakGlassReviews).values(row.placeholders).prepare();
  // The patch is a fixed Pick of four columns, so one statement serves every call.
  const complete = db
    .update(breakGlassReviews)
    .set({
      reviewerEmail: bound('reviewerEmail'),
      outcome: bound('outcome'),
      notes: bound('notes'),
      reviewedAt: bound('reviewedAt'),
      status: 'done',
    })
    .where(and(eq(breakGlassReviews.id, ph('id')), eq(breakGlassReviews.status, 'open')))
    .prepare();
  const overdueUnflagged = db
    .select()
    .from(breakGlassReviews)
    .where(and(eq(breakGlassReviews.status, 'open'), lte(breakGlassReviews.dueAt, ph('now')), isNull(breakGlassReviews.overdueFlaggedAt)))
    .orderBy(asc(breakGlassReviews.dueAt))
    .limit(ph('limit'))
    .prepare();
  const markFlagged = db
    .update(breakGlassReviews)
    .set({ overdueFlaggedAt: bound('at') })
    .where(and(eq(breakGlassReviews.id, ph('id')), isNull(breakGlassReviews.overdueFlaggedAt)))
    .prepare();
  const c = breakGlassReviews;
  return {
    get: (id) => get.get({ id }) ?? null,
    insert: (review) => {
      insert.run(row.bind(review));
    },
    complete: (id, patch) =>
      complete.run({
        id,
        reviewerEmail: encode(c.reviewerEmail, patch.reviewerEmail),
        outcome: encode(c.outcome, patch.outcome),
        notes: encode(c.notes, patch.notes),
        reviewedAt: encode(c.reviewedAt, patch.reviewedAt),
      }).changes === 1,
    listOverdueUnflagged: (now, limit) => overdueUnflagged.all({ now, limit }),
    markFlagged: (id, at) => markFlagged.run({ id, at }).changes === 1,
  };
}
