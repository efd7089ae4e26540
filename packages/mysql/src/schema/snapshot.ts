// A schema snapshot: the server's own canonical text for every table and view of one physical
// database. Snapshots are independent of the database's name (views are read with their database as
// the default, so references print unqualified), so two databases' snapshots compare directly.
import { notFound } from '../errors.js';
import { quoteIdentifier } from '../sql/identifiers.js';
import type { Pool, Row } from '../sql/pool.js';
import { isInternalArtifact } from './artifacts.js';
import { mapInDatabase } from './session.js';
import { splitCreateTable } from './table-model.js';
import { stripDefiner } from './view-model.js';

export interface SchemaObject {
  readonly name: string;
  /** Canonical CREATE statement (tables without AUTO_INCREMENT=, views without DEFINER=). */
  readonly create: string;
}

export interface SchemaSnapshot {
  /** Sorted by name. */
  readonly tables: readonly SchemaObject[];
  /** Sorted by name. */
  readonly views: readonly SchemaObject[];
}

export const emptySnapshot: SchemaSnapshot = { tables: [], views: [] };

export interface SnapshotOptions {
  /** Connections used in parallel for the SHOW CREATE statements (default 4). */
  readonly concurrency?: number;
}

/** Removes the AUTO_INCREMENT counter from the table options: it is data, not schema. */
export function stripAutoIncrement(createTable: string): string {
  const { close } = splitCreateTable(createTable);
  return createTable.slice(0, close + 1) + createTable.slice(close + 1).replace(/ AUTO_INCREMENT=\d+/, '');
}

const byName = (a: SchemaObject, b: SchemaObject) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** MySQL's "table doesn't exist": the object went away between listing and reading it. */
const isGone = (err: unknown) => (err as { errno?: number } | null)?.errno === 1146;

export async function snapshotSchema(pool: Pool, database: string, options: SnapshotOptions = {}): Promise<SchemaSnapshot> {
  const [schemata] = await pool.query<Row[]>('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
  if (!schemata.length) throw notFound(`database ${database} does not exist`);
  const [rows] = await pool.query<Row[]>(
    'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [database]);
  const objects = rows
    .map((r) => ({ name: String(r.name), view: String(r.type) === 'VIEW', table: /^(BASE TABLE|SYSTEM VERSIONED)$/.test(String(r.type)) }))
    .filter((o) => (o.view || o.table) && !isInternalArtifact(o.name));
  const read = await mapInDatabase(pool, database, objects, options.concurrency ?? 4, async (conn, o): Promise<SchemaObject & { view: boolean } | null> => {
    try {
      if (o.view) {
        const [[row]] = await conn.query<Row[]>(`SHOW CREATE VIEW ${quoteIdentifier(o.name)}`);
        return { name: o.name, create: stripDefiner(String(row!['Create View'])), view: true };
      }
      const [[row]] = await conn.query<Row[]>(`SHOW CREATE TABLE ${quoteIdentifier(o.name)}`);
      return { name: o.name, create: stripAutoIncrement(String(row!['Create Table'])), view: false };
    } catch (err) {
      if (isGone(err)) return null;
      throw err;
    }
  });
  const found = read.filter((o) => o !== null);
  return {
    tables: found.filter((o) => !o.view).map(({ name, create }) => ({ name, create })).sort(byName),
    views: found.filter((o) => o.view).map(({ name, create }) => ({ name, create })).sort(byName),
  };
}
