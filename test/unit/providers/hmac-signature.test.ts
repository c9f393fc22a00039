import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature, type VerifySignatureInput } from '../../../src/providers/hmac-signature.js';

const SECRET = 'whsec_test_0123456789';
const NOW = 1_700_000_000;
const BODY = '{"event":"grant","grant":{"id":"grt_1"}}';
const GOOD = signPayload(SECRET, NOW, BODY);

function input(patch: Partial<VerifySignatureInput>): VerifySignatureInput {
  return { secret: SECRET, timestamp: String(NOW), body: BODY, signature: GOOD, nowSeconds: NOW, ...patch };
}

describe('signPayload', () => {
  it('is sha256=HEX of an HMAC-SHA256 over TIMESTAMP.BODY', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(GOOD).toBe(`sha256=${expected}`);
  });

  it('refuses an empty secret and a non-integer timestamp', () => {
    expect(() => signPayload('', NOW, BODY)).toThrow(/empty secret/);
    expect(() => signPayload(SECRET, 1.5, BODY)).toThrow(/unix seconds/);
    expect(() => signPayload(SECRET, -1, BODY)).toThrow(/unix seconds/);
  });

  it('signs bytes the same as the equivalent string', () => {
    expect(signPayload(SECRET, NOW, Buffer.from(BODY))).toBe(GOOD);
  });
});

describe('verifySignature', () => {
  const cases: Array<{ name: string; patch: Partial<VerifySignatureInput>; expected: ReturnType<typeof verifySignature> }> = [
    { name: 'good', patch: {}, expected: { ok: true } },
    { name: 'good, numeric timestamp', patch: { timestamp: NOW }, expected: { ok: true } },
    { name: 'good, uppercase hex', patch: { signature: `sha256=${GOOD.slice(7).toUpperCase()}` }, expected: { ok: true } },
    { name: 'good, byte body', patch: { body: Buffer.from(BODY) }, expected: { ok: true } },
    { name: 'at the stale edge', patch: { nowSeconds: NOW + 300 }, expected: { ok: true } },
    { name: 'at the future edge', patch: { nowSeconds: NOW - 300 }, expected: { ok: true } },
    { name: 'bad secret', patch: { secret: 'whsec_other' }, expected: { ok: false, reason: 'signature_mismatch' } },
    { name: 'empty secret', patch: { secret: '' }, expected: { ok: false, reason: 'missing_secret' } },
    { name: 'tampered body', patch: { body: BODY.replace('grt_1', 'grt_2') }, expected: { ok: false, reason: 'signature_mismatch' } },
    {
      name: 'timestamp swapped for another valid one',
      patch: { timestamp: String(NOW + 1) },
      expected: { ok: false, reason: 'signature_mismatch' },
    },
    { name: 'stale', patch: { nowSeconds: NOW + 301 }, expected: { ok: false, reason: 'stale_timestamp' } },
    { name: 'future', patch: { nowSeconds: NOW - 301 }, expected: { ok: false, reason: 'future_timestamp' } },
    { name: 'custom tolerance', patch: { nowSeconds: NOW + 31, toleranceSeconds: 30 }, expected: { ok: false, reason: 'stale_timestamp' } },
    { name: 'non-numeric timestamp', patch: { timestamp: 'yesterday' }, expected: { ok: false, reason: 'invalid_timestamp' } },
    { name: 'fractional timestamp', patch: { timestamp: `${NOW}.5` }, expected: { ok: false, reason: 'invalid_timestamp' } },
    { name: 'signed timestamp', patch: { timestamp: `+${NOW}` }, expected: { ok: false, reason: 'invalid_timestamp' } },
    { name: 'exponent timestamp', patch: { timestamp: '1.7e9' }, expected: { ok: false, reason: 'invalid_timestamp' } },
    { name: 'missing timestamp', patch: { timestamp: undefined }, expected: { ok: false, reason: 'missing_timestamp' } },
    { name: 'missing signature', patch: { signature: undefined }, expected: { ok: false, reason: 'missing_signature' } },
    { name: 'malformed: no prefix', patch: { signature: GOOD.slice(7) }, expected: { ok: false, reason: 'malformed_signature' } },
    { name: 'malformed: other algorithm', patch: { signature: `sha1=${GOOD.slice(7)}` }, expected: { ok: false, reason: 'malformed_signature' } },
    { name: 'malformed: short', patch: { signature: GOOD.slice(0, -2) }, expected: { ok: false, reason: 'malformed_signature' } },
    { name: 'malformed: long', patch: { signature: `${GOOD}00` }, expected: { ok: false, reason: 'malformed_signature' } },
    { name: 'malformed: not hex', patch: { signature: `sha256=${'z'.repeat(64)}` }, expected: { ok: false, reason: 'malformed_signature' } },
    { name: 'malformed: two signatures', patch: { signature: `${GOOD},${GOOD}` }, expected: { ok: false, reason: 'malformed_signature' } },
  ];

  it.each(cases)('$name', ({ patch, expected }) => {
    expect(verifySignature(input(patch))).toEqual(expected);
  });

  it('defaults to the system clock', () => {
    const now = Math.floor(Date.now() / 1000);
    const signature = signPayload(SECRET, now, BODY);
    expect(verifySignature({ secret: SECRET, timestamp: String(now), body: BODY, signature })).toEqual({ ok: true });
    const old = signPayload(SECRET, now - 3600, BODY);
    expect(verifySignature({ secret: SECRET, timestamp: String(now - 3600), body: BODY, signature: old })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('refuses a tolerance that would disable the freshness check', () => {
    expect(() => verifySignature(input({ toleranceSeconds: Number.NaN }))).toThrow(/tolerance/);
    expect(() => verifySignature(input({ toleranceSeconds: -1 }))).toThrow(/tolerance/);
  });
});
