/**
 * Signed HTTP messages: `sha256=HEX`, an HMAC-SHA256 over `TIMESTAMP.BODY`.
 *
 * Generic on purpose: the webhook provider signs with it, and heartbeats from remote-support tools
 * are verified with it. Putting the timestamp inside the MAC is what lets the receiver refuse a
 * captured request replayed later; within the tolerance window a replay is still possible, so
 * receivers must also be idempotent (the webhook sends an `Idempotency-Key` for that).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_PREFIX = 'sha256=';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Unix seconds as plain digits. Signs and units are refused so one timestamp has one spelling. */
const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/;
const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

export type SignatureFailure =
  | 'missing_secret'
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch';

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

export interface VerifySignatureInput {
  secret: string;
  /** The timestamp exactly as received (usually a header); verified over these very characters. */
  timestamp: string | number | null | undefined;
  /** The raw body as received: re-serialising parsed JSON would not give the same bytes. */
  body: string | Uint8Array;
  signature: string | null | undefined;
  /** Defaults to the system clock. */
  nowSeconds?: number;
  toleranceSeconds?: number;
}

function digest(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return hmac.digest();
}

/** `sha256=HEX` over `${timestampSeconds}.${body}`. */
export function signPayload(secret: string, timestampSeconds: number, body: string | Uint8Array): string {
  // An empty key gives a MAC anyone can compute: refuse rather than send something that looks signed.
  if (secret.length === 0) throw new Error('cannot sign with an empty secret');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error('timestamp must be whole unix seconds');
  }
  return SIGNATURE_PREFIX + digest(secret, String(timestampSeconds), body).toString('hex');
}

export function verifySignature(input: VerifySignatureInput): SignatureCheck {
  const { secret, body, signature } = input;
  const toleranceSeconds = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = input.nowSeconds ?? Date.now() / 1000;

  if (secret.length === 0) return { ok: false, reason: 'missing_secret' };

  if (input.timestamp === null || input.timestamp === undefined || input.timestamp === '') {
    return { ok: false, reason: 'missing_timestamp' };
  }
  const timestamp = String(input.timestamp);
  if (!TIMESTAMP_PATTERN.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };

  // A bad tolerance must not widen the window: NaN would make every comparison below false.
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0 || !Number.isFinite(nowSeconds)) {
    throw new Error('verifySignature: toleranceSeconds and nowSeconds must be finite, tolerance >= 0');
  }
  // Checked before the MAC so an old capture costs no HMAC work; future ones are refused as well,
  // otherwise a sender with a skewed (or forged) clock could mint messages valid for a long time.
  const age = nowSeconds - Number(timestamp);
  if (age > toleranceSeconds) return { ok: false, reason: 'stale_timestamp' };
  if (-age > toleranceSeconds) return { ok: false, reason: 'future_timestamp' };

  if (signature === null || signature === undefined || signature === '') {
    return { ok: false, reason: 'missing_signature' };
  }
  const match = SIGNATURE_PATTERN.exec(signature.trim());
  if (!match) return { ok: false, reason: 'malformed_signature' };

  // The pattern fixes the length at 32 bytes, which timingSafeEqual needs; comparing decoded bytes
  // rather than strings keeps the comparison constant-time and indifferent to hex case.
  const given = Buffer.from(match[1]!, 'hex');
  const expected = digest(secret, timestamp, body);
  if (!timingSafeEqual(given, expected)) return { ok: false, reason: 'signature_mismatch' };
  return { ok: true };
}
