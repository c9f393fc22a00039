/**
 * `/request-access`: the grammar is `[emergency] RESOURCE [DURATION] JUSTIFICATION...`, `help`, or
 * nothing (opens the form). The same parser serves Slack's slash command and Teams' chat command.
 */
import { z } from 'zod';
import { formatDuration, humanizeDuration, parseDuration } from '../src/core/duration.js';
import type { Engine } from '../src/core/create-engine.js';
import type { Actor } from '../src/core/types.js';
import { attempt, invalid, type CommandResult } from './command-result.js';

export type RequestAccessCommand =
  | { kind: 'help' }
  | { kind: 'form'; resourceId?: string; breakGlass: boolean }
  | { kind: 'submit'; input: AccessRequestInput }
  | { kind: 'invalid'; message: string };

const RESOURCE_ID = /^[a-z0-9][a-z0-9_-]*$/;
const EMERGENCY_WORDS = new Set(['emergency', 'break-glass', 'breakglass']);
/** Slack caps command text at 4,000 characters; anything longer was not typed by a person. */
export const MAX_COMMAND_TEXT = 4_000;

/** The fields of a request, validated the same way whether they came from a command or a form. */
export const accessRequestInputSchema = z.object({
  resourceId: z
    .string({ error: 'choose a resource' })
    .trim()
    .min(1, { error: 'choose a resource' })
    .regex(RESOURCE_ID, { error: 'a resource id is lowercase letters, digits, - and _' }),
  durationMs: z.number().int().positive().optional(),
  justification: z.string().trim().min(1, { error: 'say why you need this access' }).max(3_000, { error: 'keep the justification under 3,000 characters' }),
  breakGlass: z.boolean().default(false),
});

export type AccessRequestInput = z.infer<typeof accessRequestInputSchema>;

export function parseRequestAccessText(raw: string): RequestAccessCommand {
  const text = raw.trim();
  if (text.length > MAX_COMMAND_TEXT) return { kind: 'invalid', message: 'That command is too long.' };
  if (text === '') return { kind: 'form', breakGlass: false };
  if (/^(help|-h|--help|\?)$/i.test(text)) return { kind: 'help' };
  const tokens = text.split(/\s+/);
  let breakGlass = false;
  if (EMERGENCY_WORDS.has(tokens[0]!.toLowerCase())) {
    breakGlass = true;
    tokens.shift();
    if (tokens.length === 0) return { kind: 'form', breakGlass: true };
  }
  const resourceId = tokens.shift()!.toLowerCase();
  if (!RESOURCE_ID.test(resourceId)) return { kind: 'invalid', message: `"${resourceId}" is not a resource id. Try \`/request-access help\`.` };
  if (tokens.length === 0) return { kind: 'form', resourceId, breakGlass };
  let durationMs: number | undefined;
  const durationToken = tokens[0]!;
  const duration = parseDuration(durationToken);
  if (duration !== null) {
    durationMs = duration;
    tokens.shift();
  } else if (/^\d+[a-z]*$/i.test(durationToken)) {
    return { kind: 'invalid', message: `"${durationToken}" is not a duration: use a whole number and s, m, h or d, like 30m or 2h.` };
  }
  const justification = tokens.join(' ');
  if (justification === '') {
    return { kind: 'invalid', message: `Add a justification: \`/request-access ${resourceId} ${durationToken} WHY YOU NEED IT\`.` };
  }
  const parsed = accessRequestInputSchema.safeParse({ resourceId, durationMs, justification, breakGlass });
  if (!parsed.success) return { kind: 'invalid', message: parsed.error.issues[0]!.message };
  return { kind: 'submit', input: parsed.data };
}

/** The request form's raw fields (strings as typed), validated into an input or per-field errors. */
export function parseRequestForm(fields: { resource?: string | null; duration?: string | null; justification?: string | null; breakGlass?: boolean }):
  | { ok: true; input: AccessRequestInput }
  | { ok: false; errors: Partial<Record<'resource' | 'duration' | 'justification', string>> } {
  const errors: Partial<Record<'resource' | 'duration' | 'justification', string>> = {};
  let durationMs: number | undefined;
  const durationText = fields.duration?.trim() ?? '';
  if (durationText !== '') {
    const parsed = parseDuration(durationText);
    if (parsed === null) errors.duration = 'Use a whole number and s, m, h or d, like 30m or 2h.';
    else durationMs = parsed;
  }
  const parsed = accessRequestInputSchema.safeParse({ resourceId: fields.resource ?? '', durationMs, justification: fields.justification ?? '', breakGlass: fields.breakGlass ?? false });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'resourceId' ? 'resource' : issue.path[0] === 'justification' ? 'justification' : 'duration';
      errors[key] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1) + '.';
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** Creates the request (or the emergency grant) and says what happens next. */
export function submitAccessRequest(engine: Engine, actor: Actor, input: AccessRequestInput, onUnexpected: (error: unknown) => void): CommandResult {
  const parsed = accessRequestInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error.issues[0]!.message);
  const { resourceId, durationMs, justification, breakGlass } = parsed.data;
  return attempt(() => {
    if (breakGlass) {
      const result = engine.requestBreakGlass({ actor, resourceId, durationMs, justification });
      return `Emergency access to ${result.request.resourceId} for ${humanizeDuration(result.request.durationMs)} is being provisioned now. This use has been announced to the audit channel and will be reviewed.`;
    }
    const { request, approvers } = engine.createRequest({ actor, resourceId, durationMs, justification });
    if (request.autoApproved) {
      return `Your request for ${request.resourceId} (${formatDuration(request.durationMs)}) was approved automatically by policy; access is being provisioned.`;
    }
    const needed = request.approvalsRequired === 1 ? 'one approval' : `${request.approvalsRequired} approvals`;
    return `Request sent: ${request.resourceId} for ${humanizeDuration(request.durationMs)}. It needs ${needed} from: ${approvers.join(', ')}.`;
  }, onUnexpected);
}
