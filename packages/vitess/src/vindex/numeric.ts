// Vitess's `numeric` vindex: the uint64 itself, 8 bytes big-endian. Negative numbers and
// non-integers have no uint64 (evalengine.ToUint64) and address no shard.
import { VitessError } from '../port/errors.js';
import { sqlValue, toUint64, uint64Bytes } from './sql-value.js';
import type { ReversibleVindex, VindexValue } from './types.js';

export const numericVindex: ReversibleVindex = {
  type: 'numeric',
  unique: true,
  cost: 0,
  map(value: VindexValue) {
    const n = toUint64(sqlValue(value));
    return n === undefined ? null : uint64Bytes(n);
  },
  reverseMap(keyspaceId: Buffer) {
    if (keyspaceId.length !== 8) {
      throw new VitessError(`Numeric.ReverseMap: length of keyspaceId is not 8: ${keyspaceId.length}`);
    }
    return keyspaceId.readBigUInt64BE(0);
  },
};
