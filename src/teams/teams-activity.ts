/**
 * The edge check of an inbound Bot Framework activity: what Gatehouse relies on must be there and be
 * the right shape before the SDK or a command sees it. Anything else is answered 400 with a short reason.
 */
import { z } from 'zod';

const account = z.looseObject({ id: z.string().min(1).max(512), name: z.string().max(512).optional(), aadObjectId: z.string().max(128).optional() });

export const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2_048),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string().min(1).max(1_024),
    conversationType: z.string().max(64).optional(),
    tenantId: z.string().max(128).optional(),
  }),
  text: z.string().max(28_000).optional(),
  name: z.string().max(256).optional(),
  replyToId: z.string().max(512).optional(),
  value: z.unknown().optional(),
});

export type InboundActivity = z.infer<typeof activitySchema>;

export type ParsedActivity = { ok: true; activity: InboundActivity } | { ok: false; error: string };

/** JSON text -> a checked activity, or the first problem in words (never the input echoed back). */
export function parseActivity(body: string): ParsedActivity {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  const parsed = activitySchema.safeParse(json);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'activity';
  return { ok: false, error: `malformed activity: ${where} ${issue.code === 'invalid_type' ? 'is missing or of the wrong type' : 'is invalid'}` };
}

/** Universal Action data: the entity id in `value`, form inputs as strings by their ids. */
export const executeDataSchema = z.record(z.string().max(64), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]));

export const invokeValueSchema = z.looseObject({
  action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string().min(1).max(128), data: executeDataSchema.optional() }),
});
