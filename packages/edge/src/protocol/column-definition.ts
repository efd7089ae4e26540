// A column-definition packet (protocol 41) with the branch's physical names replaced by logical ones:
// lenenc strings catalog ("def"), schema, table, org_table, name, org_name, then the fixed fields (and
// MariaDB's extended metadata), which are copied byte for byte.
import type { LogicalNames } from './logical-names.js';
import { lenencString, PayloadReader, ProtocolError } from './wire.js';

const catalog = Buffer.from('def', 'latin1');

/**
 * The payload with its schema and name made logical, or null when nothing changes or the payload is
 * not a column definition (an ERR packet where a definition was expected is passed on as it is).
 */
export function renameColumnDefinition(payload: Buffer, names: LogicalNames): Buffer | null {
  try {
    const r = new PayloadReader(payload);
    if (!r.lenencBytes().equals(catalog)) return null;
    const schemaAt = r.offset;
    const schema = r.lenencBytes().toString('utf8');
    const schemaEnd = r.offset;
    r.lenencBytes(); // table
    r.lenencBytes(); // org_table
    const nameAt = r.offset;
    const name = r.lenencBytes().toString('utf8');
    const orgName = r.lenencBytes().toString('utf8');
    const namesEnd = r.offset;
    const newSchema = names.schema(schema);
    // MariaDB reports SHOW TABLES' column as its org_name too: both leave logical.
    const newName = names.column(name);
    const newOrgName = names.column(orgName);
    if (newSchema === schema && newName === name && newOrgName === orgName) return null;
    return Buffer.concat([
      payload.subarray(0, schemaAt),
      newSchema === schema ? payload.subarray(schemaAt, schemaEnd) : lenencString(newSchema),
      payload.subarray(schemaEnd, nameAt),
      lenencString(newName),
      lenencString(newOrgName),
      payload.subarray(namesEnd),
    ]);
  } catch (err) {
    if (err instanceof ProtocolError) return null;
    throw err;
  }
}
