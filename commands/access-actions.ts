/**
 * The button actions on access cards (approve, deny, cancel, end now, mark done, review). Ids from
 * the platform are parsed here; the engine decides, and its refusals become plain sentences.
 */
import { z } from 'zod';
import type { Engine } from '../src/core/create-engine.js';
import type { Actor, ReviewOutcome } from '../src/core/types.js';
import { attempt, invalid, refuseInput, type CommandResult } from './command-result.js';

/** Engine ids are a prefix, an underscore and a token; anything else never reaches the engine. */
export const entityIdSchema = z.string().regex(/^[a-z]{2,6}_[A-Za-z0-9]{1,64}$/);

const reasonSchema = z.string().trim().min(1, { error: 'Give a reason: the requester will read it.' }).max(2_000, { error: 'Keep the reason under 2,000 characters.' });
const notesSchema = z.string().trim().max(3_000, { error: 'Keep the notes under 3,000 characters.' });

type Unexpected = (error: unknown) => void;

/** Runs with the id when it is one Gatehouse could have issued; anything else is an audited refusal. */
function withId(engine: Engine, actor: Actor, action: string, id: unknown, onUnexpected: Unexpected, run: (id: string) => CommandResult): CommandResult {
  const parsed = entityIdSchema.safeParse(id);
  if (parsed.success) return run(parsed.data);
  return refuseInput(engine, { actor, action, value: id, message: 'That button does not belong to a Gatehouse request.' }, onUnexpected);
}

export function approveAction(engine: Engine, actor: Actor, requestId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'access.approve', requestId, onUnexpected, (id) =>
    attempt(() => {
      const result = engine.approveRequest({ actor, requestId: id });
      return result.approved
        ? `You approved ${result.request.requesterEmail}'s request for ${result.request.resourceId}.`
        : `Your approval is recorded (${result.approvedBy.length} of ${result.request.approvalsRequired}); it still needs another approver.`;
    }, onUnexpected),
  );
}

export function denyAction(engine: Engine, actor: Actor, requestId: unknown, reason: unknown, onUnexpected: Unexpected): CommandResult {
  const parsedReason = reasonSchema.safeParse(reason);
  if (!parsedReason.success) return invalid(parsedReason.error.issues[0]!.message, 'reason');
  return withId(engine, actor, 'access.deny', requestId, onUnexpected, (id) =>
    attempt(() => {
      const request = engine.denyRequest({ actor, requestId: id, reason: parsedReason.data });
      return `You denied ${request.requesterEmail}'s request for ${request.resourceId}.`;
    }, onUnexpected),
  );
}

export function cancelAction(engine: Engine, actor: Actor, requestId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'access.cancel', requestId, onUnexpected, (id) =>
    attempt(() => {
      const request = engine.cancelRequest({ actor, requestId: id });
      return `Your request for ${request.resourceId} is cancelled.`;
    }, onUnexpected),
  );
}

export function endGrantAction(engine: Engine, actor: Actor, grantId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'access.end', grantId, onUnexpected, (id) =>
    attempt(() => {
      engine.endGrant({ actor, grantId: id });
      return 'Your access is ending now; you will get a summary when the provider confirms it is revoked.';
    }, onUnexpected),
  );
}

export function confirmFulfilmentAction(engine: Engine, actor: Actor, taskId: unknown, onUnexpected: Unexpected): CommandResult {
  return withId(engine, actor, 'access.fulfil', taskId, onUnexpected, (id) =>
    attempt(() => {
      engine.confirmFulfilment({ actor, taskId: id });
      return 'Marked done. Thank you.';
    }, onUnexpected),
  );
}

export function reviewAction(engine: Engine, actor: Actor, reviewId: unknown, outcome: unknown, notes: unknown, onUnexpected: Unexpected): CommandResult {
  if (outcome !== 'appropriate' && outcome !== 'inappropriate') {
    return refuseInput(engine, { actor, action: 'break_glass.review', value: { reviewId, outcome }, message: 'This review form is damaged; open it again from the card.', field: 'notes' }, onUnexpected);
  }
  const parsedNotes = notesSchema.safeParse(notes ?? '');
  if (!parsedNotes.success) return invalid(parsedNotes.error.issues[0]!.message, 'notes');
  return withId(engine, actor, 'break_glass.review', reviewId, onUnexpected, (id) =>
    attempt(() => {
      engine.reviewBreakGlass({ actor, reviewId: id, outcome: outcome satisfies ReviewOutcome, notes: parsedNotes.data });
      return `Review recorded: ${outcome}.`;
    }, onUnexpected),
  );
}
