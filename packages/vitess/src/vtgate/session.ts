// One vtgate session per call: a pooled connection switched to the keyspace, with vtgate's session
// variables set for exactly this call. MySQL errors become VitessErrors carrying vtgate's text.
import { quoteIdentifier, type Connection, type Pool } from '@localscale/mysql';
import { VitessError, type VitessErrorKind } from '../port/index.js';

export async function inKeyspace<T>(pool: Pool, keyspace: string, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  try {
    await conn.query(`USE ${quoteIdentifier(keyspace)}`);
    return await work(conn);
  } catch (err) {
    throw toVitessError(err);
  } finally {
    conn.release();
  }
}

export function toVitessError(err: unknown): unknown {
  if (err instanceof VitessError) return err;
  const e = err as { errno?: number; sqlMessage?: string; message?: string };
  if (typeof e?.errno !== 'number') return err;
  const message = e.sqlMessage ?? e.message ?? String(err);
  return new VitessError(message, e.errno, kindOf(e.errno, message));
}

function kindOf(errno: number, message: string): VitessErrorKind {
  if (errno === 1049 || /migration not found/.test(message)) return 'not_found';
  if (/rejected/.test(message)) return 'conflict';
  if (errno === 2002 || errno === 2003 || errno === 2013) return 'unavailable';
  return 'invalid';
}

/** A `'...'` literal for statements vtgate parses itself (its ALTER VITESS_MIGRATION takes no placeholders). */
export const literal = (conn: Connection, value: string) => conn.escape(value);
