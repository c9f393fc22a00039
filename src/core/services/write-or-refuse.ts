/**
 * Every refusal is audited, and the audit record must commit even though the action does not.
 * Work returns either its result or a `Refusal`; the refusal's audit record commits with the
 * transaction and the caller then gets the DomainError.
 */
import type { AuditEventInput } from '../audit.js';
import { DomainError, type ErrorCode } from '../errors.js';
import type { EngineDeps, WriteTx } from '../ports.js';
import type { Actor } from '../types.js';

export class Refusal {
  constructor(readonly error: DomainError) {}
}

export interface RefusalInput {
  actor: Actor;
  action: string;
  code: ErrorCode;
  reason: string;
  subject: string | null;
  data?: Record<string, unknown>;
}

/** Records the refusal in the audit log and returns the value to hand back from the work. */
export function refuse(tx: WriteTx, deps: Pick<EngineDeps, 'policy'>, input: RefusalInput): Refusal {
  const event: AuditEventInput = {
    type: 'refused',
    actor: input.actor,
    subject: input.subject,
    data: { action: input.action, code: input.code, reason: input.reason, policyHash: deps.policy().hash, ...input.data },
  };
  tx.audit.append(event);
  return new Refusal(new DomainError(input.code, input.reason, input.data ?? {}));
}

export function writeOrRefuse<T>(deps: Pick<EngineDeps, 'store'>, work: (tx: WriteTx) => T | Refusal): T {
  const result = deps.store.write(work);
  if (result instanceof Refusal) throw result.error;
  return result;
}
