// psdb's QueryResult as the serverless driver reads it: Vitess's `query.QueryResult` in protobuf's
// JSON mapping. Fields carry Vitess type names (sqltypes: the MySQL type refined by the column flags,
// e.g. an unsigned BIGINT is UINT64, a binary-collated TEXT is BLOB); each row is its cells' lengths
// (-1 for NULL) and their bytes concatenated and base64-encoded. As in protobuf JSON, 64-bit integers
// are strings and zero values are left out.
import { ColumnFlag } from '../protocol/constants.js';
import type { Cell, ColumnSpec } from '../protocol/packets.js';
import type { ColumnDefinition, RawRow } from './connection.js';

export interface PsdbField {
  name: string;
  type?: string;
  table?: string;
  orgTable?: string;
  database?: string;
  orgName?: string;
  columnLength?: number;
  charset?: number;
  decimals?: number;
  flags?: number;
}

export interface PsdbRow { lengths: string[]; values?: string }

export interface PsdbResult {
  fields?: PsdbField[];
  rows?: PsdbRow[];
  rowsAffected?: string;
  insertId?: string;
}

const ENUM_FLAG = 0x100;
const SET_FLAG = 0x800;

/** MySQL column type code -> Vitess type name, before the flags refine it. */
const baseTypes: Record<number, string> = {
  0: 'DECIMAL', 1: 'INT8', 2: 'INT16', 3: 'INT32', 4: 'FLOAT32', 5: 'FLOAT64', 7: 'TIMESTAMP', 8: 'INT64', 9: 'INT24',
  10: 'DATE', 11: 'TIME', 12: 'DATETIME', 13: 'YEAR', 14: 'DATE', 15: 'VARCHAR', 16: 'BIT', 17: 'TIMESTAMP',
  18: 'DATETIME', 19: 'TIME', 245: 'JSON', 246: 'DECIMAL', 247: 'ENUM', 248: 'SET', 249: 'TEXT', 250: 'TEXT',
  251: 'TEXT', 252: 'TEXT', 253: 'VARCHAR', 254: 'CHAR', 255: 'GEOMETRY',
};

const unsignedOf: Record<string, string> = { INT8: 'UINT8', INT16: 'UINT16', INT24: 'UINT24', INT32: 'UINT32', INT64: 'UINT64' };

/** Vitess's type for a column (sqltypes.MySQLToType); undefined is NULL_TYPE, which JSON leaves out. */
export function vitessType(mysqlType: number, flags: number, format: string | null = null): string | undefined {
  if (format === 'json') return 'JSON';
  const base = baseTypes[mysqlType];
  if (base === undefined) return undefined;
  if (flags & ColumnFlag.UNSIGNED && unsignedOf[base]) return unsignedOf[base];
  const binary = (flags & ColumnFlag.BINARY) !== 0;
  switch (base) {
    case 'CHAR':
      if (binary) return 'BINARY';
      if (flags & ENUM_FLAG) return 'ENUM';
      if (flags & SET_FLAG) return 'SET';
      return base;
    case 'VARCHAR': return binary ? 'VARBINARY' : base;
    case 'TEXT': return binary ? 'BLOB' : base;
    default: return base;
  }
}

/** The field with its empty values left out, as protobuf's JSON leaves zero values out (built without `delete`, which is slow). */
function omitEmpty(field: Record<string, string | number | undefined>): PsdbField {
  const out: Record<string, string | number> = {};
  for (const k in field) {
    const v = field[k];
    if (v !== '' && v !== 0 && v !== undefined) out[k] = v;
  }
  return out as unknown as PsdbField;
}

/**
 * A column from the upstream server, with the branch's physical names made logical as vtgate shows
 * them, as on the MySQL protocol: `schemaOf` gives the keyspace as `database`, `columnOf` the
 * `Tables_in_<keyspace>` of SHOW TABLES (see LogicalNames).
 */
export function upstreamField(
  c: ColumnDefinition, schemaOf: (database: string, table: string) => string, columnOf: (name: string) => string = (n) => n,
): PsdbField {
  const name = columnOf(c.name);
  const field = omitEmpty({
    name, type: vitessType(c.type, c.flags, c.format), table: c.table, orgTable: c.orgTable,
    database: schemaOf(c.schema, c.table), orgName: c.orgName, columnLength: c.length, charset: c.charset,
    decimals: c.decimals, flags: c.flags,
  });
  field.name = name;
  return field;
}

/** A column of a result the edge answers itself. */
export function localField(c: ColumnSpec): PsdbField {
  const field = omitEmpty({
    name: c.name, type: vitessType(c.type, c.flags ?? 0), table: c.table, orgTable: c.table, database: c.schema,
    columnLength: c.length, charset: c.collation ?? 63, decimals: c.decimals, flags: c.flags,
  });
  field.name = c.name;
  return field;
}

/**
 * A row with the branch's physical database names in the `flagged` cells (information_schema's
 * TABLE_SCHEMA and the like) replaced by keyspaces, as on the MySQL protocol; the row itself when
 * nothing changes.
 */
export function renameSchemaCells(row: RawRow, flagged: readonly boolean[], keyspaceOf: (database: string) => string | undefined): RawRow {
  let at = 0;
  let changed = false;
  const lengths: number[] = [];
  const parts: Buffer[] = [];
  row.lengths.forEach((length, i) => {
    lengths.push(length);
    if (length < 0) return;
    const cell = row.values.subarray(at, at + length);
    at += length;
    const keyspace = flagged[i] ? keyspaceOf(cell.toString('utf8')) : undefined;
    if (keyspace === undefined) { parts.push(cell); return; }
    const bytes = Buffer.from(keyspace, 'utf8');
    parts.push(bytes);
    lengths[i] = bytes.length;
    changed = true;
  });
  return changed ? { lengths, values: Buffer.concat(parts) } : row;
}

export function encodeRow(row: RawRow): PsdbRow {
  const out: PsdbRow = { lengths: row.lengths.map(String) };
  if (row.values.length) out.values = row.values.toString('base64');
  return out;
}

function cellBytes(c: Cell): Buffer | null {
  if (c === null) return null;
  if (typeof c === 'number') return Buffer.from(Number.isInteger(c) ? c.toFixed(0) : String(c), 'latin1');
  return Buffer.from(c, 'utf8');
}

export function encodeLocalRow(cells: readonly Cell[]): PsdbRow {
  const parts = cells.map(cellBytes);
  return encodeRow({ lengths: parts.map((p) => (p === null ? -1 : p.length)), values: Buffer.concat(parts.filter((p): p is Buffer => p !== null)) });
}

export function okResult(affectedRows: bigint, insertId: bigint): PsdbResult {
  const result: PsdbResult = {};
  if (affectedRows !== 0n) result.rowsAffected = affectedRows.toString();
  if (insertId !== 0n) result.insertId = insertId.toString();
  return result;
}
