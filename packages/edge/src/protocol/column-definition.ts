// A column-definition packet (protocol 41) with the branch's physical names replaced by logical ones:
// lenenc strings catalog ("def"), schema, table, org_table, name, org_name, then the fixed fields (and
// MariaDB's extended metadata), which are copied byte for byte. Also the text-protocol rows of
// information_schema results, whose schema-name cells vtgate shows as keyspaces.
import type { LogicalNames } from './logical-names.js';
import { lenencString, PayloadReader, ProtocolError } from './wire.js';

const catalog = Buffer.from('def', 'latin1');

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
 * The payload with its schema and names made logical. An ERR packet where a definition was expected
 * is passed on as it is.
 */
export function renameColumn(payload: Buffer, names: LogicalNames): RenamedColumn {
  try {
    const r = new PayloadReader(payload);
    if (!r.lenencBytes().equals(catalog)) return { payload: null, schemaNames: false };
    const schemaAt = r.offset;
    const schema = r.lenencBytes().toString('utf8');
    const schemaEnd = r.offset;
    const table = r.lenencBytes().toString('utf8');
    r.lenencBytes(); // org_table
    const nameAt = r.offset;
    const name = r.lenencBytes().toString('utf8');
    const orgName = r.lenencBytes().toString('utf8');
    const namesEnd = r.offset;
    const schemaNames = holdsSchemaNames(name, orgName);
    const newSchema = names.schema(schema, table);
    // MariaDB reports SHOW TABLES' column as its org_name too: both leave logical.
    const newName = names.column(name);
    const newOrgName = names.column(orgName);
    if (newSchema === schema && newName === name && newOrgName === orgName) return { payload: null, schemaNames };
    return {
      payload: Buffer.concat([
        payload.subarray(0, schemaAt),
        newSchema === schema ? payload.subarray(schemaAt, schemaEnd) : lenencString(newSchema),
        payload.subarray(schemaEnd, nameAt),
        lenencString(newName),
        lenencString(newOrgName),
        payload.subarray(namesEnd),
      ]),
      schemaNames,
    };
  } catch (err) {
    if (err instanceof ProtocolError) return { payload: null, schemaNames: false };
    throw err;
  }
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
