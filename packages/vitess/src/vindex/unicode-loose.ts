// Vitess's `unicode_loose_md5` and `unicode_loose_xxhash`: the value's text, trailing spaces
// trimmed (MySQL's PAD SPACE), turned into its primary-level collation key (golang.org/x/text
// collate, root/English, collate.Loose: case, accents and width ignored) and hashed.
//
// The key is the sequence of the characters' primary weights, two bytes each (big-endian, all
// below 0x8000), characters with no primary weight (combining accents) leaving nothing. Reproducing
// Go's whole CLDR table is out of reach here, so LocalScale carries the weights it can check against
// Vitess's own test vectors and refuses, with its own error, any other character rather than
// computing a keyspace id Vitess would not.
import { VitessError } from '../port/errors.js';
import { md5 } from './binary.js';
import { goQuote } from './go-quote.js';
import { sqlBytes, sqlValue } from './sql-value.js';
import type { Vindex, VindexValue } from './types.js';
import { xxh64Keyspace } from './xxhash64.js';

/**
 * Primary weights by lower-case character. Tab, space and the letters b e g l n o s t appear in
 * Vitess's normalisation vectors (unicode_test.go TestNormalization); the digits 0-4 are confirmed
 * by its lookup_unicodeloosemd5_hash vectors (the hashes of "10".."40"), and 5-9 follow from the
 * collation giving the decimal digits consecutive weights.
 */
const primaryWeights: ReadonlyMap<string, number> = new Map<string, number>([
  ['\t', 0x0100], [' ', 0x0109],
  ...Array.from({ length: 10 }, (_, d): [string, number] => [String(d), 0x14e6 + d]),
  ['b', 0x1605], ['e', 0x164c], ['g', 0x1691], ['l', 0x1711], ['n', 0x174f], ['o', 0x1771], ['s', 0x17f3], ['t', 0x1816],
]);

/** Combining diacritical marks: ignorable at the primary level, which is what makes é equal e. */
const isPrimaryIgnorable = (cp: number) => cp >= 0x0300 && cp <= 0x036f;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function looseCollationKey(bytes: Buffer): Buffer {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new VitessError(`cannot normalize string containing invalid UTF-8: ${goQuote(bytes)}`);
  }
  const weights: number[] = [];
  for (const ch of text.replace(/ +$/, '').normalize('NFD')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isPrimaryIgnorable(cp)) continue;
    const w = primaryWeights.get(ch.toLowerCase());
    if (w === undefined) {
      throw new VitessError(
        `unicode_loose vindex: LocalScale has no collation weight for U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${goQuote(ch)}`,
      );
    }
    weights.push(w);
  }
  const key = Buffer.alloc(weights.length * 2);
  weights.forEach((w, i) => key.writeUInt16BE(w, i * 2));
  return key;
}

const looseKey = (value: VindexValue) => looseCollationKey(sqlBytes(sqlValue(value)));

export const unicodeLooseMd5Vindex: Vindex = {
  type: 'unicode_loose_md5',
  unique: true,
  cost: 1,
  map: (value: VindexValue) => md5(looseKey(value)),
};

export const unicodeLooseXxhashVindex: Vindex = {
  type: 'unicode_loose_xxhash',
  unique: true,
  cost: 1,
  map: (value: VindexValue) => xxh64Keyspace(looseKey(value)),
};
