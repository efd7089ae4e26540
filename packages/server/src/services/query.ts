// Running one SQL statement for the admin helpers, in the upstream Go LocalScale's result shape:
// reads give `columns` and `rows` (every value a string or null), writes give `rows_affected`.
import mysql from 'mysql2/promise';
import { isWord, Lexer, type Pool, type Row } from '@localscale/mysql';
import { UnprocessableError } from '../http/errors.js';

export interface QueryResult { columns?: string[]; rows?: (string | null)[][]; rows_affected?: number }

/** Whether the statement's first word makes it a read (read by the shared lexer, so comments are skipped). */
export const isRead = (sql: string) => isWord(new Lexer(sql).next(), 'SELECT', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'WITH');

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The statement's own error (syntax, missing table...) is the caller's to fix (422), not a server failure. */
export function statementFailure(err: unknown): unknown {
  const e = err as { sqlMessage?: string; errno?: number; fatal?: boolean };
  return e.sqlMessage && !e.fatal ? new UnprocessableError(`execute query: Error ${e.errno}: ${e.sqlMessage}`) : err;
}

/** Runs `sql` with `args` on a connection whose default database is `database` (or none). */
export async function runQuery(pool: Pool, database: string | null, sql: string, args: readonly unknown[] = []): Promise<QueryResult> {
  if (!sql.trim()) throw new UnprocessableError('query is empty');
  const conn = await pool.getConnection();
  try {
    if (database) await conn.query(`USE ${mysql.escapeId(database)}`);
    const [result, fields] = await conn.query({ sql, values: [...args], rowsAsArray: true }).catch((err: unknown) => {
      throw statementFailure(err);
    });
    if (Array.isArray(result)) {
      const columns = (fields ?? []).map((f) => f.name);
      const rows = (result as unknown as unknown[][]).map((r) => r.map(text));
      return rows.length ? { columns, rows } : { columns };
    }
    const affected = (result as { affectedRows?: number }).affectedRows ?? 0;
    return affected ? { rows_affected: affected } : {};
  } finally {
    // The connection's default database was changed; don't give it back to the pool.
    if (database) conn.destroy(); else conn.release();
  }
}

/** Concatenates the rows of the same read run on several shards (a scatter, as vtgate would do). */
export function mergeResults(results: QueryResult[]): QueryResult {
  if (results.length === 1) return results[0]!;
  const columns = results.find((r) => r.columns)?.columns;
  const rows = results.flatMap((r) => r.rows ?? []);
  const affected = results.reduce((n, r) => n + (r.rows_affected ?? 0), 0);
  if (columns) return rows.length ? { columns, rows } : { columns };
  return affected ? { rows_affected: affected } : {};
}

export type { Row };
