// A pooled connection borrowed to work inside one database (views must be created and read with their
// database as the default). The pool's connections are shared, so the session's default database and
// FOREIGN_KEY_CHECKS are put back before the connection returns to the pool.
import { quoteIdentifier } from '../sql/identifiers.js';
import type { Connection, Pool, Row } from '../sql/pool.js';

export interface SessionOptions {
  /** false runs the work with FOREIGN_KEY_CHECKS=0 (copying tables whose foreign keys form cycles). */
  readonly foreignKeyChecks?: boolean;
}

export async function withDatabase<T>(pool: Pool, database: string, work: (conn: Connection) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  const conn = await pool.getConnection();
  let restored = false;
  try {
    const [[before]] = await conn.query<Row[]>('SELECT DATABASE() AS db, @@SESSION.foreign_key_checks AS fkc');
    await conn.query(`USE ${quoteIdentifier(database)}`);
    if (options.foreignKeyChecks === false) await conn.query('SET SESSION foreign_key_checks = 0');
    try {
      return await work(conn);
    } finally {
      // A connection that cannot be put back exactly as it was is closed rather than returned.
      try {
        await conn.query('SET SESSION foreign_key_checks = ?', [Number(before!.fkc)]);
        if (before!.db !== null) {
          await conn.query(`USE ${quoteIdentifier(String(before!.db))}`);
          restored = true;
        }
      } catch {
        restored = false;
      }
    }
  } finally {
    if (restored) conn.release();
    else conn.destroy();
  }
}

/** Runs `work` over `items` on up to `concurrency` connections, each inside `database`; results keep item order. */
export async function mapInDatabase<I, O>(pool: Pool, database: string, items: readonly I[], concurrency: number,
  work: (conn: Connection, item: I) => Promise<O>, options: SessionOptions = {}): Promise<O[]> {
  const results = new Array<O>(items.length);
  if (!items.length) return results;
  let next = 0;
  let failed = false;
  const worker = async (conn: Connection) => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await work(conn, items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const lanes = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, () => withDatabase(pool, database, worker, options)));
  return results;
}
