// Vindex lookup by the type a VSchema names, failing as vtgate's vindexes.CreateVindex does.
import { VitessError } from '../port/errors.js';
import { binaryMd5Vindex, binaryVindex } from './binary.js';
import { goQuote } from './go-quote.js';
import { hashVindex } from './hash.js';
import { numericVindex } from './numeric.js';
import { reverseBitsVindex } from './reverse-bits.js';
import type { Vindex, VindexType } from './types.js';
import { unicodeLooseMd5Vindex, unicodeLooseXxhashVindex } from './unicode-loose.js';
import { xxhashVindex } from './xxhash.js';

const registry: Readonly<Record<VindexType, Vindex>> = {
  hash: hashVindex,
  xxhash: xxhashVindex,
  unicode_loose_md5: unicodeLooseMd5Vindex,
  unicode_loose_xxhash: unicodeLooseXxhashVindex,
  binary_md5: binaryMd5Vindex,
  binary: binaryVindex,
  numeric: numericVindex,
  reverse_bits: reverseBitsVindex,
};

export const isVindexType = (type: string): type is VindexType => Object.hasOwn(registry, type);

/**
 * The vindex of a VSchema type. These functional vindexes take no parameters (Vitess reports
 * unknown ones as warnings, never errors), so params are accepted and ignored. An unknown type is
 * vtgate's `vindexType "foo" not found` (vtrpc NOT_FOUND, sent to MySQL clients as errno 1105).
 */
export function vindexFor(type: string, _params: Readonly<Record<string, string>> = {}): Vindex {
  if (!isVindexType(type)) throw new VitessError(`vindexType ${goQuote(type)} not found`, 1105, 'not_found');
  return registry[type];
}
