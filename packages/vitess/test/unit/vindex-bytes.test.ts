// xxhash, binary, binary_md5, unicode_loose_md5 and unicode_loose_xxhash against the vectors of
// Vitess's tests (xxhash_test.go, binary_test.go, binarymd5_test.go, unicodeloosemd5_test.go,
// unicodeloosexxhash_test.go, unicode_test.go, lookup_unicodeloosemd5_hash_test.go), and XXH64
// against the reference implementation's known sums.
import { describe, expect, it } from 'vitest';
import { VitessError } from '../../src/port/errors.js';
import { isReversible, looseCollationKey, vindexFor, xxh64, type VindexValue } from '../../src/vindex/index.js';

const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));
/**
 * Go string literals in the vectors mix \x escapes (bytes) with UTF-8 characters; characters above
 * U+00FF are the literal ones, so they are encoded as UTF-8 and everything below as one byte.
 */
const goBytes = (s: string) => Buffer.concat([...s].map((c) => {
  const cp = c.codePointAt(0) ?? 0;
  return cp < 0x100 ? Buffer.from([cp]) : Buffer.from(c, 'utf8');
})).toString('hex');

describe('XXH64, seed 0', () => {
  it.each<[string, bigint]>([
    ['', 0xef46db3751d8e999n],
    ['a', 0xd24ec4f1a98c6e5bn],
    ['abc', 0x44bc2cf5ad770999n],
    ['message digest', 0x066ed728fceeb3ben],
    ['abcdefghijklmnopqrstuvwxyz', 0xcfe1f278fa89835cn],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 0xaaa46907d3047814n],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 0xe04a477f19ee145dn],
  ])('xxh64(%j)', (input, want) => expect(xxh64(Buffer.from(input))).toBe(want));
});

describe('xxhash: XXH64 of the value text, little-endian', () => {
  const xx = vindexFor('xxhash');
  // TestXXHashMap
  it.each<[VindexValue, string]>([
    ['test1', 'd01ab7e4d6978f0b'],
    ['test2', '87eb11714c0a0e89'],
    ['testaverylongvaluetomakesurethisworks', '81d8c38e0d850e6a'],
    [1, 'd46405367612b4b7'],
    [null, '99e9d85137db46ef'],
    [-1, 'd8e2a6a7c8c7623d'],
    [18446744073709551615n, '477cfa8d6d8f1f8d'],
    [9223372036854775807n, 'b37eb01f7bffafd8'],
    [-9223372036854775808n, '102c27ddb26a609e'],
  ])('map(%s)', (value, want) => expect(hex(xx.map(value))).toBe(want));
  it('hashes a number by its decimal text, like the string', () => expect(xx.map(1)).toEqual(xx.map('1')));
});

describe('binary: the bytes are the keyspace id', () => {
  const bin = vindexFor('binary');
  it('TestBinaryMap', () => {
    expect(bin.map('test1')).toEqual(Buffer.from('test1'));
    expect(bin.map(null)).toEqual(Buffer.alloc(0));
    expect(bin.map(Buffer.from('test2'))).toEqual(Buffer.from('test2'));
    expect(bin.map(12)).toEqual(Buffer.from('12'));
  });
  it('TestBinaryReverseMap', () => {
    if (!isReversible(bin)) throw new Error('binary must be reversible');
    expect(bin.reverseMap(Buffer.from('0000000000000001', 'hex'))).toEqual(Buffer.from('0000000000000001', 'hex'));
  });
  it('has cost 0', () => expect(bin.cost).toBe(0));
});

describe('binary_md5: MD5 of the bytes', () => {
  const md5 = vindexFor('binary_md5');
  // TestBinaryMD5Map
  it.each<[string, string]>([
    ['Test', goBytes('\f\xbcf\x11\xf5T\vЀ\x9a8\x8d\xc9Za[')],
    ['TEST', goBytes('\x03;\xd9K\x11h\xd7\xe4\xf0\xd6D\xc3\xc9^5\xbf')],
  ])('map(%j)', (value, want) => {
    expect(want).toHaveLength(32);
    expect(hex(md5.map(value))).toBe(want);
    expect(hex(md5.map(Buffer.from(value)))).toBe(want);
  });
});

describe('unicode loose normalisation (TestNormalization)', () => {
  it.each<[string, string]>([
    ['Test', goBytes('\x18\x16\x16L\x17\xf3\x18\x16')],
    ['TEST', goBytes('\x18\x16\x16L\x17\xf3\x18\x16')],
    ['Te\u0301st', goBytes('\x18\x16\x16L\x17\xf3\x18\x16')],
    ['Tést', goBytes('\x18\x16\x16L\x17\xf3\x18\x16')],
    ['Bést', goBytes('\x16\x05\x16L\x17\xf3\x18\x16')],
    ['Test ', goBytes('\x18\x16\x16L\x17\xf3\x18\x16')],
    [' Test', goBytes('\x01\t\x18\x16\x16L\x17\xf3\x18\x16')],
    ['Test\t', goBytes('\x18\x16\x16L\x17\xf3\x18\x16\x01\x00')],
    ['TéstLooong', goBytes('\x18\x16\x16L\x17\xf3\x18\x16\x17\x11\x17q\x17q\x17q\x17O\x16\x91')],
    ['T', goBytes('\x18\x16')],
  ])('key(%j)', (input, want) => expect(looseCollationKey(Buffer.from(input)).toString('hex')).toBe(want));

  it('refuses invalid UTF-8 with Vitess\'s text (TestInvalidUnicodeNormalization)', () => {
    const bad = Buffer.from('99eb9d18a44784045d87f3c67cf22746', 'hex');
    expect(() => looseCollationKey(bad)).toThrow(/cannot normalize string containing invalid UTF-8: "\\x99\\xeb\\x9d\\x18\\xa4G\\x84\\x04\]\\x87\\xf3\\xc6\|\\xf2'F"/);
  });

  it('refuses characters it carries no weight for, with LocalScale\'s own error', () => {
    expect(() => looseCollationKey(Buffer.from('Tax'))).toThrow(VitessError);
    expect(() => looseCollationKey(Buffer.from('Tax'))).toThrow(/no collation weight for U\+0061 "a"/);
  });
});

describe('unicode_loose_md5 (TestUnicodeLooseMD5Map)', () => {
  const vindex = vindexFor('unicode_loose_md5');
  const test = goBytes('\v^۴\x01\xfdu$96\x90I\x1dd\xf1\xf5');
  it.each<[VindexValue, string]>([
    ['Test', test], ['TEST', test], ['Te\u0301st', test], ['Tést', test],
    // Go's literal '²' is UTF-8 (c2 b2), which goBytes cannot tell from a \xb2 escape: written out.
    ['Bést', 'c2b2332e4f73d00741026249706f2fb6'],
    ['Test ', test],
    [' Test', goBytes('\xa2\xe3Q\\~\x8d\xf1\xff\xd2\xcc\xfc\x11Ʊ\x9d\xd1')],
    ['Test\t', goBytes('\x82Em\xd8z\x9cz\x02\xb1\xc2\x05kZ\xba\xa2r')],
    ['TéstLooong', goBytes('\x96\x83\xe1+\x80C\f\xd4S\xf5\xdfߺ\x81ɥ')],
    ['T', goBytes('\xac\x0f\x91y\xf5\x1d\xb8\x7f\xe8\xec\xc0\xcf@ʹz')],
  ])('map(%j)', (value, want) => {
    expect(want).toHaveLength(32);
    expect(hex(vindex.map(value))).toBe(want);
  });

  it('hashes integers by their text (lookup_unicodeloosemd5_hash: hashed10..hashed40)', () => {
    const first8 = (v: number) => vindex.map(v)?.readBigUInt64BE(0);
    expect(first8(10)).toBe(17563797831108199066n);
    expect(first8(20)).toBe(8729390916138266389n);
    expect(first8(30)).toBe(1472608112194674795n);
    expect(first8(40)).toBe(16576388050845489136n);
  });
});

describe('unicode_loose_xxhash (TestUnicodeLooseXXHashMap)', () => {
  const vindex = vindexFor('unicode_loose_xxhash');
  const test = goBytes('B\xd2\x13a\bzL\x07');
  it.each<[VindexValue, string]>([
    ['Test', test], ['TEst', test], ['Te\u0301st', test], ['Tést', test],
    ['Bést', goBytes('\x92iu\xb9\xce.\xc3\x16')],
    ['Test ', test],
    [' Test', goBytes('Oˋ\xe3N\xc0Wu')],
    ['Test\t', goBytes(' \xaf\x87\xfc6\xe3\xfdQ')],
    ['TéstLooong', goBytes('\xd3\xea\x879B\xb4\x84\xa7')],
    ['T', goBytes('\xf8\x1c;\xe2\xd5\x01\xfe\x18')],
    [null, goBytes('\x99\xe9\xd8Q7\xdbF\xef')],
  ])('map(%j)', (value, want) => {
    expect(want).toHaveLength(16);
    expect(hex(vindex.map(value))).toBe(want);
  });
});
