// Copy: branch-creation-like schema copy of a 100-table database (copySchema, median of several runs
// into fresh databases). The baseline, in the same run, is the same CREATE TABLE statements run one
// after another on one connection with foreign key checks off, i.e. what replaying a dump costs;
// copySchema also reads the source (a snapshot) and creates tables on several connections.
import { copySchema, loadStatements, quoteIdentifier, snapshotSchema, type Pool } from '@localscale/mysql';
import { withPrivateMysql } from './private-mysql.js';
import { report } from './report.js';
import { generateSchema } from './schema-fixture.js';
import { median, round, timeIt } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const tables = Number(process.env.BENCH_TABLES ?? 100);

async function replay(pool: Pool, database: string, statements: readonly string[]): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query(`CREATE DATABASE ${quoteIdentifier(database)} DEFAULT CHARACTER SET utf8mb4`);
    await conn.query(`USE ${quoteIdentifier(database)}`);
    await conn.query('SET SESSION foreign_key_checks = 0');
    for (const sql of statements) await conn.query(sql);
  } finally {
    conn.destroy();
  }
}

async function main() {
  await withPrivateMysql(async (pool) => {
    await pool.query('CREATE DATABASE bench_main DEFAULT CHARACTER SET utf8mb4');
    await loadStatements(pool, 'bench_main', generateSchema(tables));
    const creates = (await snapshotSchema(pool, 'bench_main')).tables.map((t) => t.create);
    const copy: number[] = [], serial: number[] = [], baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      const tasks = [
        async () => baseline.push(await timeIt(() => replay(pool, `bench_replay_${i}`, creates))),
        async () => copy.push(await timeIt(() => copySchema(pool, 'bench_main', `bench_copy_${i}`))),
        async () => serial.push(await timeIt(() => copySchema(pool, 'bench_main', `bench_serial_${i}`, { concurrency: 1 }))),
      ];
      // Rotated each run so no variant always pays for running first.
      for (let k = 0; k < tasks.length; k++) await tasks[(i + k) % tasks.length]!();
    }
    await report('copy', {
      runs, tables,
      copy_schema_ms: round(median(copy)), copy_schema_one_connection_ms: round(median(serial)),
      baseline_replay_creates_ms: round(median(baseline)),
      ratio_copy_to_baseline: round(median(copy) / median(baseline), 2),
      samples: { copy: copy.map((x) => round(x)), baseline: baseline.map((x) => round(x)) },
    });
  });
}

await main();
