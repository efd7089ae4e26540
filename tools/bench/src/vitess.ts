// Online ALTER: `ADD INDEX` on a BENCH_ROWS-row table (default 1,000,000) through the embedded Vitess
// engine (shadow table, chunked copy, sync triggers, cut-over) against the server's own
// `ALTER TABLE ... ALGORITHM=COPY` on an identical table, without and with a concurrent write load.
// The ratio is engine time / server time (what online-ness costs); the write counts show what it
// buys (writes keep flowing during the online copy, a COPY ALTER blocks them). Then the user throttle
// ratio (0, 0.5, 0.9) against copy time on BENCH_THROTTLE_ROWS rows (default 100,000).
import { createPool, quoteIdentifier, startManagedMysql, type Pool } from '@localscale/mysql';
import { createEmbeddedEngine, type EmbeddedMigrationEngine, type VSchema } from '@localscale/vitess';
import { report } from './report.js';
import { round, timeIt } from './stats.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const throttleRows = Number(process.env.BENCH_THROTTLE_ROWS ?? Math.min(rows, 100_000));
const chunkRows = Number(process.env.BENCH_CHUNK_ROWS ?? 2000);
const writers = Number(process.env.BENCH_WRITERS ?? 4);
const db = 'bench_vitess';

async function seed(pool: Pool, table: string, n: number): Promise<void> {
  await pool.query(`CREATE TABLE ${t(table)} (id INT PRIMARY KEY, a INT NOT NULL, b VARCHAR(64) NOT NULL, c INT NOT NULL)`);
  const batch = 10_000;
  for (let start = 1; start <= n; start += batch) {
    const values: string[] = [];
    for (let id = start; id < Math.min(start + batch, n + 1); id++) values.push(`(${id},${(id * 7919) % 100_003},'payload-${id}-${'x'.repeat(20)}',${id % 97})`);
    await pool.query(`INSERT INTO ${t(table)} VALUES ${values.join(',')}`);
  }
}

const t = (table: string) => `${quoteIdentifier(db)}.${quoteIdentifier(table)}`;

async function cloneTable(pool: Pool, from: string, to: string): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${t(to)}`);
  await pool.query(`CREATE TABLE ${t(to)} LIKE ${t(from)}`);
  await pool.query(`INSERT INTO ${t(to)} SELECT * FROM ${t(from)}`);
}

/** Random updates and inserts at full speed until stopped; counts the writes that completed. */
function writeLoad(pool: Pool, table: string, idSpace: number): { stop: () => Promise<number>; count: () => number } {
  let stopped = false;
  let done = 0;
  let nextId = idSpace + 1;
  const worker = async () => {
    while (!stopped) {
      try {
        if (Math.random() < 0.7) await pool.query(`UPDATE ${t(table)} SET c = c + 1 WHERE id = ?`, [1 + Math.floor(Math.random() * idSpace)]);
        else await pool.query(`INSERT INTO ${t(table)} VALUES (?, 1, 'new', 1)`, [nextId++]);
        done++;
      } catch {
        // Lock conflicts under load are retried by the next iteration, as an application would.
      }
    }
  };
  const all = Array.from({ length: writers }, worker);
  return { stop: async () => { stopped = true; await Promise.all(all); return done; }, count: () => done };
}

let submissions = 0;

async function engineAlter(engine: EmbeddedMigrationEngine, sql: string): Promise<void> {
  // A context per run: the same DDL again in one context would be a (Vitess-faithful) no-op.
  const [uuid] = await engine.submit({ keyspace: 'bench', sql, ddlStrategy: 'vitess', migrationContext: `bench-${++submissions}` });
  for (;;) {
    const [row] = await engine.showMigrations({ keyspace: 'bench', uuid: uuid! });
    if (row?.migration_status === 'complete') return;
    if (row?.migration_status === 'failed' || row?.migration_status === 'cancelled') throw new Error(`migration ${row.migration_status}: ${row.message}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function compare(pool: Pool, engine: EmbeddedMigrationEngine, withLoad: boolean) {
  await cloneTable(pool, 'base', 'server_copy');
  await cloneTable(pool, 'base', 'engine_copy');
  const serverLoad = withLoad ? writeLoad(pool, 'server_copy', rows) : null;
  const serverMs = await timeIt(() => pool.query(`ALTER TABLE ${t('server_copy')} ADD INDEX a_idx (a), ALGORITHM=COPY`));
  const serverWrites = (await serverLoad?.stop()) ?? 0;
  const engineLoad = withLoad ? writeLoad(pool, 'engine_copy', rows) : null;
  const engineMs = await timeIt(() => engineAlter(engine, 'alter table engine_copy add index a_idx (a)'));
  const engineWrites = (await engineLoad?.stop()) ?? 0;
  return {
    server_alter_copy_ms: round(serverMs), engine_online_alter_ms: round(engineMs),
    server_rows_per_s: Math.round(rows / (serverMs / 1000)), engine_rows_per_s: Math.round(rows / (engineMs / 1000)),
    ratio_engine_over_server: round(engineMs / serverMs, 2),
    ...(withLoad ? {
      writes_during_server_alter: serverWrites, writes_during_engine_alter: engineWrites,
      writes_per_s_during_server_alter: Math.round(serverWrites / (serverMs / 1000)), writes_per_s_during_engine_alter: Math.round(engineWrites / (engineMs / 1000)),
    } : {}),
  };
}

async function main() {
  const mysql = await startManagedMysql();
  const pool = createPool(mysql.url, { connectionLimit: writers + 10 });
  let engine: EmbeddedMigrationEngine | null = null;
  try {
    await pool.query(`CREATE DATABASE ${quoteIdentifier(db)}`);
    await seed(pool, 'base', rows);
    const vschemas = new Map<string, VSchema>();
    engine = await createEmbeddedEngine({
      pool, sidecarDatabase: 'bench_vt', copyChunkRows: chunkRows, tickMs: 50,
      keyspaces: [{ name: 'bench', sharded: false, shards: [{ name: '-', database: db }] }],
      vschemaStore: { get: async (k) => vschemas.get(k) ?? null, put: async (k, v) => { vschemas.set(k, v); } },
    });
    const idle = await compare(pool, engine, false);
    const loaded = await compare(pool, engine, true);

    await pool.query(`DROP TABLE IF EXISTS ${t('server_copy')}, ${t('engine_copy')}`);
    await pool.query(`CREATE TABLE ${t('small')} LIKE ${t('base')}`);
    await pool.query(`INSERT INTO ${t('small')} SELECT * FROM ${t('base')} WHERE id <= ?`, [throttleRows]);
    const throttle: Record<string, number> = {};
    for (const ratio of [0, 0.5, 0.9]) {
      await cloneTable(pool, 'small', 'throttled');
      if (ratio > 0) await engine.throttle('bench', { all: true }, { ratio });
      throttle[`ratio_${ratio}_ms`] = round(await timeIt(() => engineAlter(engine!, 'alter table throttled add index a_idx (a)')));
      await engine.unthrottle('bench', { all: true });
    }
    const base = throttle['ratio_0_ms']!;
    await report('vitess', {
      rows, chunk_rows: chunkRows, writers,
      add_index_without_load: idle,
      add_index_with_write_load: loaded,
      throttle: {
        rows: throttleRows, ...throttle,
        slowdown_at_0_5: round(throttle['ratio_0.5_ms']! / base, 2), slowdown_at_0_9: round(throttle['ratio_0.9_ms']! / base, 2),
      },
    });
  } finally {
    await engine?.close();
    await pool.end();
    await mysql.stop();
  }
}

await main();
