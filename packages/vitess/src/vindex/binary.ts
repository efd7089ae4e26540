// Vitess's byte-string vindexes: `binary` (the value's bytes are the keyspace id) and `binary_md5`
// (their MD5). Both take Value.ToBytes, so an integer routes by its decimal text.
import { createHash } from 'node:crypto';
import { sqlBytes, sqlValue } from './sql-value.js';
import type { ReversibleVindex, Vindex, VindexValue } from './types.js';

export const binaryVindex: ReversibleVindex = {
  type: 'binary',
  unique: true,
  cost: 0,
  map: (value: VindexValue) => Buffer.from(sqlBytes(sqlValue(value))),
  reverseMap: (keyspaceId: Buffer) => Buffer.from(keyspaceId),
};

export const md5 = (bytes: Buffer): Buffer => createHash('md5').update(bytes).digest();

export const binaryMd5Vindex: Vindex = {
  type: 'binary_md5',
  unique: true,
  cost: 1,
  map: (value: VindexValue) => md5(sqlBytes(sqlValue(value))),
};
