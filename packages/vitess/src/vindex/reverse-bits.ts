// Vitess's `reverse_bits` vindex: the uint64 with its 64 bits in reverse order, big-endian, so
// sequential ids spread across shards while staying reversible.
import { VitessError } from '../port/errors.js';
import { sqlValue, toUint64, uint64Bytes } from './sql-value.js';
import type { ReversibleVindex, VindexValue } from './types.js';

export function reverse64(n: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 64n; i++) out |= ((n >> i) & 1n) << (63n - i);
  return out;
}

export const reverseBitsVindex: ReversibleVindex = {
  type: 'reverse_bits',
  unique: true,
  cost: 1,
  map(value: VindexValue) {
    const n = toUint64(sqlValue(value));
    return n === undefined ? null : uint64Bytes(reverse64(n));
  },
  reverseMap(keyspaceId: Buffer) {
    if (keyspaceId.length !== 8) throw new VitessError(`invalid keyspace id: ${keyspaceId.toString('hex')}`);
    return reverse64(keyspaceId.readBigUInt64BE(0));
  },
};
