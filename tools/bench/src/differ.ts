// Differ: time to diff a 500-table schema against a copy with 50 changes, end to end as a deploy
// request computes it (snapshot both databases, then diffSchemas), median of several runs. The
// baseline, measured in the same run, is the server's own work for the same snapshots: a plain
// `SHOW CREATE TABLE` of every table of both databases, one after another on one connection. The
// pure diff (parsing and ordering, no I/O) is reported separately.
import { applyStatements, copySchema, diffSchemas, loadStatements, quoteIdentifier, snapshotSchema, type Pool, type Row } from '@localscale/mysql';
import { withPrivateMysql } from './private-mysql.js';
import { report } from './report.js';
import { generateChanges, generateSchema } from './schema-fixture.js';
import { median, round, timeIt } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const tables = Number(process.env.BENCH_TABLES ?? 500);
const changes = Number(process.env.BENCH_CHANGES ?? 50);

async function showCreateAll(pool: Pool, databases: readonly string[]): Promise<void> {
  const conn = await pool.getConnection();
  try {
    for (const db of databases) {
      const [rows] = await conn.query<Row[]>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", [db]);
      for (const r of rows) await conn.query(`SHOW CREATE TABLE ${quoteIdentifier(db)}.${quoteIdentifier(String(r.name))}`);
    }
  } finally {
    conn.release();
  }
}

async function main() {
  await withPrivateMysql(async (pool) => {
    await pool.query('CREATE DATABASE bench_source DEFAULT CHARACTER SET utf8mb4');
    await loadStatements(pool, 'bench_source', generateSchema(tables));
    await copySchema(pool, 'bench_source', 'bench_target');
    await applyStatements(pool, 'bench_target', generateChanges(tables, changes));

    const total: number[] = [], pure: number[] = [], baseline: number[] = [];
    let statements = 0;
    for (let i = 0; i < runs; i++) {
      const measureBaseline = async () => baseline.push(await timeIt(() => showCreateAll(pool, ['bench_source', 'bench_target'])));
      const measureDiff = async () => total.push(await timeIt(async () => {
        const [source, target] = await Promise.all([snapshotSchema(pool, 'bench_source'), snapshotSchema(pool, 'bench_target')]);
        const start = performance.now();
        statements = diffSchemas(source, target).length;
        pure.push(performance.now() - start);
      }));
      // Alternated so neither always pays for running first.
      if (i % 2) { await measureDiff(); await measureBaseline(); } else { await measureBaseline(); await measureDiff(); }
    }
    await report('differ', {
      runs, tables, changes, statements,
      diff_total_ms: round(median(total)), diff_pure_ms: round(median(pure)),
      baseline_show_create_all_ms: round(median(baseline)),
      ratio_total_to_baseline: round(median(total) / median(baseline), 2),
      samples: { total: total.map((x) => round(x)), baseline: baseline.map((x) => round(x)) },
    });
  });
}

await main();
