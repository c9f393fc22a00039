/** Configuration from the environment, parsed once at start-up with zod. */
import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { DEFAULT_DATABASE_PATH } from './store/database-path.js';

/** Used only in sandbox mode, where the built-in webhook receiver is the only party that checks it. */
export const SANDBOX_WEBHOOK_SECRET = 'gatehouse-sandbox-webhook-secret';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().optional());

export const configSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  GATEHOUSE_POLICY: optionalText,
  GATEHOUSE_DB: z.preprocess(blankToUndefined, z.string().default(DEFAULT_DATABASE_PATH)),
  GATEHOUSE_SWEEP_CRON: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('*/15 * * * * *')
      .refine((v) => validateCron(v), { message: 'not a valid cron expression' }),
  ),
  GATEHOUSE_LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['info', 'warn', 'error', 'silent']).default('info')),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText,
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  TEAMS_ALLOW_UNAUTHENTICATED: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false').transform((v) => v === 'true')),
  // Bot Framework endpoints: the public cloud by default; overridden for sovereign clouds and for tests.
  TEAMS_OPENID_METADATA_URL: optionalText,
  TEAMS_TOKEN_ISSUER: optionalText,
  TEAMS_LOGIN_URL: optionalText,
  TEAMS_OAUTH_SCOPE: optionalText,
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** With no platform credentials Gatehouse runs on its embedded defaults (the sandbox). */
export function isSandbox(config: Config): boolean {
  return !config.SLACK_SIGNING_SECRET && !config.SLACK_BOT_TOKEN && !config.TEAMS_APP_ID;
}
