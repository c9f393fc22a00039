/** Audit records: what happened, who did it, to what, and why; the store chains them by hash. */
import type { Actor } from './types.js';

export interface AuditEventInput {
  type: string;
  actor: Actor;
  /** The request, grant, review or session the event is about. */
  subject: string | null;
  data: Record<string, unknown>;
}

export interface AuditRecord extends AuditEventInput {
  seq: number;
  at: number;
  prevHash: string;
  hash: string;
}
