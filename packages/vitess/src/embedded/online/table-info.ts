// Column and key definitions of a table, read from information_schema (works the same on MySQL 8
// and MariaDB).
import type { Queryable, Row } from '@localscale/mysql';

export interface ColumnInfo {
  name: string;
  dataType: string;
  columnType: string;
  nullable: boolean;
  hasDefault: boolean;
  generated: boolean;
  autoIncrement: boolean;
}

export interface KeyInfo { name: string; unique: boolean; columns: string[]; prefixed: boolean }

export interface TableInfo { name: string; isView: boolean; columns: ColumnInfo[]; keys: KeyInfo[] }

export async function readTableInfo(db: Queryable, database: string, table: string): Promise<TableInfo | null> {
  const [tables] = await db.query<Row[]>(
    'SELECT TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [database, table]);
  if (tables.length === 0) return null;
  const [cols] = await db.query<Row[]>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable,
            COLUMN_DEFAULT AS dflt, EXTRA AS extra, GENERATION_EXPRESSION AS gen
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [database, table]);
  const [stats] = await db.query<Row[]>(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col, SUB_PART AS subPart
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`,
    [database, table]);
  const keys = new Map<string, KeyInfo>();
  for (const s of stats) {
    const name = String(s.name);
    const key = keys.get(name) ?? { name, unique: Number(s.nonUnique) === 0, columns: [], prefixed: false };
    key.columns.push(String(s.col));
    if (s.subPart !== null && s.subPart !== undefined) key.prefixed = true;
    keys.set(name, key);
  }
  return {
    name: table,
    isView: String(tables[0]!.type).toUpperCase() === 'VIEW',
    columns: cols.map((c) => ({
      name: String(c.name),
      dataType: String(c.dataType).toLowerCase(),
      columnType: String(c.columnType).toLowerCase(),
      nullable: c.nullable === 'YES',
      // MariaDB reports a missing default as NULL and an explicit NULL default as the string 'NULL'.
      hasDefault: c.dflt !== null || c.nullable === 'YES',
      generated: c.gen !== null && c.gen !== undefined && String(c.gen) !== '',
      autoIncrement: String(c.extra ?? '').toLowerCase().includes('auto_increment'),
    })),
    keys: [...keys.values()],
  };
}

export async function tableExists(db: Queryable, database: string, table: string): Promise<boolean> {
  const [rows] = await db.query<Row[]>('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [database, table]);
  return rows.length > 0;
}

/** Whether the table is a parent or child in a FOREIGN KEY within its database. Every
 * information_schema query here names the schema with `=`: MariaDB then reads only that database,
 * where an unrestricted scan would open every view on the server (and has crashed MariaDB 10.11 on
 * the `sys` schema's views). */
export async function participatesInForeignKey(db: Queryable, database: string, table: string): Promise<boolean> {
  const [rows] = await db.query<Row[]>(
    'SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND (TABLE_NAME = ? OR REFERENCED_TABLE_NAME = ?) LIMIT 1',
    [database, table, table]);
  return rows.length > 0;
}

export async function foreignKeyNames(db: Queryable, database: string, table: string): Promise<string[]> {
  const [rows] = await db.query<Row[]>(
    'SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME',
    [database, table]);
  return rows.map((r) => String(r.name));
}
