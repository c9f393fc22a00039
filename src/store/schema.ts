/** The database schema. drizzle-kit generates `migrations/` from this file; never edit a committed migration. */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { GrantEndReason, GrantKind, GrantStatus, Platform, RequestStatus, ReviewOutcome, TaskAction } from '../core/types.js';
import type { EscalationKind, EscalationStatus, SessionDocumentation, SessionEndReason, SessionScope, SessionStatus, SupportUrgency } from '../core/support-types.js';

export const requests = sqliteTable(
  'requests',
  {
    id: text('id').primaryKey(),
    requesterEmail: text('requester_email').notNull(),
    requesterPlatform: text('requester_platform').$type<Platform>().notNull(),
    requesterPlatformUserId: text('requester_platform_user_id'),
    resourceId: text('resource_id').notNull(),
    durationMs: integer('duration_ms').notNull(),
    justification: text('justification').notNull(),
    status: text('status').$type<RequestStatus>().notNull(),
    approvalsRequired: integer('approvals_required').notNull(),
    breakGlass: integer('break_glass', { mode: 'boolean' }).notNull(),
    autoApproved: integer('auto_approved', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
    pendingUntil: integer('pending_until').notNull(),
    decidedAt: integer('decided_at'),
    decidedByEmail: text('decided_by_email'),
    decisionReason: text('decision_reason'),
    policyHash: text('policy_hash').notNull(),
  },
  (t) => [
    index('requests_status_pending_until').on(t.status, t.pendingUntil),
    index('requests_requester_status').on(t.requesterEmail, t.status),
  ],
);

export const approvals = sqliteTable(
  'approvals',
  {
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    approverEmail: text('approver_email').notNull(),
    platform: text('platform').$type<Platform>().notNull(),
    platformUserId: text('platform_user_id'),
    at: integer('at').notNull(),
  },
  // One approval per person per request, enforced by the database as well as the engine.
  (t) => [primaryKey({ columns: [t.requestId, t.approverEmail] })],
);

export const grants = sqliteTable(
  'grants',
  {
    id: text('id').primaryKey(),
    /** `access`: requestId is an access request. `support`: requestId is a support session. */
    kind: text('kind').$type<GrantKind>().notNull().default('access'),
    requestId: text('request_id').notNull(),
    subjectEmail: text('subject_email').notNull(),
    resourceId: text('resource_id').notNull(),
    status: text('status').$type<GrantStatus>().notNull(),
    durationMs: integer('duration_ms').notNull(),
    approvers: text('approvers', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    provisionedAt: integer('provisioned_at'),
    expiresAt: integer('expires_at'),
    endedAt: integer('ended_at'),
    endReason: text('end_reason').$type<GrantEndReason>(),
    revokedAt: integer('revoked_at'),
    coveredByGrantId: text('covered_by_grant_id'),
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    warnedAt: integer('warned_at'),
  },
  (t) => [
    // One grant per request: two approvers racing can never produce two grants.
    uniqueIndex('grants_request_id').on(t.requestId),
    index('grants_status_expires_at').on(t.status, t.expiresAt),
    index('grants_subject_resource').on(t.subjectEmail, t.resourceId, t.status),
  ],
);

export const fulfilmentTasks = sqliteTable(
  'fulfilment_tasks',
  {
    id: text('id').primaryKey(),
    grantId: text('grant_id')
      .notNull()
      .references(() => grants.id),
    action: text('action').$type<TaskAction>().notNull(),
    status: text('status').$type<'open' | 'done'>().notNull(),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
    doneByEmail: text('done_by_email'),
    /**
     * Who was sent the task's Mark done card. Closing the task edits exactly these copies: the
     * policy may have changed since, and a card must not be left live, nor edited for someone who
     * never got it. The default lets the column be added to a table that has rows; migration 0008
     * then fills it in from the audit trail.
     */
    fulfillers: text('fulfillers', { mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (t) => [index('fulfilment_tasks_grant').on(t.grantId, t.action, t.status)],
);

export const breakGlassReviews = sqliteTable(
  'break_glass_reviews',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => requests.id),
    status: text('status').$type<'open' | 'done'>().notNull(),
    dueAt: integer('due_at').notNull(),
    overdueFlaggedAt: integer('overdue_flagged_at'),
    reviewerEmail: text('reviewer_email'),
    outcome: text('outcome').$type<ReviewOutcome>(),
    notes: text('notes'),
    reviewedAt: integer('reviewed_at'),
  },
  (t) => [index('break_glass_reviews_status_due').on(t.status, t.dueAt)],
);

/**
 * Append-only and hash-chained; triggers in custom migrations refuse UPDATE, DELETE and REPLACE.
 * `body` is the record's canonical text, exactly the bytes its hash covers: verifying reads and
 * hashes, and nothing stored beside the body can disagree with it. The other columns are computed
 * from the body when read (never stored), so queries by type, actor, subject or time keep working;
 * they are NULL for a body that is not a record (one already invalid when migration 0006 ran).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    body: text('body').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    at: integer('at').generatedAlwaysAs(sql`body ->> '$.at'`, { mode: 'virtual' }),
    type: text('type').generatedAlwaysAs(sql`body ->> '$.type'`, { mode: 'virtual' }),
    actorEmail: text('actor_email').generatedAlwaysAs(sql`body ->> '$.actor.email'`, { mode: 'virtual' }),
    actorPlatform: text('actor_platform').$type<Platform>().generatedAlwaysAs(sql`body ->> '$.actor.platform'`, { mode: 'virtual' }),
    actorPlatformUserId: text('actor_platform_user_id').generatedAlwaysAs(sql`body ->> '$.actor.platformUserId'`, { mode: 'virtual' }),
    subject: text('subject').generatedAlwaysAs(sql`body ->> '$.subject'`, { mode: 'virtual' }),
    /** The JSON text of the record's data object, as the body holds it (canonical). */
    data: text('data').generatedAlwaysAs(sql`body -> '$.data'`, { mode: 'virtual' }),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_subject').on(t.subject)],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    orderingKey: text('ordering_key').notNull(),
    status: text('status').$type<'pending' | 'done' | 'dead'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimToken: text('claim_token'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
  },
  (t) => [
    index('outbox_status_next_attempt').on(t.status, t.nextAttemptAt),
    index('outbox_key_status_id').on(t.orderingKey, t.status, t.id),
  ],
);

/** Platform user id -> email, remembered so people keep one identity across Slack and Teams. */
export const identities = sqliteTable(
  'identities',
  {
    platform: text('platform').$type<Platform>().notNull(),
    platformUserId: text('platform_user_id').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.platformUserId] }), index('identities_email').on(t.email)],
);

/**
 * Every chat message Gatehouse posted, by the outbox effect that posted it: delivering an effect
 * twice finds its message here, and a decision edits every copy of a request's cards.
 */
export const chatMessages = sqliteTable(
  'chat_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').$type<Platform>().notNull(),
    effectId: integer('effect_id').notNull(),
    subject: text('subject').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    conversationId: text('conversation_id').notNull(),
    messageId: text('message_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('chat_messages_effect').on(t.platform, t.effectId, t.recipient), index('chat_messages_subject').on(t.platform, t.subject, t.kind)],
);

/** Ids of inbound platform deliveries already handled, so a retried delivery never acts twice. */
export const inboundDeliveries = sqliteTable('inbound_deliveries', {
  id: text('id').primaryKey(),
  receivedAt: integer('received_at').notNull(),
});

/**
 * Where a chat platform can reach a conversation without being spoken to first (Teams needs the
 * service URL and conversation id of a personal chat or channel to send proactively). Kept per
 * conversation; `email` is set for a personal chat once its person is known.
 */
export const conversationRefs = sqliteTable(
  'conversation_refs',
  {
    platform: text('platform').$type<Platform>().notNull(),
    conversationId: text('conversation_id').notNull(),
    /** `personal`, `channel` or `groupChat`. */
    conversationType: text('conversation_type').notNull(),
    serviceUrl: text('service_url').notNull(),
    tenantId: text('tenant_id'),
    email: text('email'),
    platformUserId: text('platform_user_id'),
    botId: text('bot_id').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.conversationId] }), index('conversation_refs_email').on(t.platform, t.email)],
);

export const supportSessions = sqliteTable(
  'support_sessions',
  {
    id: text('id').primaryKey(),
    endUserEmail: text('end_user_email').notNull(),
    endUserPlatform: text('end_user_platform').notNull(),
    endUserPlatformUserId: text('end_user_platform_user_id'),
    description: text('description').notNull(),
    device: text('device'),
    urgency: text('urgency').$type<SupportUrgency>().notNull(),
    ticketRef: text('ticket_ref'),
    status: text('status').$type<SessionStatus>().notNull(),
    technicianEmail: text('technician_email'),
    offeredToEmail: text('offered_to_email'),
    scope: text('scope', { mode: 'json' }).$type<SessionScope>(),
    createdAt: integer('created_at').notNull(),
    claimedAt: integer('claimed_at'),
    scopedAt: integer('scoped_at'),
    consentRequestedAt: integer('consent_requested_at'),
    consentExpiresAt: integer('consent_expires_at'),
    consentedAt: integer('consented_at'),
    startedAt: integer('started_at'),
    lastActivityAt: integer('last_activity_at'),
    idleWarnedAt: integer('idle_warned_at'),
    endedAt: integer('ended_at'),
    endReason: text('end_reason').$type<SessionEndReason>(),
    documentation: text('documentation', { mode: 'json' }).$type<SessionDocumentation>(),
    documentedAt: integer('documented_at'),
    docRemindedAt: integer('doc_reminded_at'),
    docReminders: integer('doc_reminders').notNull().default(0),
    policyHash: text('policy_hash').notNull(),
  },
  (t) => [
    index('support_sessions_status').on(t.status, t.createdAt),
    index('support_sessions_technician').on(t.technicianEmail, t.status),
    index('support_sessions_end_user').on(t.endUserEmail, t.status),
  ],
);

export const supportEscalations = sqliteTable(
  'support_escalations',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => supportSessions.id),
    kind: text('kind').$type<EscalationKind>().notNull(),
    description: text('description').notNull(),
    durationMs: integer('duration_ms'),
    status: text('status').$type<EscalationStatus>().notNull(),
    requestedByEmail: text('requested_by_email').notNull(),
    requestedAt: integer('requested_at').notNull(),
    decidedByEmail: text('decided_by_email'),
    decidedAt: integer('decided_at'),
    reason: text('reason'),
    expiresAt: integer('expires_at'),
  },
  (t) => [index('support_escalations_session').on(t.sessionId, t.status)],
);

export const supportNotes = sqliteTable(
  'support_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => supportSessions.id),
    authorEmail: text('author_email').notNull(),
    text: text('text').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('support_notes_session').on(t.sessionId, t.at)],
);
