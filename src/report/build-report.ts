/**
 * `gatehouse report`: how the governed workflows are doing, for access and for support, from the
 * database and the audit trail. Read-only; every figure is counted since `since` (default: all time).
 */
import type { Db } from '../store/open-database.js';

export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface Report {
  since: string | null;
  generatedAt: string;
  access: {
    requests: number;
    approved: number;
    denied: number;
    cancelled: number;
    expired: number;
    pending: number;
    autoApproved: number;
    breakGlass: number;
    breakGlassReviewsOverdue: number;
    timeToDecision: DurationStats;
    revocationsFailing: number;
    refusedActions: number;
  };
  support: {
    requests: number;
    started: number;
    ended: number;
    averageResolutionMs: number | null;
    escalationShare: number | null;
    documentationCompleteness: number | null;
    deviations: {
      consentDeclined: number;
      consentExpired: number;
      idleTerminations: number;
      undocumentedClosures: number;
      refusedActions: number;
    };
  };
}

/** Nearest-rank percentile over sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function buildReport(db: Db, options: { since?: number; now: number }): Report {
  const since = options.since ?? 0;
  const one = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number | null }).n ?? 0;
  const count = (status: string) => one('SELECT count(*) n FROM requests WHERE created_at >= ? AND status = ?', since, status);

  const decisions = (
    db.$client
      .prepare(`SELECT decided_at - created_at AS ms FROM requests WHERE created_at >= ? AND status IN ('approved', 'denied') AND auto_approved = 0 AND break_glass = 0 AND decided_at IS NOT NULL ORDER BY ms`)
      .all(since) as { ms: number }[]
  ).map((r) => r.ms);

  const refused = (prefix: string) => one(`SELECT count(*) n FROM audit_log WHERE at >= ? AND type = 'refused' AND json_extract(data, '$.action') LIKE ?`, since, `${prefix}%`);

  const sessions = (where: string) => one(`SELECT count(*) n FROM support_sessions WHERE created_at >= ? AND ${where}`, since);
  const started = sessions('started_at IS NOT NULL');
  const ended = sessions(`status = 'ended'`);
  const escalated = one(
    `SELECT count(DISTINCT s.id) n FROM support_sessions s JOIN support_escalations e ON e.session_id = s.id WHERE s.created_at >= ? AND s.started_at IS NOT NULL`,
    since,
  );
  const documented = sessions(`status = 'ended' AND documented_at IS NOT NULL`);
  const resolution = db.$client
    .prepare(`SELECT avg(ended_at - created_at) AS avg FROM support_sessions WHERE created_at >= ? AND status = 'ended'`)
    .get(since) as { avg: number | null };

  return {
    since: options.since === undefined ? null : new Date(options.since).toISOString(),
    generatedAt: new Date(options.now).toISOString(),
    access: {
      requests: one('SELECT count(*) n FROM requests WHERE created_at >= ?', since),
      approved: count('approved'),
      denied: count('denied'),
      cancelled: count('cancelled'),
      expired: count('expired'),
      pending: count('pending'),
      autoApproved: one('SELECT count(*) n FROM requests WHERE created_at >= ? AND auto_approved = 1', since),
      breakGlass: one('SELECT count(*) n FROM requests WHERE created_at >= ? AND break_glass = 1', since),
      breakGlassReviewsOverdue: one(
        `SELECT count(*) n FROM break_glass_reviews r JOIN requests q ON q.id = r.request_id WHERE q.created_at >= ? AND r.status = 'open' AND r.due_at <= ?`,
        since,
        options.now,
      ),
      timeToDecision: { count: decisions.length, medianMs: percentile(decisions, 50), p90Ms: percentile(decisions, 90) },
      revocationsFailing: one(`SELECT count(*) n FROM grants WHERE status = 'revoke_failed'`),
      refusedActions: refused('access.') + refused('break_glass.'),
    },
    support: {
      requests: sessions('1 = 1'),
      started,
      ended,
      averageResolutionMs: resolution.avg === null ? null : Math.round(resolution.avg),
      escalationShare: started === 0 ? null : escalated / started,
      documentationCompleteness: ended === 0 ? null : documented / ended,
      deviations: {
        consentDeclined: sessions(`status = 'declined'`),
        consentExpired: sessions(`status = 'consent_expired'`),
        idleTerminations: sessions(`end_reason = 'idle'`),
        undocumentedClosures: sessions(`status = 'ended' AND documented_at IS NULL`),
        refusedActions: refused('support.'),
      },
    },
  };
}
