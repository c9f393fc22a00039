/**
 * Slack request signing (v0): HMAC-SHA256 of `v0:TIMESTAMP:BODY`. Bolt's own check accepts
 * timestamps from the future; this one rejects both stale and future-dated requests, so a captured
 * request cannot be replayed later and a forged clock cannot buy a long replay window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 300;

export type SlackVerdict = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale' | 'future' | 'bad_signature' };

export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function verifySlackRequest(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): SlackVerdict {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const skew = Number(timestamp) - input.nowSeconds;
  const tolerance = input.toleranceSeconds ?? SLACK_TIMESTAMP_TOLERANCE_SECONDS;
  if (skew < -tolerance) return { ok: false, reason: 'stale' };
  if (skew > tolerance) return { ok: false, reason: 'future' };
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
