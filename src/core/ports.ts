/** The engine's view of the outside world. Adapters implement these; tests swap in fakes. */
import type { AuditEventInput, AuditRecord } from './audit.js';
import type { EffectInput, OutboxRow, PrivateReply } from './effects.js';
import type { Notification, Recipient } from './notifications.js';
import type { Policy } from './policy.js';
import type { Escalation, EscalationStatus, SessionNote, SessionStatus, SupportSession } from './support-types.js';
import type {
  AccessRequest,
  Approval,
  BreakGlassReview,
  FulfilmentTask,
  Grant,
  GrantStatus,
  RequestStatus,
} from './types.js';

export interface Clock {
  now(): number;
}

export interface IdSource {
  /** A new unique id with a readable prefix (`req`, `grt`, ...). */
  next(prefix: string): string;
}

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface RequestRepo {
  get(id: string): AccessRequest | null;
  insert(request: AccessRequest): void;
  /** Compare-and-set: changes the row only while it is still in `from`; false when it was not. */
  transition(id: string, from: RequestStatus, patch: Partial<AccessRequest> & { status: RequestStatus }): boolean;
  listPendingDue(now: number, limit: number): AccessRequest[];
  listPendingFor(requesterEmail: string): AccessRequest[];
  listPending(limit: number): AccessRequest[];
}

export interface ApprovalRepo {
  /** False when this person already approved this request. */
  insert(approval: Approval): boolean;
  list(requestId: string): Approval[];
}

export interface GrantRepo {
  get(id: string): Grant | null;
  getByRequest(requestId: string): Grant | null;
  insert(grant: Grant): void;
  transition(id: string, from: readonly GrantStatus[], patch: Partial<Grant> & { status: GrantStatus }): boolean;
  /** Patch fields without a status change, still only while the grant is in one of `from`. */
  update(id: string, from: readonly GrantStatus[], patch: Partial<Grant>): boolean;
  listActiveDue(now: number, limit: number): Grant[];
  listActiveEndingBefore(until: number, limit: number): Grant[];
  /** Other live grants (provisioning, provision_failed, active) for one person and resource. */
  listLiveFor(subjectEmail: string, resourceId: string): Grant[];
  listLiveOf(subjectEmail: string): Grant[];
}

export interface TaskRepo {
  get(id: string): FulfilmentTask | null;
  insert(task: FulfilmentTask): void;
  close(id: string, doneByEmail: string, at: number): boolean;
  /** Closes an open task nobody did because its grant ended first (no one is recorded as doing it). */
  retire(id: string, at: number): boolean;
  openFor(grantId: string, action: FulfilmentTask['action']): FulfilmentTask | null;
}

export interface ReviewRepo {
  get(id: string): BreakGlassReview | null;
  insert(review: BreakGlassReview): void;
  complete(id: string, patch: Pick<BreakGlassReview, 'reviewerEmail' | 'outcome' | 'notes' | 'reviewedAt'>): boolean;
  listOverdueUnflagged(now: number, limit: number): BreakGlassReview[];
  markFlagged(id: string, at: number): boolean;
}

export interface AuditLog {
  append(event: AuditEventInput): AuditRecord;
}

export interface OutboxWriter {
  enqueue(input: EffectInput): void;
}

export interface OutboxQueue {
  /** Claims up to `limit` due effects whose earlier same-key effects are all done. */
  claimDue(now: number, limit: number, claimForMs: number, token: string): OutboxRow[];
  /** Marks one claimed effect done; false when the claim was lost to another worker. */
  complete(id: number, token: string, now: number): boolean;
  /** Records a failed attempt and when to try again; `dead` gives up (notifications only). */
  fail(id: number, token: string, error: string, retryAt: number, dead: boolean): boolean;
}

export interface SessionRepo {
  get(id: string): SupportSession | null;
  insert(session: SupportSession): void;
  /** Compare-and-set from any of `from`; false when the session had moved on. */
  transition(id: string, from: readonly SessionStatus[], patch: Partial<SupportSession> & { status: SessionStatus }): boolean;
  update(id: string, from: readonly SessionStatus[], patch: Partial<SupportSession>): boolean;
  listByStatus(status: SessionStatus, limit: number): SupportSession[];
  listFor(email: string): SupportSession[];
  /** Open sessions created before `before` that were not offered to anyone yet. */
  listUnofferedOpen(before: number, limit: number): SupportSession[];
  /** Ended, undocumented sessions whose last reminder (or end) is at or before `before`. */
  listUndocumentedDue(before: number, limit: number): SupportSession[];
  /** Sessions each technician holds now (claimed, waiting or active). */
  loadOf(technicians: string[]): Map<string, number>;
}

export interface EscalationRepo {
  get(id: string): Escalation | null;
  insert(escalation: Escalation): void;
  transition(id: string, from: EscalationStatus, patch: Partial<Escalation> & { status: EscalationStatus }): boolean;
  listForSession(sessionId: string): Escalation[];
  listApprovedLapsed(now: number, limit: number): Escalation[];
}

export interface NoteRepo {
  insert(note: SessionNote): void;
  list(sessionId: string): SessionNote[];
}

/** One synchronous write transaction: state, audit and outbox commit together or not at all. */
export interface WriteTx {
  sessions: SessionRepo;
  escalations: EscalationRepo;
  notes: NoteRepo;
  requests: RequestRepo;
  approvals: ApprovalRepo;
  grants: GrantRepo;
  tasks: TaskRepo;
  reviews: ReviewRepo;
  audit: AuditLog;
  outbox: OutboxWriter & OutboxQueue;
}

export interface Store {
  /** Runs `work` in one IMMEDIATE transaction. `work` must be synchronous: never await inside. */
  write<T>(work: (tx: WriteTx) => T): T;
  read<T>(work: (tx: WriteTx) => T): T;
}

/** What a provider sees of a grant (also the webhook payload). */
export interface ProviderGrant {
  id: string;
  request_id: string;
  resource: string;
  subject_email: string;
  expires_at: string | null;
  approvers: string[];
}

/** `done`: the provider confirmed. `pending`: a person has to do it (manual fulfilment). */
export type ProviderOutcome = { status: 'done' } | { status: 'pending' };

export interface AccessProvider {
  grant(grant: ProviderGrant): Promise<ProviderOutcome>;
  revoke(grant: ProviderGrant): Promise<ProviderOutcome>;
  check?(grant: ProviderGrant): Promise<'present' | 'absent' | 'unknown'>;
}

export interface ProviderResolver {
  /** The provider serving one resource (or the support provider, id `support`). */
  forResource(resourceId: string): AccessProvider;
}

export interface Notifier {
  /** Delivers one notification; must tolerate being called twice with the same `effectId`. */
  deliver(recipient: Recipient, notification: Notification, effectId: number): Promise<void>;
  /** Delivers one private reply; must tolerate being called twice with the same `effectId`. */
  reply(reply: PrivateReply, effectId: number): Promise<void>;
}

export interface EngineDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  policy: () => Policy;
  providers: ProviderResolver;
  notifier: Notifier;
  logger: Logger;
}
