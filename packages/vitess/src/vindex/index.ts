// Vindexes (column value -> keyspace id, byte-exact with Vitess) and key ranges (keyspace id -> shard).
export { vindexTypes, isReversible, type Vindex, type ReversibleVindex, type VindexType, type VindexValue } from './types.js';
export { vindexFor, isVindexType } from './registry.js';
export { xxh64 } from './xxhash64.js';
export { looseCollationKey } from './unicode-loose.js';
export {
  parseShardName, keyRangeContains, shardForKeyspaceId, evenShardNames, isKeyRangeName, fullKeyRange, type KeyRange,
} from './key-range.js';
