// Building the server's response packets: OK, ERR, EOF, and text-protocol result sets.
import { binaryCollation, ColumnType, utf8mb4GeneralCi } from './constants.js';
import { frame, lenencInt, lenencString, u16 } from './wire.js';

export interface OkFields {
  affectedRows?: number;
  lastInsertId?: number;
  status: number;
  warnings?: number;
  info?: string;
}

export function okPayload(fields: OkFields): Buffer {
  return Buffer.concat([
    Buffer.from([0x00]), lenencInt(fields.affectedRows ?? 0), lenencInt(fields.lastInsertId ?? 0),
    u16(fields.status), u16(fields.warnings ?? 0), Buffer.from(fields.info ?? '', 'utf8'),
  ]);
}

export function errPayload(errno: number, sqlState: string, message: string): Buffer {
  return Buffer.concat([Buffer.from([0xff]), u16(errno), Buffer.from('#' + sqlState.padEnd(5, '0').slice(0, 5), 'latin1'), Buffer.from(message, 'utf8')]);
}

export function eofPayload(status: number, warnings = 0): Buffer {
  return Buffer.concat([Buffer.from([0xfe]), u16(warnings), u16(status)]);
}

export interface ColumnSpec {
  name: string;
  type: number;
  /** Maximum display length in bytes, as MySQL reports it. */
  length: number;
  flags?: number;
  decimals?: number;
  collation?: number;
  schema?: string;
  table?: string;
}

/** A text column of a result set the edge answers itself. */
export const varcharColumn = (name: string, chars = 256): ColumnSpec =>
  ({ name, type: ColumnType.VAR_STRING, length: chars * 4, collation: utf8mb4GeneralCi });

export function columnDefinitionPayload(col: ColumnSpec): Buffer {
  const fixed = Buffer.alloc(13);
  fixed[0] = 0x0c;
  fixed.writeUInt16LE(col.collation ?? binaryCollation, 1);
  fixed.writeUInt32LE(col.length >>> 0, 3);
  fixed[7] = col.type;
  fixed.writeUInt16LE(col.flags ?? 0, 8);
  fixed[10] = col.decimals ?? 0;
  return Buffer.concat([
    lenencString('def'), lenencString(col.schema ?? ''), lenencString(col.table ?? ''), lenencString(col.table ?? ''),
    lenencString(col.name), lenencString(col.name), fixed,
  ]);
}

export type Cell = string | number | null;

export function textRowPayload(cells: readonly Cell[]): Buffer {
  return Buffer.concat(cells.map((c) => (c === null ? Buffer.from([0xfb]) : lenencString(typeof c === 'number' ? formatNumber(c) : c))));
}

/** Numbers as MySQL prints them in the text protocol (no exponent for ordinary magnitudes). */
function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toFixed(0);
  return String(n);
}

/** The payloads of one complete text result set (column count, definitions, EOF, rows, EOF). */
export function resultSetPayloads(columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[], status: number): Buffer[] {
  return [
    lenencInt(columns.length),
    ...columns.map(columnDefinitionPayload),
    eofPayload(status),
    ...rows.map(textRowPayload),
    eofPayload(status),
  ];
}

/** Frames consecutive payloads of one response starting at `seq`. */
export function framePayloads(payloads: readonly Buffer[], seq: number): { bytes: Buffer; nextSeq: number } {
  const out: Buffer[] = [];
  let s = seq;
  for (const p of payloads) {
    const framed = frame(p, s);
    out.push(framed.bytes);
    s = framed.nextSeq;
  }
  return { bytes: Buffer.concat(out), nextSeq: s };
}

