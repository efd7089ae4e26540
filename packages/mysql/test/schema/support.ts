// Shared by the schema tests: a pool on the run's MySQL server and databases named per test file.
import { afterAll, inject } from 'vitest';
import { createPool, quoteIdentifier, type Pool } from '../../src/index.js';
import { uniqueTag } from '../../src/testing/index.js';
import { parseCreateTable, type SchemaSnapshot } from '../../src/schema/index.js';

export function testPool(): Pool {
  const pool = createPool(inject('mysqlUrl'), { connectionLimit: 8 });
  afterAll(() => pool.end());
  return pool;
}

/** Database names unique to this test file; all of them are dropped after the file. */
export function databases(pool: Pool) {
  const tag = uniqueTag();
  const made = new Set<string>();
  afterAll(async () => {
    for (const name of made) await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
  });
  return {
    /** Drops and recreates `<tag>_<suffix>`, empty. */
    async fresh(suffix: string): Promise<string> {
      const name = `${tag}_${suffix}`;
      made.add(name);
      await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
      await pool.query(`CREATE DATABASE ${quoteIdentifier(name)} DEFAULT CHARACTER SET utf8mb4`);
      return name;
    },
  };
}

/**
 * A snapshot in a form where only meaningful differences remain: each table's columns in order, and its
 * indexes, foreign keys and checks as sorted sets (the server prints keys in creation order, which a
 * declarative change cannot and need not reproduce).
 */
export function comparable(snapshot: SchemaSnapshot) {
  return {
    tables: snapshot.tables.map((t) => {
      const m = parseCreateTable(t.create);
      return {
        name: m.name,
        columns: m.columns.map((c) => `${c.name} ${c.definition}`),
        indexes: m.indexes.map((i) => i.line).sort(),
        foreignKeys: m.foreignKeys.map((f) => f.line).sort(),
        checks: m.checks.map((c) => c.line).sort(),
        options: m.options.map((o) => `${o.name}=${o.value}`),
        partitioning: m.partitioning,
      };
    }),
    views: snapshot.views,
  };
}
