// Copies the schema (not the data) of one database into another, as branch creation does: tables in
// foreign-key order, then views after the tables and views they read. FOREIGN_KEY_CHECKS is off for
// the copy, so tables whose foreign keys form cycles copy as they are; with checks off the order of
// table creation does not matter, so tables are created on several connections at once.
import { StorageError } from '../errors.js';
import { quoteIdentifier } from '../sql/identifiers.js';
import type { Pool, Row } from '../sql/pool.js';
import { statementError } from './apply.js';
import { orderViews } from './diff.js';
import { compareStrings, topologicalSort } from './graph.js';
import { mapInDatabase, withDatabase } from './session.js';
import { snapshotSchema, type SchemaObject, type SchemaSnapshot } from './snapshot.js';
import { parseCreateTable } from './table-model.js';

export interface CopyProgress { readonly done: number; readonly total: number }

export interface CopyOptions {
  /** Connections used in parallel (default 4). */
  readonly concurrency?: number;
  /** Called after each table and view is created. */
  readonly onProgress?: (progress: CopyProgress) => void;
}

/** Tables with every foreign key target before the table that references it (cycles keep name order). */
export function tablesInForeignKeyOrder(tables: readonly SchemaObject[]): SchemaObject[] {
  const names = new Set(tables.map((t) => t.name));
  const targets = new Map(tables.map((t) => [t.name, parseCreateTable(t.create).foreignKeys
    .filter((fk) => fk.referencedDatabase === null && names.has(fk.referencedTable)).map((fk) => fk.referencedTable)]));
  const { order, cyclic } = topologicalSort(tables, (t) => t.name, (t) => targets.get(t.name)!, (a, b) => compareStrings(a.name, b.name));
  return [...order, ...cyclic];
}

/** Creates every table and view of `snapshot` in `database` (which must exist and be empty of them). */
export async function restoreSnapshot(pool: Pool, database: string, snapshot: SchemaSnapshot, options: CopyOptions = {}): Promise<void> {
  const total = snapshot.tables.length + snapshot.views.length;
  let done = 0;
  const run = async (conn: { query: (sql: string) => Promise<unknown> }, object: SchemaObject, index: number) => {
    try {
      await conn.query(object.create);
    } catch (err) {
      throw statementError(err, object.create, index);
    }
    options.onProgress?.({ done: ++done, total });
  };
  const tables = tablesInForeignKeyOrder(snapshot.tables);
  await mapInDatabase(pool, database, tables.map((t, i) => [t, i] as const), options.concurrency ?? 4,
    (conn, [t, i]) => run(conn, t, i), { foreignKeyChecks: false });
  if (!snapshot.views.length) return;
  await withDatabase(pool, database, async (conn) => {
    for (const [i, view] of orderViews(snapshot.views).entries()) await run(conn, view, tables.length + i);
  });
}

/**
 * Creates every table and view of `fromDb` in `toDb`. `toDb` is created when missing, with the source
 * database's default character set and collation.
 */
export async function copySchema(pool: Pool, fromDb: string, toDb: string, options: CopyOptions = {}): Promise<void> {
  const snapshot = await snapshotSchema(pool, fromDb, options);
  const [[source]] = await pool.query<Row[]>(
    'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [fromDb]);
  if (!source) throw new StorageError('not_found', `database ${fromDb} does not exist`);
  await pool.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(toDb)} DEFAULT CHARACTER SET ${quoteIdentifier(String(source.charset))} COLLATE ${quoteIdentifier(String(source.collation))}`);
  await restoreSnapshot(pool, toDb, snapshot, options);
}
