// Small helpers for talking to MySQL from the engine: timestamps as the sidecar stores them, MySQL
// errors worded as Vitess words them in `message`, and connections bound to a shard's database.
import { quoteIdentifier, type Connection, type Pool } from '@localscale/mysql';

/** `YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC, as the sidecar's TIMESTAMP columns hold it. */
export function sqlTime(d: Date, micro = false): string {
  const iso = d.toISOString();
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19) + (micro ? `.${iso.slice(20, 23)}000` : '');
}

export function parseSqlTime(s: string | null): Date | null {
  if (s === null || s === '') return null;
  return new Date(s.replace(' ', 'T') + 'Z');
}

export interface MysqlErrorLike { errno?: number; sqlState?: string; sqlMessage?: string; message?: string }

export const errnoOf = (err: unknown) => (err as MysqlErrorLike | null)?.errno;

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'POOL_CLOSED']);

/** The connection to MySQL failed (the server went away), as opposed to a statement being refused. */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: unknown; fatal?: unknown } | null;
  return e?.fatal === true || (typeof e?.code === 'string' && connectionCodes.has(e.code));
}

/** Vitess's SQLError text: `<message> (errno N) (sqlstate S) during query: <sql>`. */
export function mysqlErrorText(err: unknown, sql?: string): string {
  const e = err as MysqlErrorLike;
  if (typeof e?.errno !== 'number') return err instanceof Error ? err.message : String(err);
  const base = `${e.sqlMessage ?? e.message} (errno ${e.errno}) (sqlstate ${e.sqlState ?? 'HY000'})`;
  return sql ? `${base} during query: ${sql}` : base;
}

/** Runs `work` on a connection whose default database is `database`; the connection is then discarded
 * so no pooled connection keeps a default database it did not ask for. */
export async function onDatabase<T>(pool: Pool, database: string, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  try {
    await conn.query(`USE ${quoteIdentifier(database)}`);
    return await work(conn);
  } finally {
    conn.destroy();
  }
}

export async function withConnection<T>(pool: Pool, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  try {
    return await work(conn);
  } finally {
    conn.release();
  }
}

/** A `'...'` SQL string literal (for trigger bodies, which cannot take parameters). */
export function sqlString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0') + "'";
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
