// Reading a keyspace's VSchema back through vtgate's SHOW VSCHEMA statements (vtgate has no SQL that
// returns the VSchema document itself): sharding, vindexes, and each table's column vindexes.
import type { Connection, Row } from '@localscale/mysql';
import { parseParams, type KeyspaceDef, type TableDef } from './vschema-sql.js';

const field = (row: Row, name: string) => String(row[name] ?? row[name.toLowerCase()] ?? '');

export async function readVSchema(conn: Connection, keyspace: string): Promise<KeyspaceDef> {
  const [keyspaces] = await conn.query<Row[]>('SHOW VSCHEMA KEYSPACES');
  const sharded = keyspaces.some((r) => field(r, 'Keyspace') === keyspace && field(r, 'Sharded') === 'true');
  const [vindexRows] = await conn.query<Row[]>('SHOW VSCHEMA VINDEXES');
  const vindexes: KeyspaceDef['vindexes'] = {};
  for (const r of vindexRows) {
    if (field(r, 'Keyspace') && field(r, 'Keyspace') !== keyspace) continue;
    const params = parseParams(field(r, 'Params'));
    vindexes[field(r, 'Name')] = { type: field(r, 'Type'), ...(params ? { params } : {}), ...(field(r, 'Owner') ? { owner: field(r, 'Owner') } : {}) };
  }
  const [tableRows] = await conn.query<Row[]>('SHOW VSCHEMA TABLES');
  const tables: Record<string, TableDef> = {};
  for (const r of tableRows) {
    const table = field(r, 'Tables');
    if (!table || table === 'dual') continue;
    const [onTable] = await conn.query<Row[]>(`SHOW VSCHEMA VINDEXES ON \`${table.replace(/`/g, '``')}\``);
    const column_vindexes = onTable.map((v) => {
      const columns = field(v, 'Columns').split(',').map((c) => c.trim()).filter(Boolean);
      return columns.length === 1 ? { column: columns[0]!, name: field(v, 'Name') } : { columns, name: field(v, 'Name') };
    });
    tables[table] = column_vindexes.length ? { column_vindexes } : {};
  }
  return { sharded, ...(Object.keys(vindexes).length ? { vindexes } : {}), tables };
}
