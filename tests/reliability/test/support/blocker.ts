// Holding a table still so that a cut-over can be caught in the act: an open transaction that has
// read the table keeps a shared metadata lock on it, so the engine's RENAME waits (for up to its
// cut-over threshold) until the transaction ends.
import type { Connection, Pool, Row } from '@localscale/mysql';

export interface TableHold { release(): Promise<void> }

export async function holdTable(pool: Pool, database: string, table: string): Promise<TableHold> {
  const conn: Connection = await pool.getConnection();
  await conn.query('BEGIN');
  await conn.query(`SELECT COUNT(*) FROM \`${database}\`.\`${table}\``);
  return { async release() { await conn.query('ROLLBACK').catch(() => undefined); conn.release(); } };
}

/** Statements of other sessions that mention `database` and start with `prefix` (e.g. RENAME TABLE). */
export async function runningStatements(pool: Pool, database: string, prefix: string): Promise<{ id: number; state: string; info: string }[]> {
  const [rows] = await pool.query<Row[]>(
    "SELECT ID AS id, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE ? AND INFO LIKE ?",
    [`${prefix}%`, `%${database}%`]);
  return rows.map((r) => ({ id: Number(r.id), state: String(r.state), info: String(r.info) }));
}
