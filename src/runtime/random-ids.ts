/** Ids like `req_01JD...`: a time prefix keeps them roughly sortable, 80 random bits keep them unguessable. */
import { randomFillSync } from 'node:crypto';
import type { IdSource } from '../core/ports.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random bytes are drawn this many at a time: one call into the CSPRNG per 409 ids, not per id. */
const POOL_BYTES = 4_096;
const ID_RANDOM_BYTES = 10;

/** `value` (a non-negative integer below 2^53) in base 32, left-padded to `length` digits. */
function encodeTime(value: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** 10 bytes as 16 base-32 digits (5 bits each, most significant first). */
function encodeRandom(bytes: Uint8Array, offset: number): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < ID_RANDOM_BYTES; i++) {
    acc = (acc << 8) | bytes[offset + i]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >>> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

export function createRandomIds(now: () => number = Date.now): IdSource {
  const pool = new Uint8Array(POOL_BYTES);
  let used = POOL_BYTES;
  return {
    next(prefix: string): string {
      if (used + ID_RANDOM_BYTES > POOL_BYTES) {
        randomFillSync(pool);
        used = 0;
      }
      const random = encodeRandom(pool, used);
      // Each pool byte is used once: no two ids share random bits.
      used += ID_RANDOM_BYTES;
      return `${prefix}_${encodeTime(now(), 10)}${random}`;
    },
  };
}
