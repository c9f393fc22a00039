/**
 * The policy file as people write it. Key names are a public interface: renaming one breaks every
 * deployed policy. Objects are strict so a typo is an error instead of a silently ignored rule.
 * This checks shape only; rules that relate one part of the file to another live in check-references.ts.
 */
import { z } from 'zod';
import { parseDuration } from '../core/duration.js';

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Must not start with `-` so an id can never be mistaken for a command-line flag. */
export const RESOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

export const DEFAULT_PROHIBITED_ACTIONS = [
  'copy or transfer personal files',
  'change passwords',
  'install software without telling the user',
  'access other accounts',
] as const;

export function isEmail(text: string): boolean {
  return EMAIL_PATTERN.test(text);
}

export function isPrincipal(text: string): boolean {
  if (text === 'manager') return true;
  if (text.startsWith('group:')) return GROUP_NAME_PATTERN.test(text.slice('group:'.length));
  return isEmail(text);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const show = (input: unknown) => JSON.stringify(input);

export const emailSchema = z
  .string()
  .refine(isEmail, { error: (iss) => `${show(iss.input)} is not an email address` });

export const durationSchema = z
  .string({
    error: (iss) => (iss.input === undefined ? undefined : `expected a duration such as "30m", got ${show(iss.input)}`),
  })
  .refine((text) => parseDuration(text) !== null, {
    error: (iss) => `${show(iss.input)} is not a duration (use a whole number and one unit: 30s, 15m, 2h, 1d)`,
  });

export const principalSchema = z.string().refine(isPrincipal, {
  error: (iss) => `${show(iss.input)} is not a principal (use group:NAME, an email address, or manager)`,
});

export const principalsSchema = z.array(principalSchema).min(1);

export const resourceIdSchema = z.string().regex(RESOURCE_ID_PATTERN, {
  error: (iss) => `${show(iss.input)} is not a valid id (use lowercase letters, digits, - and _)`,
});

export const providerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('manual'),
    fulfillers: principalsSchema,
  }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z.string().refine(isHttpUrl, { error: (iss) => `${show(iss.input)} is not an http:// or https:// URL` }),
    // The secret itself never goes in the file, which is usually committed to git.
    secret_env: z.string().regex(ENV_NAME_PATTERN, {
      error: (iss) => `${show(iss.input)} is not an environment variable name (use A-Z, 0-9 and _)`,
    }),
    timeout: durationSchema.default('10s'),
  }),
]);

export const resourceSchema = z.strictObject({
  id: resourceIdSchema,
  name: z.string().min(1),
  description: z.string().default(''),
  requesters: principalsSchema,
  approvers: principalsSchema,
  approvals_required: z.int().min(1).default(1),
  max_duration: durationSchema,
  /** Absent: the shorter of 1h and max_duration (applied when compiling, as it depends on max_duration). */
  default_duration: durationSchema.optional(),
  auto_approve: z
    .strictObject({
      requesters: principalsSchema,
      max_duration: durationSchema,
    })
    .optional(),
  justification: z.strictObject({ min_length: z.int().min(0).default(10) }).default({ min_length: 10 }),
  pending_ttl: durationSchema.default('24h'),
  provider: providerSchema,
});

export const breakGlassSchema = z.strictObject({
  requesters: principalsSchema,
  // An empty list would be a break-glass rule that opens nothing; omitting the key is how to say "all".
  resources: z
    .array(resourceIdSchema)
    .min(1, { error: 'must not be empty (omit it to allow every resource)' })
    .optional(),
  max_duration: durationSchema.default('1h'),
  reviewers: principalsSchema,
  review_within: durationSchema.default('24h'),
});

export const supportSchema = z.strictObject({
  technicians: principalsSchema,
  escalation_approvers: principalsSchema,
  consent_timeout: durationSchema.default('5m'),
  idle_timeout: durationSchema.default('15m'),
  max_duration: durationSchema.default('4h'),
  // Not in the first version of the file format: unclaimed requests go to the least-loaded technician after this.
  offer_after: durationSchema.default('10m'),
  prohibited_actions: z.array(z.string().min(1)).default([...DEFAULT_PROHIBITED_ACTIONS]),
  provider: providerSchema,
});

const channelRefSchema = z.strictObject({
  slack: z.string().min(1).optional(),
  teams: z.string().min(1).optional(),
});

export const channelsSchema = z.strictObject({
  approvals: channelRefSchema.optional(),
  audit: channelRefSchema.optional(),
  support: channelRefSchema.optional(),
});

export const policyFileSchema = z.strictObject({
  version: z.literal(1),
  groups: z
    .record(
      z.string().regex(GROUP_NAME_PATTERN, {
        error: (iss) => `${show(iss.input)} is not a valid group name (use letters, digits, ., - and _)`,
      }),
      z.array(emailSchema),
    )
    .default({}),
  people: z.record(emailSchema, z.strictObject({ manager: emailSchema.optional() })).default({}),
  resources: z.array(resourceSchema).min(1),
  break_glass: breakGlassSchema.optional(),
  support: supportSchema.optional(),
  channels: channelsSchema.optional(),
});

/** The file after defaults are applied, durations still as written. */
export type PolicyFile = z.output<typeof policyFileSchema>;
export type PolicyFileInput = z.input<typeof policyFileSchema>;
export type ProviderFile = z.output<typeof providerSchema>;
