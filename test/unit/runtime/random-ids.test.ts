import { describe, expect, it } from 'vitest';
import { createRandomIds } from '../../../src/runtime/random-ids.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const decode = (digits: string): bigint => [...digits].reduce((n, d) => n * 32n + BigInt(ALPHABET.indexOf(d)), 0n);

describe('createRandomIds', () => {
  it.each([
    [0, '0000000000'],
    [1, '0000000001'],
    [31, '000000000Z'],
    [32, '0000000010'],
    [1_795_600_000_000, '01M891K900'],
  ])('encodes the time %d as the 10 base-32 digits %s', (time, digits) => {
    expect(decode(digits)).toBe(BigInt(time));
    expect(createRandomIds(() => time).next('req').slice(4, 14)).toBe(digits);
  });

  it('is prefix, underscore, 10 time digits and 16 random digits from the Crockford alphabet', () => {
    const id = createRandomIds(() => 1_795_600_000_000).next('grt');
    expect(id).toMatch(/^grt_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts by time across different milliseconds', () => {
    const times = [1_000, 2_000, 1_795_600_000_000, 1_795_600_000_001];
    let i = 0;
    const ids = createRandomIds(() => times[i++]!);
    const made = times.map(() => ids.next('req'));
    expect([...made].sort()).toEqual(made);
  });

  it('never repeats and spreads the random part over all 80 bits, across many pool refills', () => {
    const ids = createRandomIds(() => 0);
    const seen = new Set<string>();
    const ones = new Array<number>(80).fill(0);
    const N = 5_000;
    for (let k = 0; k < N; k++) {
      const random = ids.next('x').slice(12);
      seen.add(random);
      const value = decode(random);
      for (let b = 0; b < 80; b++) if ((value >> BigInt(b)) & 1n) ones[b]!++;
    }
    expect(seen.size).toBe(N);
    // Every bit is set in roughly half the ids (binomial, n=5000: 6 sigma is about 212).
    for (const count of ones) expect(Math.abs(count - N / 2)).toBeLessThan(250);
  });
});
