import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditRowFromBody, bodyProblem, GENESIS_HASH, recordHash, recordText, verifyChain, type AuditRow } from '../../../src/store/audit-chain.js';
import { CanonicalJsonError, canonicalJson } from '../../../src/store/canonical-json.js';

type Fields = Omit<AuditRow, 'prevHash' | 'hash'>;

const base: Fields = {
  seq: 1,
  at: Date.UTC(2026, 0, 5, 9, 0, 0),
  type: 'access.requested',
  actorEmail: 'alice@example.com',
  actorPlatform: 'slack',
  actorPlatformUserId: 'U-ALICE',
  subject: 'req_0001',
  data: canonicalJson({ resourceId: 'prod-db', durationMs: 3_600_000, approvers: ['dave@example.com'] }),
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What recordText promises: the canonical JSON of the record as an object. */
function canonicalRecord(r: Fields): string {
  return canonicalJson({
    seq: r.seq,
    at: r.at,
    type: r.type,
    actor: { email: r.actorEmail, platform: r.actorPlatform, platformUserId: r.actorPlatformUserId },
    subject: r.subject,
    data: JSON.parse(r.data) as unknown,
  });
}

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['a flat object, keys sorted', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['nested objects, sorted at every depth', { z: { y: 1, x: { w: 2, v: 3 } }, a: 0 }, '{"a":0,"z":{"x":{"v":3,"w":2},"y":1}}'],
    ['arrays keep their order', { list: [3, 1, 2] }, '{"list":[3,1,2]}'],
    ['objects inside arrays are sorted', [{ b: 1, a: 2 }, { d: [{ f: 1, e: 2 }] }], '[{"a":2,"b":1},{"d":[{"e":2,"f":1}]}]'],
    ['an empty object and an empty array', { o: {}, a: [] }, '{"a":[],"o":{}}'],
    ['null is kept', { a: null }, '{"a":null}'],
    ['a missing (undefined) key is dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['a string', 'plain', '"plain"'],
    ['quotes, backslashes and control characters are escaped', { s: 'say "hi"\\\n\t\u0001' }, '{"s":"say \\"hi\\"\\\\\\n\\t\\u0001"}'],
    ['unicode is kept as is', { s: 'ünïcödé ✓ 日本 😀' }, '{"s":"ünïcödé ✓ 日本 😀"}'],
    ['unicode keys sort by UTF-16 code unit', { é: 1, z: 2, Z: 3, '😀': 4, ﬀ: 5 }, '{"Z":3,"z":2,"é":1,"😀":4,"ﬀ":5}'],
    ['a lone surrogate becomes U+FFFD (what SQLite can store)', { s: '\ud800', t: 'a\udc00b' }, '{"s":"\ufffd","t":"a\ufffdb"}'],
    ['a lone surrogate in a key becomes U+FFFD', { 'k\udbff': 1 }, '{"k\ufffd":1}'],
    ['a surrogate pair is kept', { s: '\ud83d\ude00' }, '{"s":"😀"}'],
    ['integers', { n: 42, m: -7, z: 0 }, '{"m":-7,"n":42,"z":0}'],
    ['negative zero is written as 0', { n: -0 }, '{"n":0}'],
    ['floats in shortest round-trip form', { n: 0.1, m: 1.5e-7, l: 1e21 }, '{"l":1e+21,"m":1.5e-7,"n":0.1}'],
    ['an integer-valued float is an integer', { n: 2.0 }, '{"n":2}'],
    ['large safe integers (epoch ms) exactly', { at: 1767603600000, max: Number.MAX_SAFE_INTEGER }, '{"at":1767603600000,"max":9007199254740991}'],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { b: 1, a: 2 }), '{"a":2,"b":1}'],
    ['booleans', { t: true, f: false }, '{"f":false,"t":true}'],
    ['keys that look like numbers sort as strings', { '10': 'a', '9': 'b', '1': 'c' }, '{"1":"c","10":"a","9":"b"}'],
  ])('%s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each<[string, unknown, unknown]>([
    ['top-level key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['nested key order', { o: { x: 1, y: { p: 1, q: 2 } } }, { o: { y: { q: 2, p: 1 }, x: 1 } }],
    ['key order inside array elements', [{ a: 1, b: 2 }], [{ b: 2, a: 1 }]],
    ['a missing key and an undefined one', { a: 1 }, { a: 1, b: undefined }],
  ])('does not depend on %s', (_, one, other) => {
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it.each<[string, unknown, unknown]>([
    ['null and a missing key', { a: null }, {}],
    ['null and the string "null"', { a: null }, { a: 'null' }],
    ['a number and its string', { a: 1 }, { a: '1' }],
    ['array order', [1, 2], [2, 1]],
    ['an empty object and an empty array', {}, []],
    ['false and null', { a: false }, { a: null }],
    ['composed and decomposed unicode (no normalisation)', { s: 'é' }, { s: 'e\u0301' }],
  ])('tells apart %s', (_, one, other) => {
    expect(canonicalJson(one)).not.toBe(canonicalJson(other));
  });

  class Point {
    x = 1;
  }
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  it.each<[string, unknown, RegExp]>([
    ['a Date (toJSON would make it a string)', { at: new Date(0) }, /\$\.at is a Date/],
    ['a Map (JSON.stringify writes {})', { m: new Map([['a', 1]]) }, /\$\.m is a Map/],
    ['a Set', { s: new Set([1]) }, /\$\.s is a Set/],
    ['an object with toJSON', { v: { toJSON: () => 'x' } }, /\$\.v is an object with toJSON/],
    ['a class instance', { p: new Point() }, /\$\.p is a Point/],
    ['a function', { f: () => 1 }, /\$\.f is a function/],
    ['a function at the top', () => 1, /\$ is a function/],
    ['a symbol', { s: Symbol('x') }, /\$\.s is a symbol/],
    ['a bigint', { n: 10n }, /\$\.n is a bigint/],
    ['undefined inside an array', { list: [1, undefined] }, /\$\.list\[1\] is undefined/],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    ['a hole in an array', { list: [1, , 3] }, /\$\.list\[1\] is undefined/],
    ['undefined at the top', undefined, /\$ is undefined/],
    ['NaN', { a: NaN }, /\$\.a is NaN/],
    ['Infinity', { b: [Infinity] }, /\$\.b\[0\] is Infinity/],
    ['-Infinity', { 'odd key': -Infinity }, /\$\["odd key"\] is -Infinity/],
    ['a boxed string', { s: new String('x') }, /\$\.s is a String/],
    ['a typed array', { b: new Uint8Array(2) }, /\$\.b is a Uint8Array/],
    ['an object with symbol keys', { [Symbol('k')]: 1 }, /symbol keys/],
    ['a circular reference', circular, /\$\.self is a circular reference/],
    ['keys that collide once lone surrogates are replaced', { 'k\ud800': 1, 'k\udc00': 2 }, /duplicate key/],
  ])('refuses %s rather than writing something else', (_, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('accepts the same value twice in one tree (only cycles are refused)', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });

  it('is valid JSON that parses back to an equal value', () => {
    const value = { b: [1, { d: 'x', c: null }], a: { 'key with "quotes"': 'ünï\n' }, n: -12.5 };
    const text = canonicalJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});

const variants = (): [string, Fields][] => [
  ['a typical record', base],
  ['null subject and platform user id', { ...base, subject: null, actorPlatformUserId: null }],
  ['the system actor', { ...base, actorEmail: 'system', actorPlatform: 'system', actorPlatformUserId: null }],
  ['strings needing escapes', { ...base, type: 'a"b\\c', actorEmail: 'o"brien@example.com', subject: 'line1\nline2' }],
  ['unicode everywhere', { ...base, actorEmail: 'zoë@exämple.com', subject: 'réq_✓', data: canonicalJson({ note: '日本語 😀' }) }],
  ['empty data', { ...base, data: '{}' }],
  ['deeply nested data', { ...base, data: canonicalJson({ z: [{ y: { x: [1, 'two', null, true] } }], a: { c: 1, b: 2 } }) }],
  ['a large sequence number and time', { ...base, seq: 9_007_199_254_740_991, at: 4_102_444_800_000 }],
];

describe('recordText', () => {
  it.each(variants())('is the canonical JSON of the record: %s', (_, fields) => {
    expect(recordText(fields)).toBe(canonicalRecord(fields));
    expect(JSON.parse(recordText(fields))).toEqual(JSON.parse(canonicalRecord(fields)));
  });

  it('lists keys in sorted order', () => {
    expect(recordText(base)).toBe(
      '{"actor":{"email":"alice@example.com","platform":"slack","platformUserId":"U-ALICE"},"at":1767603600000,' +
        `"data":${base.data},"seq":1,"subject":"req_0001","type":"access.requested"}`,
    );
  });

  it('keeps the stored data text as is (what is hashed is what is stored)', () => {
    expect(recordText({ ...base, data: '{"b":1,"a":2}' })).toContain('"data":{"b":1,"a":2}');
  });
});

describe('a stored body', () => {
  const tricky: Fields = {
    ...base,
    seq: 51,
    actorEmail: 'x,"data":1,"seq":5,@example.com',
    subject: ',"seq":5}',
    type: 'a,"seq":5,"subject":null',
    data: canonicalJson({ seq: 5, text: ',"seq":5,"subject":"s"', '"seq"': 5 }),
  };

  it.each(variants())('gives back the record it was made from: %s', (_, fields) => {
    expect(auditRowFromBody(recordText(fields), 'p', 'h')).toEqual({ ...fields, prevHash: 'p', hash: 'h' });
    expect(bodyProblem(fields.seq, recordText(fields))).toBeNull();
  });

  it('carries its own seq, not one that appears in its strings or data', () => {
    const body = recordText(tricky);
    expect(bodyProblem(51, body)).toBeNull();
    for (const seq of [5, 1, 510, 52, -51]) expect(bodyProblem(seq, body)).toBe("the seq in the body is not the record's seq");
    expect(auditRowFromBody(body, 'p', 'h')).toEqual({ ...tricky, prevHash: 'p', hash: 'h' });
  });

  it.each<[string, unknown]>([
    ['not a string', Buffer.from(recordText(base))],
    ['not JSON', '{"actor":{"email":"a",,"data":{},"seq":1,"subject":null,"type":"t"}'],
    ['without a seq', '{"invalidBeforeMigration":"at is not an integer","columns":["1"]}'],
    ['an at that is not an integer', recordText(base).replace('"at":1767603600000', '"at":"1767603600000"')],
    ['an actor that is not an object', '{"actor":"a","at":1,"data":{},"seq":1,"subject":null,"type":"t"}'],
  ])('is not a record when it is %s', (_, body) => {
    expect(auditRowFromBody(body, 'p', 'h')).toBeNull();
  });

  it('is not the record at its seq when it is not text', () => {
    expect(bodyProblem(1, Buffer.from(recordText(base)))).toBe('body is not a string');
    expect(bodyProblem(1, null)).toBe('body is not a string');
  });
});

describe('recordHash', () => {
  it('is sha256 of the previous hash, a newline and the record text', () => {
    const prev = 'ab'.repeat(32);
    expect(recordHash(prev, base)).toBe(sha256(`${prev}\n${recordText(base)}`));
    expect(recordHash(prev, base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable for the same input', () => {
    expect(recordHash(GENESIS_HASH, { ...base })).toBe(recordHash(GENESIS_HASH, base));
  });

  it('depends on the previous hash', () => {
    expect(recordHash(GENESIS_HASH, base)).not.toBe(recordHash('f'.repeat(64), base));
  });

  it.each<[string, Partial<Fields>]>([
    ['seq', { seq: 2 }],
    ['at', { at: base.at + 1 }],
    ['type', { type: 'access.denied' }],
    ['actorEmail', { actorEmail: 'mallory@example.com' }],
    ['actorEmail case', { actorEmail: 'Alice@example.com' }],
    ['actorPlatform', { actorPlatform: 'teams' }],
    ['actorPlatformUserId', { actorPlatformUserId: 'U-MALLORY' }],
    ['actorPlatformUserId to null', { actorPlatformUserId: null }],
    ['actorPlatformUserId to the string "null"', { actorPlatformUserId: 'null' }],
    ['subject', { subject: 'req_0002' }],
    ['subject to null', { subject: null }],
    ['subject to the string "null"', { subject: 'null' }],
    ['data', { data: canonicalJson({ resourceId: 'prod-db-write', durationMs: 3_600_000, approvers: ['dave@example.com'] }) }],
    ['data whitespace', { data: ` ${base.data}` }],
  ])('changes when %s changes', (_, patch) => {
    expect(recordHash(GENESIS_HASH, { ...base, ...patch })).not.toBe(recordHash(GENESIS_HASH, base));
  });

  it('does not depend on how the data object was built', () => {
    const one = { ...base, data: canonicalJson({ a: 1, b: { c: 2, d: 3 } }) };
    const other = { ...base, data: canonicalJson({ b: { d: 3, c: 2 }, a: 1 }) };
    expect(recordHash(GENESIS_HASH, one)).toBe(recordHash(GENESIS_HASH, other));
  });

  it('does not see fields outside the record (prevHash and hash are not hashed into it)', () => {
    const withExtras = { ...base, prevHash: 'x', hash: 'y' } as AuditRow;
    expect(recordHash(GENESIS_HASH, withExtras)).toBe(recordHash(GENESIS_HASH, base));
  });
});

/** A valid chain of `n` records, built the way the appender builds them. */
function chain(n: number, firstSeq = 1): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const fields: Fields = {
      ...base,
      seq: firstSeq + i,
      at: base.at + i * 1_000,
      type: i % 3 === 0 ? 'access.requested' : i % 3 === 1 ? 'access.approved' : 'refused',
      subject: i % 4 === 0 ? null : `req_${i}`,
      data: canonicalJson({ i, note: `record ${i}` }),
    };
    const hash = recordHash(prevHash, fields);
    rows.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

/** Re-hashes rows from `from` on, as an attacker who rewrites the rest of the chain would. */
function rehashFrom(rows: AuditRow[], from: number): AuditRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (let i = from; i < out.length; i++) {
    const row = out[i]!;
    row.prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    row.hash = recordHash(row.prevHash, row);
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an empty chain, with the genesis hash as head', () => {
    expect(verifyChain([])).toEqual({ ok: true, records: 0, headSeq: null, headHash: GENESIS_HASH });
  });

  it('accepts a valid chain and reports its head', () => {
    const rows = chain(10);
    expect(verifyChain(rows)).toEqual({ ok: true, records: 10, headSeq: 10, headHash: rows[9]!.hash });
  });

  it('accepts any iterable, read once, in order', () => {
    const rows = chain(5);
    function* generate() {
      yield* rows;
    }
    expect(verifyChain(generate())).toMatchObject({ ok: true, records: 5 });
  });

  const edit = (rows: AuditRow[], index: number, patch: Partial<AuditRow>) => rows.map((r, i) => (i === index ? { ...r, ...patch } : r));

  it.each<[string, (rows: AuditRow[]) => AuditRow[], { firstBadSeq: number; problem: string; records: number }]>([
    ['an edited middle record', (rows) => edit(rows, 4, { type: 'forged' }), { firstBadSeq: 5, problem: 'hash_mismatch', records: 4 }],
    ['an edited first record', (rows) => edit(rows, 0, { actorEmail: 'mallory@example.com' }), { firstBadSeq: 1, problem: 'hash_mismatch', records: 0 }],
    ['an edited last record', (rows) => edit(rows, 9, { data: '{}' }), { firstBadSeq: 10, problem: 'hash_mismatch', records: 9 }],
    ['an edited hash', (rows) => edit(rows, 4, { hash: 'f'.repeat(64) }), { firstBadSeq: 5, problem: 'hash_mismatch', records: 4 }],
    ['a deleted middle record', (rows) => rows.filter((_, i) => i !== 4), { firstBadSeq: 6, problem: 'sequence_gap', records: 4 }],
    ['a deleted first record', (rows) => rows.slice(1), { firstBadSeq: 2, problem: 'sequence_gap', records: 0 }],
    ['a repeated record', (rows) => [...rows.slice(0, 5), rows[4]!, ...rows.slice(5)], { firstBadSeq: 5, problem: 'sequence_gap', records: 5 }],
    ['two records swapped', (rows) => [...rows.slice(0, 3), rows[4]!, rows[3]!, ...rows.slice(5)], { firstBadSeq: 5, problem: 'sequence_gap', records: 3 }],
    [
      'two records swapped with their seq',
      (rows) => [...rows.slice(0, 3), { ...rows[4]!, seq: 4 }, { ...rows[3]!, seq: 5 }, ...rows.slice(5)],
      { firstBadSeq: 4, problem: 'broken_link', records: 3 },
    ],
    [
      'a forged record inserted and the rest renumbered',
      (rows) => {
        const fields: Fields = { ...rows[3]!, seq: 5, type: 'forged' };
        const forged = { ...fields, prevHash: rows[3]!.hash, hash: recordHash(rows[3]!.hash, fields) };
        return [...rows.slice(0, 4), forged, ...rows.slice(4).map((r) => ({ ...r, seq: r.seq + 1 }))];
      },
      { firstBadSeq: 6, problem: 'broken_link', records: 5 },
    ],
    [
      'an edit whose hash was recomputed, without fixing the next link',
      (rows) => {
        const edited = { ...rows[4]!, subject: 'req_other' };
        edited.hash = recordHash(edited.prevHash, edited);
        return edit(rows, 4, edited);
      },
      { firstBadSeq: 6, problem: 'broken_link', records: 5 },
    ],
    ['a broken link alone', (rows) => edit(rows, 6, { prevHash: GENESIS_HASH }), { firstBadSeq: 7, problem: 'broken_link', records: 6 }],
    ['a first record not linked to genesis', (rows) => edit(rows, 0, { prevHash: 'a'.repeat(64) }), { firstBadSeq: 1, problem: 'broken_link', records: 0 }],
  ])('rejects %s', (_, tamper, expected) => {
    expect(verifyChain(tamper(chain(10)))).toMatchObject({ ok: false, ...expected });
  });

  it('accepts a chain fully rewritten after an edit, but its head hash changes', () => {
    const rows = chain(10);
    const rewritten = rehashFrom(edit(rows, 4, { type: 'forged' }), 4);
    const verdict = verifyChain(rewritten);
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.headHash).not.toBe(rows[9]!.hash);
  });

  it('accepts a chain cut short, with an earlier head', () => {
    const rows = chain(10);
    expect(verifyChain(rows.slice(0, 7))).toEqual({ ok: true, records: 7, headSeq: 7, headHash: rows[6]!.hash });
  });

  it('requires the chain to start at record 1, even when the rest is a valid chain', () => {
    // Records 1-3 removed and the rest rewritten from the genesis hash: internally consistent.
    const rewritten = rehashFrom(chain(10).slice(3), 0);
    expect(rewritten[0]!.prevHash).toBe(GENESIS_HASH);
    expect(verifyChain(rewritten)).toEqual({ ok: false, records: 0, firstBadSeq: 4, problem: 'sequence_gap', detail: 'expected record 1, found 4' });
    expect(verifyChain(rehashFrom(chain(3, 0), 0))).toMatchObject({ ok: false, firstBadSeq: 0, problem: 'sequence_gap' });
  });

  it('checks the first record links to the genesis hash', () => {
    expect(verifyChain(edit(chain(3), 0, { prevHash: 'a'.repeat(64) }))).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: 'broken_link',
      detail: 'the first record does not link to the genesis hash',
    });
  });

  /** Rows as a lenient reader might hand them over: values of the wrong type that print the same. */
  const splice = (patch: Record<string, unknown>) => edit(chain(5), 2, patch as Partial<AuditRow>);
  it.each<[string, Record<string, unknown>, string]>([
    ['at as a string', { at: String(base.at + 2_000) }, 'at is not an integer'],
    ['at as a Buffer', { at: Buffer.from(String(base.at + 2_000)) }, 'at is not an integer'],
    ['at as a fraction', { at: base.at + 0.5 }, 'at is not an integer'],
    ['at beyond the safe integers', { at: 2 ** 60 }, 'at is not an integer'],
    ['data as a Buffer', { data: Buffer.from(canonicalJson({ i: 2, note: 'record 2' })) }, 'data is not a string'],
    ['data as an array holding the text', { data: [canonicalJson({ i: 2, note: 'record 2' })] }, 'data is not a string'],
    ['data that is not JSON', { data: '{"i":2,"note":"record 2"' }, 'data is not JSON'],
    ['type as a number', { type: 5 }, 'type is not a string'],
    ['actorEmail as null', { actorEmail: null }, 'actor_email is not a string'],
    ['actorPlatform as an object', { actorPlatform: {} }, 'actor_platform is not a string'],
    ['actorPlatformUserId as a number', { actorPlatformUserId: 7 }, 'actor_platform_user_id is not a string or null'],
    ['subject as undefined', { subject: undefined }, 'subject is not a string or null'],
  ])('rejects %s (invalid_record), before looking at the hash', (_, patch, detail) => {
    expect(verifyChain(splice(patch))).toEqual({ ok: false, records: 2, firstBadSeq: 3, problem: 'invalid_record', detail });
  });

  it('would otherwise let a spliced value hash equal to the original', () => {
    // Why the types are checked: these values print exactly as the originals did.
    const row = chain(3)[2]!;
    for (const patch of [{ at: String(row.at) }, { at: Buffer.from(String(row.at)) }, { data: Buffer.from(row.data) }, { data: [row.data] }]) {
      expect(recordHash(row.prevHash, { ...row, ...patch } as unknown as AuditRow)).toBe(row.hash);
    }
  });

  it.each<[string, unknown, number]>([
    ['seq as a string', '3', 3],
    ['seq as a fraction', 3.5, 3],
    ['seq missing', undefined, 3],
  ])('rejects %s (invalid_record at the expected place)', (_, seq, firstBadSeq) => {
    expect(verifyChain(splice({ seq }))).toMatchObject({ ok: false, records: 2, firstBadSeq, problem: 'invalid_record' });
  });

  it('stops at the first problem, not a later one', () => {
    const rows = edit(edit(chain(10), 2, { type: 'x' }), 7, { type: 'y' });
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });
});
