/** Buttons and forms of remote-support sessions. Ids and fields are parsed here; the engine decides. */
import { z } from 'zod';
import { parseDuration } from '../src/core/duration.js';
import type { Engine } from '../src/core/create-engine.js';
import type { Actor } from '../src/core/types.js';
import { entityIdSchema } from './access-actions.js';
import { attempt, invalid, refuseInput, type CommandResult } from './command-result.js';

type Unexpected = (error: unknown) => void;

/** Runs with the id when it is one Gatehouse could have issued; anything else is an audited refusal. */
function withId(engine: Engine, actor: Actor, action: string, id: unknown, onUnexpected: Unexpected, run: (id: string) => CommandResult): CommandResult {
  const parsed = entityIdSchema.safeParse(id);
  if (parsed.success) return run(parsed.data);
  return refuseInput(engine, { actor, action, value: id, message: 'That button does not belong to a Gatehouse support session.' }, onUnexpected);
}

export const scopeFormSchema = z.object({
  device: z.string().trim().min(1, { error: 'Name the device.' }).max(200, { error: 'Keep the device name under 200 characters.' }),
  interaction: z.enum(['view', 'control'], { error: 'Choose view only or control.' }),
  adminRights: z.boolean(),
  prohibitedActions: z.array(z.string().trim().min(1).max(300)).max(30, { error: 'List at most 30 prohibited actions.' }),
});

export type ScopeForm = z.infer<typeof scopeFormSchema>;

/** The scope form as typed: prohibited actions one per line. */
export function parseScopeForm(fields: { device?: string | null; interaction?: string | null; adminRights?: boolean; prohibited?: string | null }):
  | { ok: true; scope: ScopeForm }
  | { ok: false; errors: Partial<Record<'device' | 'interaction' | 'prohibitedActions', string>> } {
  const parsed = scopeFormSchema.safeParse({
    device: fields.device ?? '',
    interaction: fields.interaction ?? undefined,
    adminRights: fields.adminRights ?? false,
    prohibitedActions: (fields.prohibited ?? '').split('\n').map((l) => l.trim()).filter((l) => l.length > 0),
  });
  if (parsed.success) return { ok: true, scope: parsed.data };
  const errors: Partial<Record<'device' | 'interaction' | 'prohibitedActions', string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof typeof errors;
    errors[key] ??= issue.path[0] === 'prohibitedActions' && issue.path.length > 1 ? 'Each prohibited action must be under 300 characters.' : issue.message;
  }
  return { ok: false, errors };
}

const text = (max: number, empty: string) => z.string().trim().min(1, { error: empty }).max(max, { error: `Keep it under ${max.toLocaleString('en')} characters.` });

export function claimAction(engine: Engine, actor: Actor, sessionId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'support.claim', sessionId, onUnexpected, (id) => attempt(() => {
    const session = engine.support.claim({ actor, sessionId: id });
    return `You claimed ${session.endUserEmail}'s request. Define the scope next: nothing starts before the scope is recorded and the user consents.`;
  }, onUnexpected));
}

export function reassignAction(engine: Engine, actor: Actor, sessionId: unknown, technician: unknown, onUnexpected: Unexpected): CommandResult {
  const to = z.string().email().safeParse(technician);
  if (!to.success) return invalid('Choose a technician.', 'technician');
  return withId(engine, actor, 'support.reassign', sessionId, onUnexpected, (id) => attempt(() => {
    engine.support.reassign({ actor, sessionId: id, technicianEmail: to.data });
    return `Reassigned to ${to.data}.`;
  }, onUnexpected));
}

export function scopeAction(engine: Engine, actor: Actor, sessionId: unknown, scope: ScopeForm, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'support.scope', sessionId, onUnexpected, (id) => attempt(() => {
    const session = engine.support.setScope({ actor, sessionId: id, scope });
    return session.status === 'awaiting_approval'
      ? 'Scope recorded. Admin rights need an escalation approver; the user is asked for consent once it is approved.'
      : `Scope recorded. ${session.endUserEmail} is asked for consent now.`;
  }, onUnexpected));
}

export function escalationDecisionAction(engine: Engine, actor: Actor, escalationId: unknown, approve: boolean, reason: unknown, onUnexpected: Unexpected): CommandResult {
  let why: string | undefined;
  if (!approve) {
    const parsed = text(2_000, 'Give a reason: the technician will read it.').safeParse(reason ?? '');
    if (!parsed.success) return invalid(parsed.error.issues[0]!.message, 'reason');
    why = parsed.data;
  }
  return withId(engine, actor, approve ? 'support.escalation_approve' : 'support.escalation_deny', escalationId, onUnexpected, (id) => attempt(() => {
    const decided = engine.support.decideEscalation({ actor, escalationId: id, approve, reason: why });
    return approve ? `Approved: ${decided.description}.` : `Denied: ${decided.description}.`;
  }, onUnexpected));
}

export function consentAction(engine: Engine, actor: Actor, sessionId: unknown, allow: boolean, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, allow ? 'support.consent' : 'support.decline', sessionId, onUnexpected, (id) => attempt(() => {
    const session = engine.support.respondConsent({ actor, sessionId: id, allow });
    return allow ? `You allowed ${session.technicianEmail} to connect. You can stop the session at any time.` : 'You declined. Nobody will connect to your device.';
  }, onUnexpected));
}

export function elevationAction(engine: Engine, actor: Actor, sessionId: unknown, fields: { description?: string | null; duration?: string | null }, onUnexpected: Unexpected): CommandResult {
  const description = text(2_000, 'Describe the privileged action.').safeParse(fields.description ?? '');
  if (!description.success) return invalid(description.error.issues[0]!.message, 'description');
  const durationMs = parseDuration(fields.duration ?? '');
  if (durationMs === null) return invalid('Use a whole number and s, m or h, like 15m.', 'duration');
  return withId(engine, actor, 'support.elevation', sessionId, onUnexpected, (id) => attempt(() => {
    engine.support.requestElevation({ actor, sessionId: id, description: description.data, durationMs });
    return 'Elevation requested; an escalation approver other than you decides.';
  }, onUnexpected));
}

export function noteAction(engine: Engine, actor: Actor, sessionId: unknown, note: unknown, onUnexpected: Unexpected): CommandResult {
  const parsed = text(3_000, 'The note is empty.').safeParse(note ?? '');
  if (!parsed.success) return invalid(parsed.error.issues[0]!.message, 'note');
  return withId(engine, actor, 'support.note', sessionId, onUnexpected, (id) => attempt(() => {
    engine.support.addNote({ actor, sessionId: id, text: parsed.data });
    return 'Note added to the session record.';
  }, onUnexpected));
}

export function endSessionAction(engine: Engine, actor: Actor, sessionId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'support.end', sessionId, onUnexpected, (id) => attempt(() => {
    const session = engine.support.end({ actor, sessionId: id });
    return session.endReason === 'stopped_by_user' ? 'You stopped the session; access is being revoked.' : 'Session ended; access is being revoked. Please document what you did.';
  }, onUnexpected));
}

export function cancelSupportAction(engine: Engine, actor: Actor, sessionId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'support.cancel', sessionId, onUnexpected, (id) => attempt(() => {
    engine.support.cancel({ actor, sessionId: id });
    return 'Your support request is cancelled.';
  }, onUnexpected));
}

export function documentAction(engine: Engine, actor: Actor, sessionId: unknown, fields: { actionsTaken?: string | null; outcome?: string | null; followUps?: string | null }, onUnexpected: Unexpected): CommandResult {
  const actions = text(3_000, 'Say what you did.').safeParse(fields.actionsTaken ?? '');
  if (!actions.success) return invalid(actions.error.issues[0]!.message, 'actionsTaken');
  const outcome = text(3_000, 'Say how it ended.').safeParse(fields.outcome ?? '');
  if (!outcome.success) return invalid(outcome.error.issues[0]!.message, 'outcome');
  const followUps = z.string().trim().max(3_000, { error: 'Keep follow-ups under 3,000 characters.' }).safeParse(fields.followUps ?? '');
  if (!followUps.success) return invalid(followUps.error.issues[0]!.message, 'followUps');
  return withId(engine, actor, 'support.document', sessionId, onUnexpected, (id) => attempt(() => {
    engine.support.document({ actor, sessionId: id, documentation: { actionsTaken: actions.data, outcome: outcome.data, followUps: followUps.data } });
    return 'Thank you: the session is documented and the closure summary is on its way.';
  }, onUnexpected));
}
