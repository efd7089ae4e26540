// hash, numeric and reverse_bits against the vectors of Vitess's own tests
// (go/vt/vtgate/vindexes/hash_test.go, numeric_test.go, reverse_bits_test.go), plus the value
// conversions Vitess applies to what a SQL literal or a mysql2 parameter gives.
import { describe, expect, it } from 'vitest';
import { isReversible, vindexFor, type VindexValue } from '../../src/vindex/index.js';
import { VitessError } from '../../src/port/errors.js';

const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));
const latin1 = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const utf8Literal = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('hash: DES with a zero key over the 8-byte big-endian uint64', () => {
  const hash = vindexFor('hash');
  // TestHashMap; Go source literals mix \x escapes with UTF-8 characters, decoded here byte for byte.
  const vectors: Array<[VindexValue, string | null]> = [
    [1, '166b40b44aba4bd6'],
    [2, '06e7ea22ce92708f'],
    [3, '4eb190c9a2fa169c'],
    [null, null],
    [4, 'd2fd8867d50d2dfe'],
    [5, '70bb023c810ca87a'],
    [6, 'f098480ac4c4be71'],
    [0, '8ca64de9c1b123a7'],
    [-1, '355550b2150e2451'],
    [18446744073709551615n, '355550b2150e2451'],
    [9223372036854775807n, 'f77d48aadda1f1bb'],
    [-9223372036854775808n, '95f8a5e5dd31d900'],
  ];
  it.each(vectors)('map(%s)', (value, want) => expect(hex(hash.map(value))).toBe(want));

  it('the vectors decode as written in Go', () => {
    expect(latin1('\x16k@\xb4J\xbaK\xd6')).toBe('166b40b44aba4bd6');
    expect('06e7ea' + latin1('"') + utf8Literal('Β') + latin1('p\x8f')).toBe('06e7ea22ce92708f');
    expect(latin1('\xf0\x98H\n\xc4') + utf8Literal('ľ') + latin1('q')).toBe('f098480ac4c4be71');
    expect(latin1('\xf7}H\xaa') + utf8Literal('ݡ') + latin1('\xf1\xbb')).toBe('f77d48aadda1f1bb');
  });

  it('reverseMap decrypts back to the uint64 (TestHashReverseMap)', () => {
    if (!isReversible(hash)) throw new Error('hash must be reversible');
    const back = (h: string) => hash.reverseMap(Buffer.from(h, 'hex'));
    expect(back('166b40b44aba4bd6')).toBe(1n);
    expect(back('8ca64de9c1b123a7')).toBe(0n);
    expect(back('355550b2150e2451')).toBe(18446744073709551615n);
    expect(back('f77d48aadda1f1bb')).toBe(9223372036854775807n);
    expect(back('95f8a5e5dd31d900')).toBe(9223372036854775808n);
    for (let n = 0n; n < 50n; n++) expect(hash.reverseMap(hash.map(n) ?? Buffer.alloc(0))).toBe(n);
  });

  it('reverseMap of a keyspace id that is not 8 bytes is Vitess\'s error (TestHashReverseMapNeg)', () => {
    if (!isReversible(hash)) throw new Error('hash must be reversible');
    expect(() => hash.reverseMap(Buffer.from('166b40b44aba4bd6166b40b44aba4bd6', 'hex')))
      .toThrow(new VitessError('invalid keyspace id: 166b40b44aba4bd6166b40b44aba4bd6'));
  });

  it('converts values as Vitess does', () => {
    // Integer text parses (ParseInt, then ParseUint), whether VARCHAR or VARBINARY.
    expect(hex(hash.map('1'))).toBe('166b40b44aba4bd6');
    expect(hex(hash.map(Buffer.from('1')))).toBe('166b40b44aba4bd6');
    expect(hex(hash.map('+1'))).toBe('166b40b44aba4bd6');
    expect(hex(hash.map(1n))).toBe('166b40b44aba4bd6');
    expect(hex(hash.map('18446744073709551615'))).toBe('355550b2150e2451');
    // Only a value typed INT64 goes through two's complement; negative text is refused.
    expect(hash.map('-1')).toBeNull();
    // Non-integers, overflow and non-numeric text map to no shard (DestinationNone).
    for (const v of ['aa', '', ' 1', '1.0', '1e3', '18446744073709551616', 1.5, 18446744073709551616n, -9223372036854775809n]) {
      expect(hash.map(v)).toBeNull();
    }
  });

  it('works on des-ede3 in this Node (OpenSSL default provider)', () => {
    expect(process.versions.openssl).toBeTruthy();
    expect(hex(hash.map(1))).toBe('166b40b44aba4bd6');
  });
});

describe('numeric: the uint64 big-endian', () => {
  const numeric = vindexFor('numeric');
  // TestNumericMap: 1..8, from integers and from byte text.
  it.each<[VindexValue, string]>([
    [1, '0000000000000001'], [2, '0000000000000002'], [3n, '0000000000000003'], [4, '0000000000000004'],
    [5, '0000000000000005'], [6n, '0000000000000006'], [Buffer.from('7'), '0000000000000007'], ['8', '0000000000000008'],
    [18446744073709551615n, 'ffffffffffffffff'],
  ])('map(%s)', (value, want) => expect(hex(numeric.map(value))).toBe(want));

  it('maps negatives, non-integers and NULL to no shard (evalengine.ToUint64 refuses them)', () => {
    for (const v of [-1, '-1', 1.1, 'aa', null]) expect(numeric.map(v)).toBeNull();
  });

  it('reverseMap reads the uint64 back, and refuses other lengths with Vitess\'s text', () => {
    if (!isReversible(numeric)) throw new Error('numeric must be reversible');
    expect(numeric.reverseMap(Buffer.from('0000000000000001', 'hex'))).toBe(1n);
    expect(() => numeric.reverseMap(Buffer.from('aa')))
      .toThrow(new VitessError('Numeric.ReverseMap: length of keyspaceId is not 8: 2'));
  });
  it('has cost 0', () => expect(numeric.cost).toBe(0));
});

describe('reverse_bits: the uint64 with its bits reversed', () => {
  const rb = vindexFor('reverse_bits');
  // TestReverseBitsMap
  it.each<[VindexValue, string | null]>([
    [1, '8000000000000000'], [2, '4000000000000000'], [3, 'c000000000000000'], [null, null],
    [4, '2000000000000000'], [5, 'a000000000000000'], [6, '6000000000000000'],
  ])('map(%s)', (value, want) => expect(hex(rb.map(value))).toBe(want));

  it('reverseMap (TestReverseBitsReverseMap, TestReverseBitsReverseMapNeg)', () => {
    if (!isReversible(rb)) throw new Error('reverse_bits must be reversible');
    expect(rb.reverseMap(Buffer.from('8000000000000000', 'hex'))).toBe(1n);
    expect(() => rb.reverseMap(Buffer.from('80000000000000008000000000000000', 'hex')))
      .toThrow(new VitessError('invalid keyspace id: 80000000000000008000000000000000'));
  });
});
