// XXH64 (seed 0), the hash github.com/cespare/xxhash computes for Vitess. BigInt arithmetic kept to
// 64 bits with asUintN: clear over fast, since routing hashes short keys.
const mask = (n: bigint) => BigInt.asUintN(64, n);
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint) => mask((x << r) | (x >> (64n - r)));
const round = (acc: bigint, lane: bigint) => mask(rotl(mask(acc + mask(lane * P2)), 31n) * P1);
const merge = (acc: bigint, v: bigint) => mask(mask((acc ^ round(0n, v)) * P1) + P4);

export function xxh64(input: Buffer, seed = 0n): bigint {
  const len = input.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = mask(seed + P1 + P2);
    let v2 = mask(seed + P2);
    let v3 = seed;
    let v4 = mask(seed - P1);
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, input.readBigUInt64LE(i));
      v2 = round(v2, input.readBigUInt64LE(i + 8));
      v3 = round(v3, input.readBigUInt64LE(i + 16));
      v4 = round(v4, input.readBigUInt64LE(i + 24));
    }
    h = mask(rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n));
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = mask(seed + P5);
  }
  h = mask(h + BigInt(len));
  for (; i + 8 <= len; i += 8) h = mask(mask(rotl(h ^ round(0n, input.readBigUInt64LE(i)), 27n) * P1) + P4);
  if (i + 4 <= len) {
    h = mask(mask(rotl(h ^ mask(BigInt(input.readUInt32LE(i)) * P1), 23n) * P2) + P3);
    i += 4;
  }
  for (; i < len; i++) h = mask(rotl(h ^ mask(BigInt(input[i] ?? 0) * P5), 11n) * P1);
  h = mask((h ^ (h >> 33n)) * P2);
  h = mask((h ^ (h >> 29n)) * P3);
  return h ^ (h >> 32n);
}

/** Vitess stores the sum little-endian (binary.LittleEndian.PutUint64 in vXXHash, despite the
 *  XXHashBigEndian name of the unicode vindex's digest wrapper). */
export function xxh64Keyspace(input: Buffer): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(xxh64(input));
  return out;
}
