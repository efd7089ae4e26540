// How a routed value looks to Vitess: the sqltypes.Value it would be (INT64, UINT64, FLOAT64,
// DECIMAL, VARCHAR/VARBINARY, NULL), its bytes (Value.ToBytes) and its uint64 (evalengine.ToUint64),
// with the exact parse rules Go's strconv applies.
import { VitessError } from '../port/errors.js';
import type { VindexValue } from './types.js';

export type SqlValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'int64' | 'uint64'; readonly int: bigint }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Buffer };

const minInt64 = -(1n << 63n);
const maxInt64 = (1n << 63n) - 1n;
const maxUint64 = (1n << 64n) - 1n;

function integral(n: bigint): SqlValue {
  if (n >= minInt64 && n <= maxInt64) return { kind: 'int64', int: n };
  if (n > maxInt64 && n <= maxUint64) return { kind: 'uint64', int: n };
  // Past uint64 a SQL literal is a DECIMAL: it has text but no integer Vitess can route by.
  return { kind: 'number', text: n.toString() };
}

export function sqlValue(value: VindexValue): SqlValue {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'bigint') return integral(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new VitessError(`cannot route by a non-finite number: ${value}`);
    return Number.isInteger(value) ? integral(BigInt(value)) : { kind: 'number', text: String(value) };
  }
  if (typeof value === 'string') return { kind: 'bytes', bytes: Buffer.from(value, 'utf8') };
  return { kind: 'bytes', bytes: value };
}

/** Value.ToBytes: the value's text as MySQL sends it; NULL has none. */
export function sqlBytes(v: SqlValue): Buffer {
  switch (v.kind) {
    case 'null': return Buffer.alloc(0);
    case 'int64': case 'uint64': return Buffer.from(v.int.toString(), 'ascii');
    case 'number': return Buffer.from(v.text, 'ascii');
    case 'bytes': return v.bytes;
  }
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits only, in int64 range. */
function goParseInt(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= minInt64 && n <= maxInt64 ? n : undefined;
}

/** strconv.ParseUint(s, 10, 64): decimal digits only (no sign), in uint64 range. */
function goParseUint(s: string): bigint | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n <= maxUint64 ? n : undefined;
}

/**
 * The integer Vitess reads from a value that is not typed INT64/UINT64 (evalengine's best effort:
 * ParseInt, then ParseUint), or undefined where it gives "could not parse value".
 */
function bestEffortInteger(v: SqlValue): bigint | undefined {
  let text: string;
  switch (v.kind) {
    case 'int64': case 'uint64': return v.int;
    case 'null': text = ''; break;
    case 'number': text = v.text; break;
    case 'bytes': text = v.bytes.toString('latin1'); break;
  }
  return goParseInt(text) ?? goParseUint(text);
}

/**
 * evalengine.ToUint64: negative integers are refused ("negative number cannot be converted to
 * unsigned"), whatever their SQL type. undefined is the error the vindexes turn into DestinationNone.
 */
export function toUint64(v: SqlValue): bigint | undefined {
  const n = bestEffortInteger(v);
  return n === undefined || n < 0n ? undefined : n;
}

/**
 * The hash vindex's conversion: a value typed INT64 goes through as its two's complement (hash.go:
 * "ToUint64 with no check on negative values"); anything else as toUint64, so the string '-1' maps nowhere.
 */
export function toUint64TwosComplement(v: SqlValue): bigint | undefined {
  return v.kind === 'int64' ? BigInt.asUintN(64, v.int) : toUint64(v);
}

export const uint64Bytes = (n: bigint): Buffer => {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(n);
  return out;
};
