/** Ids like `req_01JD...`: a time prefix keeps them roughly sortable, 80 random bits keep them unguessable. */
import { randomBytes } from 'node:crypto';
import type { IdSource } from '../core/ports.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value % 32n)] + out;
    value /= 32n;
  }
  return out;
}

export function createRandomIds(now: () => number = Date.now): IdSource {
  return {
    next(prefix: string): string {
      const time = encode(BigInt(now()), 10);
      const random = encode(BigInt(`0x${randomBytes(10).toString('hex')}`), 16);
      return `${prefix}_${time}${random}`;
    },
  };
}
