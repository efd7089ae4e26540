// Vitess's `hash` vindex: the 8-byte big-endian uint64 encrypted with DES under an all-zero key.
// Vitess calls it 3DES; with a zero key EDE collapses to single DES, so des-ede3 with 24 zero bytes
// (which Node's OpenSSL keeps in its default provider, unlike plain des-ecb) gives the same block.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { VitessError } from '../port/errors.js';
import { sqlValue, toUint64TwosComplement, uint64Bytes } from './sql-value.js';
import type { ReversibleVindex, VindexValue } from './types.js';

const zeroKey = Buffer.alloc(24);

// ECB keeps no state between blocks and, without padding, returns each 8-byte block as soon as it is
// given, so one cipher each way serves every value (building one per value dominated routing's cost).
const encryptor = createCipheriv('des-ede3', zeroKey, null).setAutoPadding(false);
const decryptor = createDecipheriv('des-ede3', zeroKey, null).setAutoPadding(false);

function desBlock(block: Buffer, encrypt: boolean): Buffer {
  const out = (encrypt ? encryptor : decryptor).update(block);
  if (out.length !== 8) throw new VitessError(`hash vindex: DES returned ${out.length} bytes for one block`);
  return out;
}

export const hashUint64 = (n: bigint): Buffer => desBlock(uint64Bytes(n), true);

export function unhashKeyspaceId(keyspaceId: Buffer): bigint {
  if (keyspaceId.length !== 8) throw new VitessError(`invalid keyspace id: ${keyspaceId.toString('hex')}`);
  return desBlock(keyspaceId, false).readBigUInt64BE(0);
}

export const hashVindex: ReversibleVindex = {
  type: 'hash',
  unique: true,
  cost: 1,
  map(value: VindexValue) {
    const n = toUint64TwosComplement(sqlValue(value));
    return n === undefined ? null : hashUint64(n);
  },
  reverseMap: unhashKeyspaceId,
};
