// Brings a metadata schema up to the newest version. Several LocalScale processes may share one MySQL
// server, so the work happens under a named lock and each version is applied exactly once.
import { quoteIdentifier } from '../sql/identifiers.js';
import type { Pool, Row } from '../sql/pool.js';
import { migrations, type Migration } from './migrations.js';

const versionsTable = 'localscale_schema_versions';

export interface MigrateResult { applied: number[]; current: number }

export async function migrateMetadata(pool: Pool, schema: string, list: readonly Migration[] = migrations): Promise<MigrateResult> {
  const newest = Math.max(0, ...list.map((m) => m.version));
  // Nearly every start finds the schema current: one query says so, without the lock and the five
  // round trips of the full path. Anything else (no schema yet, a version missing or ahead) takes the
  // full path, which decides under the lock.
  const current = await pool.query<Row[]>(`SELECT version FROM ${quoteIdentifier(schema)}.${quoteIdentifier(versionsTable)}`)
    .then(([rows]) => rows.map((r) => Number(r.version)), () => null);
  if (current && current.length === list.length && list.every((m) => current.includes(m.version))) return { applied: [], current: newest };
  const conn = await pool.getConnection();
  const lock = `localscale_migrate_${schema}`.slice(0, 64);
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(schema)} DEFAULT CHARACTER SET utf8mb4`);
    await conn.query(`USE ${quoteIdentifier(schema)}`);
    const [[got]] = await conn.query<Row[]>('SELECT GET_LOCK(?, 60) AS ok', [lock]);
    if (got?.ok !== 1) throw new Error(`could not take the metadata migration lock ${lock}`);
    try {
      await conn.query(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(versionsTable)} (
        \`version\` INT UNSIGNED NOT NULL PRIMARY KEY,
        \`name\` VARCHAR(255) NOT NULL,
        \`applied_at\` DATETIME(3) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
      const [rows] = await conn.query<Row[]>(`SELECT version FROM ${quoteIdentifier(versionsTable)}`);
      const done = new Set(rows.map((r) => Number(r.version)));
      const ahead = [...done].filter((v) => v > newest);
      if (ahead.length) throw new Error(`metadata schema ${schema} is at version ${Math.max(...ahead)}, newer than this LocalScale (${newest}); upgrade LocalScale`);
      const applied: number[] = [];
      for (const m of [...list].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        // DDL commits implicitly in MySQL, so a failed version is left for a person to inspect rather
        // than half-recorded: the version row is written only after every statement succeeded.
        for (const statement of m.statements) await conn.query(statement);
        await conn.query(`INSERT INTO ${quoteIdentifier(versionsTable)} (version, name, applied_at) VALUES (?, ?, UTC_TIMESTAMP(3))`, [m.version, m.name]);
        applied.push(m.version);
      }
      return { applied, current: newest };
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [lock]);
    }
  } finally {
    // The connection's default database was changed by USE; don't hand it back to the pool.
    conn.destroy();
  }
}
