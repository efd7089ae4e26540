// Shard names as key ranges, the way Vitess reads them (topo.ValidateShardName, key.ParseShardingSpec,
// key.KeyRangeContains): `40-80` is [0x40, 0x80) over keyspace ids compared as byte strings, an empty
// bound is open, and `-` (or a name that is no key range at all, such as `0`) covers everything.
import { shardNames } from '@localscale/mysql';
import { VitessError } from '../port/errors.js';

/** [start, end) of keyspace ids; an empty start is the minimum, an empty end the maximum. */
export interface KeyRange {
  readonly start: Buffer;
  readonly end: Buffer;
}

export const fullKeyRange: KeyRange = { start: Buffer.alloc(0), end: Buffer.alloc(0) };

const keyRangePattern = /^[0-9a-fA-F]*-[0-9a-fA-F]*$/;

/** key.IsKeyRange: does the shard name describe a key range (as opposed to a plain name like `0`)? */
export const isKeyRangeName = (name: string): boolean => keyRangePattern.test(name);

function decodeHex(hex: string): Buffer {
  // Go's hex.DecodeString refuses odd lengths; Buffer.from would silently drop the last digit.
  if (hex.length % 2 !== 0) throw new VitessError('encoding/hex: odd length hex string');
  return Buffer.from(hex, 'hex');
}

/** The key range a shard name stands for. */
export function parseShardName(name: string): KeyRange {
  if (name.includes('/')) throw new VitessError(`invalid shardname, may not contain '/': ${name}`);
  if (!isKeyRangeName(name)) return fullKeyRange;
  const [startHex = '', endHex = ''] = name.toLowerCase().split('-');
  const range = { start: decodeHex(startHex), end: decodeHex(endHex) };
  if (range.end.length > 0 && Buffer.compare(range.start, range.end) >= 0) {
    throw new VitessError(`out of order keyrange: ${name}`);
  }
  return range;
}

/** key.KeyRangeContains: start <= id, and id < end unless the end is open. */
export const keyRangeContains = (range: KeyRange, keyspaceId: Buffer): boolean =>
  Buffer.compare(range.start, keyspaceId) <= 0 && (range.end.length === 0 || Buffer.compare(keyspaceId, range.end) < 0);

/** Parsed ranges per list of shard names: a keyspace's list is read once, not per routed row. */
const rangesOf = new WeakMap<readonly string[], readonly KeyRange[]>();

/** The shard (of a keyspace's shard names) whose range holds the keyspace id; undefined if none does. */
export function shardForKeyspaceId(shards: readonly string[], keyspaceId: Buffer): string | undefined {
  let ranges = rangesOf.get(shards);
  if (!ranges) { ranges = shards.map(parseShardName); rangesOf.set(shards, ranges); }
  const i = ranges.findIndex((range) => keyRangeContains(range, keyspaceId));
  return i === -1 ? undefined : shards[i];
}

/**
 * The names of N equal shards. The one source is @localscale/mysql's shardNames (the physical
 * databases are named by it), which agrees with Vitess's key.GenerateShardRanges for every power of
 * two and every count below 49 (2: -80 80-; 3: -55 55-aa aa-; 4: -40 40-80 80-c0 c0-). Vitess
 * computes bounds in float64 and, for a few counts (49, 98, 103, ...), ends the last shard at `ff`
 * or drifts an inner bound by one; LocalScale keeps exact bounds so every keyspace id has a shard.
 */
export const evenShardNames = (count: number): string[] => shardNames(count);
