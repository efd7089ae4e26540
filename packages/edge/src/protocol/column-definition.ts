// A column-definition packet (protocol 41) with the branch's physical names replaced by logical ones:
// lenenc strings catalog ("def"), schema, table, org_table, name, org_name, then the fixed fields (and
// MariaDB's extended metadata), which are copied byte for byte. Also the text-protocol rows of
// information_schema results, whose schema-name cells vtgate shows as keyspaces.
import type { LogicalNames } from './logical-names.js';
import { lenencString, PayloadReader, ProtocolError } from './wire.js';

/** information_schema columns that hold a database name (vtgate shows the keyspace there). */
const schemaNameColumns = new Set([
  'TABLE_SCHEMA', 'SCHEMA_NAME', 'CONSTRAINT_SCHEMA', 'UNIQUE_CONSTRAINT_SCHEMA', 'REFERENCED_TABLE_SCHEMA',
  'INDEX_SCHEMA', 'TRIGGER_SCHEMA', 'EVENT_OBJECT_SCHEMA', 'ROUTINE_SCHEMA', 'EVENT_SCHEMA',
]);

/** Whether a result column holds database names, by its name or its original name. */
export const holdsSchemaNames = (name: string, orgName: string): boolean =>
  schemaNameColumns.has(name.toUpperCase()) || schemaNameColumns.has(orgName.toUpperCase());

export interface RenamedColumn {
  /** The new payload; null when nothing changed or the payload is not a column definition. */
  payload: Buffer | null;
  /** The column holds database names (its name or original name is e.g. TABLE_SCHEMA). */
  schemaNames: boolean;
}

/**
 * How a column-definition payload changes when its names are made logical: the span of its schema
 * (a length-encoded string) and what replaces it, the span of its name and original name and what
 * replaces them (null: kept), and the payload's new length. Offsets are in the buffer that was read.
 */
export interface ColumnEdit {
  schemaFrom: number; schemaTo: number; schema: Buffer | null;
  namesFrom: number; namesTo: number; names: Buffer | null;
  length: number;
}

export interface ColumnReading {
  /** Null when nothing changes or the bytes are not a column definition. */
  edit: ColumnEdit | null;
  /** The column holds database names (its name or original name is e.g. TABLE_SCHEMA). */
  schemaNames: boolean;
}

const notAColumn: ColumnReading = { edit: null, schemaNames: false };

/** Set by `lenencStringAt`: where the string's bytes start. */
let stringStart = 0;

/** The end of the length-encoded string at `buf[at]` (its bytes start at `stringStart`); -1 past `end`. */
function lenencStringAt(buf: Buffer, at: number, end: number): number {
  if (at >= end) return -1;
  const b = buf[at]!;
  let length: number;
  if (b < 0xfb) { length = b; stringStart = at + 1; }
  else if (b === 0xfc && at + 3 <= end) { length = buf.readUInt16LE(at + 1); stringStart = at + 3; }
  else if (b === 0xfd && at + 4 <= end) { length = buf.readUIntLE(at + 1, 3); stringStart = at + 4; }
  else return -1;
  const next = stringStart + length;
  return next <= end ? next : -1;
}

/** Whether the bytes spell `Tables_in_...` (SHOW TABLES' column), which is renamed. */
const tablesInBytes = Buffer.from('Tables_in_', 'latin1');
const startsTablesIn = (buf: Buffer, from: number, to: number) =>
  to - from >= tablesInBytes.length && buf.compare(tablesInBytes, 0, tablesInBytes.length, from, from + tablesInBytes.length) === 0;

/** information_schema's database-name columns are 11 to 24 characters long. */
const mayHoldSchemaNames = (from: number, to: number) => to - from >= 11 && to - from <= 24;

/**
 * Reads the column-definition payload `buf[off..off+length)` and says how its names become logical. It
 * reads in place (no copies): it runs for every column of every result the edge relays.
 */
export function readColumnDefinition(buf: Buffer, off: number, length: number, names: LogicalNames): ColumnReading {
  const end = off + length;
  let at = lenencStringAt(buf, off, end); // catalog
  if (at === -1 || at - stringStart !== 3 || buf[stringStart] !== 0x64 || buf[stringStart + 1] !== 0x65 || buf[stringStart + 2] !== 0x66) return notAColumn;
  const schemaFrom = at;
  at = lenencStringAt(buf, at, end);
  if (at === -1) return notAColumn;
  const schemaTo = at;
  const schemaStart = stringStart;
  at = lenencStringAt(buf, at, end); // table
  if (at === -1) return notAColumn;
  const tableEmpty = at === stringStart;
  at = lenencStringAt(buf, at, end); // org_table
  if (at === -1) return notAColumn;
  const namesFrom = at;
  at = lenencStringAt(buf, at, end);
  if (at === -1) return notAColumn;
  const nameFrom = stringStart, nameTo = at;
  at = lenencStringAt(buf, at, end);
  if (at === -1) return notAColumn;
  const orgFrom = stringStart, namesTo = at;

  let schemaNames = false;
  if (mayHoldSchemaNames(nameFrom, nameTo) || mayHoldSchemaNames(orgFrom, namesTo)) {
    schemaNames = holdsSchemaNames(buf.toString('utf8', nameFrom, nameTo), buf.toString('utf8', orgFrom, namesTo));
  }
  let schema: Buffer | null = null;
  if (schemaTo > schemaStart || !tableEmpty) {
    const database = buf.toString('utf8', schemaStart, schemaTo);
    const logical = names.schemaOf(database, !tableEmpty);
    if (logical !== database) schema = names.lenenc(logical);
  }
  // MariaDB reports SHOW TABLES' column as its org_name too: both leave logical.
  let renamed: Buffer | null = null;
  if (startsTablesIn(buf, nameFrom, nameTo) || startsTablesIn(buf, orgFrom, namesTo)) {
    const name = buf.toString('utf8', nameFrom, nameTo), orgName = buf.toString('utf8', orgFrom, namesTo);
    const newName = names.column(name), newOrgName = names.column(orgName);
    if (newName !== name || newOrgName !== orgName) renamed = Buffer.concat([lenencString(newName), lenencString(newOrgName)]);
  }
  if (schema === null && renamed === null) return schemaNames ? { edit: null, schemaNames } : notAColumn;
  const newLength = length
    + (schema === null ? 0 : schema.length - (schemaTo - schemaFrom))
    + (renamed === null ? 0 : renamed.length - (namesTo - namesFrom));
  return { edit: { schemaFrom, schemaTo, schema, namesFrom, namesTo, names: renamed, length: newLength }, schemaNames };
}

/** Writes the payload `buf[off..end)` with `edit` applied into `out` at `to`; returns where it ended. */
export function writeEditedColumn(buf: Buffer, off: number, end: number, edit: ColumnEdit, out: Buffer, to: number): number {
  let w = to;
  w += buf.copy(out, w, off, edit.schemaFrom);
  if (edit.schema) w += edit.schema.copy(out, w);
  else w += buf.copy(out, w, edit.schemaFrom, edit.schemaTo);
  w += buf.copy(out, w, edit.schemaTo, edit.namesFrom);
  if (edit.names) w += edit.names.copy(out, w);
  else w += buf.copy(out, w, edit.namesFrom, edit.namesTo);
  w += buf.copy(out, w, edit.namesTo, end);
  return w;
}

/**
 * The payload with its schema and names made logical. An ERR packet where a definition was expected
 * is passed on as it is.
 */
export function renameColumn(payload: Buffer, names: LogicalNames): RenamedColumn {
  const { edit, schemaNames } = readColumnDefinition(payload, 0, payload.length, names);
  if (!edit) return { payload: null, schemaNames };
  const out = Buffer.allocUnsafe(edit.length);
  writeEditedColumn(payload, 0, payload.length, edit, out, 0);
  return { payload: out, schemaNames };
}

/** `renameColumn`'s payload alone. */
export const renameColumnDefinition = (payload: Buffer, names: LogicalNames): Buffer | null => renameColumn(payload, names).payload;

/**
 * A text-protocol row with the physical database names in the flagged cells made keyspaces; null when
 * nothing changes or the payload is not a row (the EOF or ERR that ends the rows).
 */
export function renameRowCells(payload: Buffer, flagged: readonly boolean[], names: LogicalNames): Buffer | null {
  if (payload.length === 0 || payload[0] === 0xff || (payload[0] === 0xfe && payload.length < 9)) return null;
  try {
    const r = new PayloadReader(payload);
    const parts: Buffer[] = [];
    let copiedTo = 0;
    for (let i = 0; i < flagged.length && r.remaining; i++) {
      const at = r.offset;
      if (payload[at] === 0xfb) { r.skip(1); continue; }
      const value = r.lenencBytes();
      if (!flagged[i]) continue;
      const keyspace = names.keyspaceOf(value.toString('utf8'));
      if (keyspace === undefined) continue;
      parts.push(payload.subarray(copiedTo, at), lenencString(keyspace));
      copiedTo = r.offset;
    }
    if (!parts.length) return null;
    parts.push(payload.subarray(copiedTo));
    return Buffer.concat(parts);
  } catch (err) {
    if (err instanceof ProtocolError) return null;
    throw err;
  }
}
