/**
 * Where the database is: `GATEHOUSE_DB`, or ./data/gatehouse.db when that is unset or blank. The admin
 * commands need only this setting, so they read it here instead of parsing the whole configuration:
 * that loads zod (a fifth of `gatehouse audit verify`'s start-up) and would refuse to verify the
 * audit trail over an unrelated bad PORT.
 */
export const DEFAULT_DATABASE_PATH = './data/gatehouse.db';

export function databasePathFrom(env: Record<string, string | undefined>): string {
  const configured = env.GATEHOUSE_DB;
  return configured === undefined || configured.trim() === '' ? DEFAULT_DATABASE_PATH : configured;
}
