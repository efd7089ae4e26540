// The shape every functional vindex LocalScale implements shares. Keyspace ids are raw bytes,
// exactly what Vitess's vindex Map produces (key.DestinationKeyspaceID).

/**
 * A column value as it reaches routing: what a SQL literal or a mysql2 parameter gives. number and
 * bigint integers stand for Vitess's INT64/UINT64 values, a string for VARCHAR, a Buffer for
 * VARBINARY, a non-integer number for a FLOAT64 literal.
 */
export type VindexValue = number | bigint | string | Buffer | null;

export const vindexTypes = [
  'hash', 'xxhash', 'unicode_loose_md5', 'unicode_loose_xxhash', 'binary_md5', 'binary', 'numeric', 'reverse_bits',
] as const;
export type VindexType = (typeof vindexTypes)[number];

export interface Vindex {
  readonly type: VindexType;
  /** Every vindex here maps a value to at most one keyspace id. */
  readonly unique: boolean;
  /** Vitess's planner cost: 0 when the value is the keyspace id, 1 when it is computed. */
  readonly cost: number;
  /**
   * The keyspace id of a value, or null where Vitess maps it to key.DestinationNone (the value
   * addresses no shard: NULL or a non-integer for the integer vindexes).
   */
  map(value: VindexValue): Buffer | null;
}

/** Vindexes Vitess can turn back from a keyspace id into the column value (Reversible). */
export interface ReversibleVindex extends Vindex {
  /** The column value: a uint64 for the integer vindexes, the bytes for `binary`. */
  reverseMap(keyspaceId: Buffer): bigint | Buffer;
}

export const isReversible = (vindex: Vindex): vindex is ReversibleVindex =>
  typeof (vindex as Partial<ReversibleVindex>).reverseMap === 'function';
