// Vitess's `xxhash` vindex: XXH64 of the value's text bytes (Value.ToBytes), so NULL hashes the empty string.
import { sqlBytes, sqlValue } from './sql-value.js';
import type { Vindex, VindexValue } from './types.js';
import { xxh64Keyspace } from './xxhash64.js';

export const xxhashVindex: Vindex = {
  type: 'xxhash',
  unique: true,
  cost: 1,
  map: (value: VindexValue) => xxh64Keyspace(sqlBytes(sqlValue(value))),
};
