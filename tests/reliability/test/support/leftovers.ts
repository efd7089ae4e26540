// What a deployment must not leave behind once it is finished: the engine's triggers, shadow and hold
// tables, LocalScale's named locks, and metadata locks (an open transaction or a half-done RENAME
// would hold one on the table).
import { quoteIdentifier, type Pool, type Row } from '@localscale/mysql';

export interface Leftovers {
  triggers: string[];
  /** `_vt_vrp_` shadow tables and `_vt_hld_`/other lifecycle tables. */
  artifactTables: string[];
  /** Named locks (GET_LOCK) still held, with the connection holding them. */
  namedLocks: string[];
  /** Tables a session could not lock for writing within a few seconds. */
  lockedTables: string[];
}

const inList = (xs: readonly string[]) => xs.map(() => '?').join(', ');

export async function engineArtifacts(pool: Pool, databases: readonly string[]): Promise<Pick<Leftovers, 'triggers' | 'artifactTables'>> {
  const [triggers] = await pool.query<Row[]>(
    `SELECT TRIGGER_SCHEMA AS db, TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (${inList(databases)})`, [...databases]);
  const [tables] = await pool.query<Row[]>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (${inList(databases)}) AND TABLE_NAME LIKE '\\_vt\\_%'`, [...databases]);
  return {
    triggers: triggers.map((t) => `${t.db}.${t.name} on ${t.tbl}`),
    artifactTables: tables.map((t) => `${t.db}.${t.name}`),
  };
}

export async function heldNamedLocks(pool: Pool, names: readonly string[]): Promise<string[]> {
  const held: string[] = [];
  for (const name of names) {
    const [[row]] = await pool.query<Row[]>('SELECT IS_USED_LOCK(?) AS holder', [name.slice(0, 64)]);
    if (row?.holder !== null && row?.holder !== undefined) held.push(`${name} (connection ${row.holder})`);
  }
  return held;
}

/** Tables no session can write-lock within `seconds`: someone holds a metadata lock on them. */
export async function metadataLocked(pool: Pool, database: string, tables: readonly string[], seconds = 5): Promise<string[]> {
  const conn = await pool.getConnection();
  const locked: string[] = [];
  try {
    await conn.query(`SET SESSION lock_wait_timeout = ${seconds}`);
    for (const table of tables) {
      try {
        await conn.query(`LOCK TABLES ${quoteIdentifier(database)}.${quoteIdentifier(table)} WRITE`);
      } catch (err) {
        locked.push(`${database}.${table}: ${(err as Error).message}`);
      } finally {
        await conn.query('UNLOCK TABLES');
      }
    }
  } finally {
    conn.destroy();
  }
  return locked;
}

export async function tablesOf(pool: Pool, database: string): Promise<string[]> {
  const [rows] = await pool.query<Row[]>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [database]);
  return rows.map((r) => String(r.name));
}

/** Everything at once, for the databases of one branch (its shards and its engine's sidecar). */
export async function leftovers(pool: Pool, options: { databases: readonly string[]; lockNames: readonly string[] }): Promise<Leftovers> {
  const artifacts = await engineArtifacts(pool, options.databases);
  const lockedTables: string[] = [];
  for (const db of options.databases) lockedTables.push(...await metadataLocked(pool, db, await tablesOf(pool, db)));
  return { ...artifacts, namedLocks: await heldNamedLocks(pool, options.lockNames), lockedTables };
}

export const nothingLeft: Leftovers = { triggers: [], artifactTables: [], namedLocks: [], lockedTables: [] };
