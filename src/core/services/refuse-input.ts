/**
 * Input the adapters refuse before any use case runs (an id Gatehouse never issued, a form whose
 * hidden fields were damaged) is still a refusal of someone known, so it is audited like the
 * engine's own. What was sent is kept, cut short: it is the evidence of what was tried.
 */
import type { EngineDeps } from '../ports.js';
import { normalizeEmail } from '../principals.js';
import type { Actor } from '../types.js';
import { refuse } from './write-or-refuse.js';

export const REFUSED_VALUE_MAX = 200;

export interface InputRefusal {
  actor: Actor;
  action: string;
  reason: string;
  /** What arrived in place of the id or form data. */
  value: unknown;
}

export function refuseInput(deps: Pick<EngineDeps, 'store' | 'policy'>, input: InputRefusal): void {
  const actor = { ...input.actor, email: normalizeEmail(input.actor.email) };
  const text = typeof input.value === 'string' ? input.value : (JSON.stringify(input.value) ?? String(input.value));
  deps.store.write((tx) => {
    refuse(tx, deps, { actor, action: input.action, code: 'INVALID_INPUT', reason: input.reason, subject: null, data: { value: text.slice(0, REFUSED_VALUE_MAX) } });
  });
}
