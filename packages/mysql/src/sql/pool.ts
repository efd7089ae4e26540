// mysql2 pools configured the same way everywhere: UTC, timestamps as strings (so no time-zone
// guessing happens in the driver), utf8mb4.
import mysql from 'mysql2/promise';

export type Pool = mysql.Pool;
export type Connection = mysql.PoolConnection;
/** Anything that can run a statement: a pool, or a connection inside a transaction. */
export type Queryable = Pick<mysql.Pool, 'query' | 'execute'>;
export type Row = mysql.RowDataPacket;
export type ResultHeader = mysql.ResultSetHeader;

export interface PoolOptions {
  database?: string;
  connectionLimit?: number;
  multipleStatements?: boolean;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const parsed = new URL(url);
  if (parsed.protocol !== 'mysql:') throw new Error(`a MySQL URL must start with mysql://, got ${parsed.protocol}`);
  return mysql.createPool({
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database: options.database ?? (decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined),
    connectionLimit: options.connectionLimit ?? 10,
    multipleStatements: options.multipleStatements ?? false,
    dateStrings: true,
    timezone: 'Z',
    charset: 'utf8mb4_general_ci',
    supportBigNumbers: true,
    enableKeepAlive: true,
    connectTimeout: 10_000,
  });
}

export async function inTransaction<T>(pool: Pool, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const result = await work(conn);
    await conn.commit();
    return result;
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  } finally {
    conn.release();
  }
}

/** A timestamp as stored (DATETIME(3), UTC) from a JS date, and back to PlanetScale's ISO form. */
export const toSqlTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
export const fromSqlTime = (s: string | null): string | null => (s === null ? null : `${s.replace(' ', 'T')}${s.includes('.') ? '' : '.000'}Z`);
