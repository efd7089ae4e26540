// Runs DDL statements, in order, inside one database on one connection.
import { StorageError } from '../errors.js';
import type { Pool } from '../sql/pool.js';
import { statementSql, type SqlStatement } from './changes.js';
import { withDatabase, type SessionOptions } from './session.js';

export type ApplyOptions = SessionOptions;

/** A statement the server refused; `errno` and `sqlMessage` are the server's. */
export class SchemaStatementError extends StorageError {
  constructor(readonly statement: string, readonly index: number, readonly errno: number | null, readonly sqlMessage: string, options?: { cause?: unknown }) {
    super('invalid', `statement ${index + 1} failed: ${sqlMessage}`, options);
    this.name = 'SchemaStatementError';
  }
}

export function statementError(err: unknown, statement: string, index: number): SchemaStatementError {
  const e = err as { errno?: number; sqlMessage?: string; message?: string } | null;
  return new SchemaStatementError(statement, index, e?.errno ?? null, e?.sqlMessage ?? e?.message ?? String(err), { cause: err });
}

export async function applyStatements(pool: Pool, database: string, statements: readonly SqlStatement[], options: ApplyOptions = {}): Promise<void> {
  if (!statements.length) return;
  await withDatabase(pool, database, async (conn) => {
    for (const [index, statement] of statements.entries()) {
      const sql = statementSql(statement);
      try {
        await conn.query(sql);
      } catch (err) {
        throw statementError(err, sql, index);
      }
    }
  }, options);
}
