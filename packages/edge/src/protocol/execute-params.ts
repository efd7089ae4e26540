// The parameters of a COM_STMT_EXECUTE, read from the binary protocol and written back as SQL literals,
// for statements the edge must route per execution (a prepared write on a sharded keyspace): it puts
// the values into the statement's text and routes that. Types come with the first execution (the
// new-params-bound flag) and hold for later ones that omit them, as the protocol says.
import { ColumnType } from './constants.js';
import { PayloadReader, ProtocolError } from './wire.js';

export interface ExecuteParams {
  statementId: number;
  /** Each parameter as a SQL literal, in latin1 text like the rest of a query. */
  literals: string[];
  /** The types in force (to remember for executions that omit them). */
  types: number[];
}

const unsignedFlag = 0x8000;

/** Reads a COM_STMT_EXECUTE payload (command byte included) for a statement of `count` parameters. */
export function readExecuteParams(payload: Buffer, count: number, previousTypes: readonly number[] | null): ExecuteParams {
  const r = new PayloadReader(payload.subarray(1));
  const statementId = r.u32();
  r.u8(); // cursor flags: a routed write has no cursor
  r.u32(); // iteration count, always 1
  if (count === 0) return { statementId, literals: [], types: [] };
  const nullBitmap = r.bytes(Math.floor((count + 7) / 8));
  const bound = r.u8() === 1;
  let types: number[];
  if (bound) {
    types = [];
    for (let i = 0; i < count; i++) types.push(r.u16());
  } else if (previousTypes && previousTypes.length === count) {
    types = [...previousTypes];
  } else {
    throw new ProtocolError('COM_STMT_EXECUTE without parameter types before any were bound');
  }
  const literals: string[] = [];
  for (let i = 0; i < count; i++) {
    const isNull = (nullBitmap[i >> 3]! & (1 << (i & 7))) !== 0;
    literals.push(isNull ? 'NULL' : literal(r, types[i]!));
  }
  return { statementId, literals, types };
}

function literal(r: PayloadReader, type: number): string {
  const unsigned = (type & unsignedFlag) !== 0;
  switch (type & 0xff) {
    case ColumnType.NULL: return 'NULL';
    case ColumnType.TINY: { const v = r.u8(); return String(unsigned ? v : (v << 24) >> 24); }
    case ColumnType.SHORT:
    case ColumnType.YEAR: { const v = r.u16(); return String(unsigned ? v : (v << 16) >> 16); }
    case ColumnType.LONG:
    case ColumnType.INT24: { const v = r.u32(); return String(unsigned ? v : v | 0); }
    case ColumnType.LONGLONG: { const b = r.bytes(8); return String(unsigned ? b.readBigUInt64LE(0) : b.readBigInt64LE(0)); }
    case ColumnType.FLOAT: return floatLiteral(r.bytes(4).readFloatLE(0));
    case ColumnType.DOUBLE: return floatLiteral(r.bytes(8).readDoubleLE(0));
    case ColumnType.DATE:
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP: return quoted(Buffer.from(dateTime(r), 'latin1'));
    case ColumnType.TIME: return quoted(Buffer.from(time(r), 'latin1'));
    default: return quoted(r.lenencBytes());
  }
}

function floatLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new ProtocolError(`a parameter value MySQL cannot store: ${v}`);
  return String(v);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dateTime(r: PayloadReader): string {
  const length = r.u8();
  if (length === 0) return '0000-00-00 00:00:00';
  const b = r.bytes(length);
  const date = `${pad(b.readUInt16LE(0), 4)}-${pad(b[2]!)}-${pad(b[3]!)}`;
  if (length === 4) return date;
  const clock = `${pad(b[4]!)}:${pad(b[5]!)}:${pad(b[6]!)}`;
  return length === 11 ? `${date} ${clock}.${pad(b.readUInt32LE(7), 6)}` : `${date} ${clock}`;
}

function time(r: PayloadReader): string {
  const length = r.u8();
  if (length === 0) return '00:00:00';
  const b = r.bytes(length);
  const hours = b.readUInt32LE(1) * 24 + b[5]!;
  const clock = `${b[0] ? '-' : ''}${pad(hours)}:${pad(b[6]!)}:${pad(b[7]!)}`;
  return length === 12 ? `${clock}.${pad(b.readUInt32LE(8), 6)}` : clock;
}

/** A string literal of raw bytes (latin1 text), escaped as mysql2 and the MySQL client library do. */
function quoted(bytes: Buffer): string {
  const text = bytes.toString('latin1').replace(/[\0\n\r\b\t\x1a'"\\]/g, (c) => escapes[c]!);
  return `'${text}'`;
}

const escapes: Record<string, string> = {
  '\0': '\\0', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\t': '\\t', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\',
};
