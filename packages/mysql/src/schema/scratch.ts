// Scratch databases: where user-written DDL is loaded so the server prints it canonically before it is
// compared. Named `<prefix>_scratch_<random>` and always dropped afterwards.
import { randomBytes } from 'node:crypto';
import { quoteIdentifier } from '../sql/identifiers.js';
import type { Pool } from '../sql/pool.js';
import { statementError } from './apply.js';
import type { SchemaChange } from './changes.js';
import { classifyDdl } from './ddl.js';
import { diffSchemas, type DiffOptions } from './diff.js';
import { withDatabase } from './session.js';
import { snapshotSchema, type SchemaSnapshot } from './snapshot.js';

export interface ScratchOptions {
  /** Prefix of scratch database names (default `ls`, LocalScale's physical database prefix). */
  readonly prefix?: string;
}

export const scratchDatabaseName = (prefix = 'ls') => `${prefix}_scratch_${randomBytes(6).toString('hex')}`;

export async function withScratchDatabase<T>(pool: Pool, work: (database: string) => Promise<T>, options: ScratchOptions = {}): Promise<T> {
  const name = scratchDatabaseName(options.prefix);
  await pool.query(`CREATE DATABASE ${quoteIdentifier(name)} DEFAULT CHARACTER SET utf8mb4`);
  try {
    return await work(name);
  } finally {
    await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
  }
}

/**
 * Runs declarative DDL in `database`: the statements describe a desired schema, so their order should
 * not matter. Foreign key checks are off, and statements that fail (e.g. a view read a view created
 * later) are retried while each round makes progress.
 */
export async function loadStatements(pool: Pool, database: string, statements: readonly string[]): Promise<void> {
  const ddl = statements.map((s) => classifyDdl(s).sql);
  await withDatabase(pool, database, async (conn) => {
    let pending = ddl.map((sql, index) => ({ sql, index }));
    for (;;) {
      const failed: { sql: string; index: number; err: unknown }[] = [];
      for (const s of pending) {
        try {
          await conn.query(s.sql);
        } catch (err) {
          failed.push({ ...s, err });
        }
      }
      if (!failed.length) return;
      if (failed.length === pending.length) throw statementError(failed[0]!.err, failed[0]!.sql, failed[0]!.index);
      pending = failed;
    }
  }, { foreignKeyChecks: false });
}

/** The canonical snapshot of a schema given as DDL statements. */
export async function snapshotStatements(pool: Pool, statements: readonly string[], options: ScratchOptions = {}): Promise<SchemaSnapshot> {
  return withScratchDatabase(pool, async (db) => {
    await loadStatements(pool, db, statements);
    return snapshotSchema(pool, db);
  }, options);
}

/** The ordered DDL that turns the schema `sourceStatements` create into the one `targetStatements` create. */
export async function diffStatements(pool: Pool, sourceStatements: readonly string[], targetStatements: readonly string[],
  options: ScratchOptions & DiffOptions = {}): Promise<SchemaChange[]> {
  const [source, target] = await Promise.all([
    snapshotStatements(pool, sourceStatements, options),
    snapshotStatements(pool, targetStatements, options),
  ]);
  return diffSchemas(source, target, options);
}
