// Online ALTER: `ADD INDEX` on a BENCH_ROWS-row table (default 1,000,000) through the embedded Vitess
// engine (shadow table, chunked copy, sync triggers, cut-over) against three baselines on identical
// copies of the table, in the same run: the server's own `ALTER TABLE ... ALGORITHM=COPY` (what a
// table rebuild costs), `ALGORITHM=INPLACE` (the server's sorted index build, the floor) and
// pt-online-schema-change (percona-toolkit: the same trigger-and-copy design as the engine, the
// tool to beat). Each is measured BENCH_RUNS times (default 3, median reported), without and with
// BENCH_WRITERS concurrent writers. The write counts show what online-ness buys (a COPY ALTER blocks
// writes). Then the user throttle ratio (0, 0.5, 0.9) against copy time on BENCH_THROTTLE_ROWS rows.
//
// Besides wall times it reports what bounds them: the MySQL server's CPU time per side (a ratio of
// CPU times holds up far better than one of wall times when other work shares the machine) and the
// engine's phases (setup, row copy, key build, the wait until the cut-over, the cut-over), read from
// the statements it sends (statement-trace.ts).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createPool, quoteIdentifier, startManagedMysql, type ManagedMysql, type Pool, type Row } from '@localscale/mysql';
import { createEmbeddedEngine, type EmbeddedMigrationEngine, type VSchema } from '@localscale/vitess';
import { report } from './report.js';
import { cpuMs } from './serve.js';
import { enginePhases, StatementTrace, type EnginePhases } from './statement-trace.js';
import { median, round, timeIt } from './stats.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const throttleRows = Number(process.env.BENCH_THROTTLE_ROWS ?? Math.min(rows, 100_000));
const chunkRows = process.env.BENCH_CHUNK_ROWS === undefined ? undefined : Number(process.env.BENCH_CHUNK_ROWS);
const runs = Number(process.env.BENCH_RUNS ?? 3);
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
const trace = new StatementTrace();

/** Submits the ALTER and waits for the migration to complete; the phases of the run from its statements. */
async function engineAlter(engine: EmbeddedMigrationEngine, sql: string): Promise<EnginePhases> {
  // A context per run: the same DDL again in one context would be a (Vitess-faithful) no-op.
  const context = `bench-${++submissions}`;
  let endedAt = 0;
  let markEnded = () => undefined as void;
  const ended = new Promise<void>((resolve) => { markEnded = resolve; });
  // The engine announces the change that ends the migration; the poll below is only a safety net.
  const unsubscribe = engine.subscribe((e) => {
    if (e.type !== 'changed' || e.context !== context || !['complete', 'failed', 'cancelled'].includes(e.status)) return;
    endedAt ||= performance.now();
    markEnded();
  });
  trace.start();
  const submittedAt = performance.now();
  try {
    const [uuid] = await engine.submit({ keyspace: 'bench', sql, ddlStrategy: 'vitess', migrationContext: context });
    for (;;) {
      const [row] = await engine.showMigrations({ keyspace: 'bench', uuid: uuid! });
      if (row?.migration_status === 'complete') return enginePhases(trace.stop(), submittedAt, endedAt || performance.now());
      if (row?.migration_status === 'failed' || row?.migration_status === 'cancelled') throw new Error(`migration ${row.migration_status}: ${row.message}`);
      await Promise.race([ended, new Promise((r) => setTimeout(r, 500))]);
    }
  } finally {
    unsubscribe();
    trace.stop();
  }
}

/** pt-online-schema-change against the same server, as its documentation runs it (no replicas to check). */
async function ptOsc(mysql: ManagedMysql, table: string, alter: string): Promise<void> {
  await promisify(execFile)('pt-online-schema-change', [
    '--alter', alter, '--execute', '--recursion-method=none', '--no-check-alter',
    `D=${db},t=${table},h=${mysql.host},P=${mysql.port},u=${mysql.user}`,
  ], { maxBuffer: 16 * 1024 * 1024 });
}

type Side = 'copy' | 'inplace' | 'pt_osc' | 'engine';
const sides: readonly Side[] = ['copy', 'inplace', 'pt_osc', 'engine'];

interface SideRun { ms: number; mysqldCpuMs: number; writes: number; schema: string; phases: EnginePhases | null }

async function alterOnce(mysql: ManagedMysql, pool: Pool, engine: EmbeddedMigrationEngine, side: Side, withLoad: boolean): Promise<SideRun> {
  const table = `${side}_t`;
  await cloneTable(pool, 'base', table);
  const load = withLoad ? writeLoad(pool, table, rows) : null;
  let phases: EnginePhases | null = null;
  const cpuBefore = await cpuMs(mysql.pid);
  const ms = await timeIt(async () => {
    switch (side) {
      case 'copy': return pool.query(`ALTER TABLE ${t(table)} ADD INDEX a_idx (a), ALGORITHM=COPY`);
      case 'inplace': return pool.query(`ALTER TABLE ${t(table)} ADD INDEX a_idx (a), ALGORITHM=INPLACE, LOCK=NONE`);
      case 'pt_osc': return ptOsc(mysql, table, 'ADD INDEX a_idx (a)');
      case 'engine': phases = await engineAlter(engine, `alter table ${table} add index a_idx (a)`); return phases;
    }
  });
  const mysqldCpuMs = (await cpuMs(mysql.pid)) - cpuBefore;
  const writes = (await load?.stop()) ?? 0;
  const [created] = await pool.query<Row[]>(`SHOW CREATE TABLE ${t(table)}`);
  await pool.query(`DROP TABLE IF EXISTS ${t(table)}`);
  // Every side must end with the same table (the engine builds its new keys after the copy).
  const schema = String(created[0]!['Create Table']).replace(/^CREATE TABLE `[^`]+`/, 'CREATE TABLE t').replace(/ AUTO_INCREMENT=\d+/, '');
  return { ms, mysqldCpuMs, writes, schema, phases };
}

/** The median of each phase over the engine's runs. */
function medianPhases(runs: readonly EnginePhases[]): Record<string, number> {
  const keys = Object.keys(runs[0] ?? {}) as (keyof EnginePhases)[];
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => r[k])))]));
}

async function compare(mysql: ManagedMysql, pool: Pool, engine: EmbeddedMigrationEngine, withLoad: boolean) {
  const runsOf = Object.fromEntries(sides.map((s) => [s, [] as SideRun[]])) as Record<Side, SideRun[]>;
  let expected = '';
  // Interleaved, so a noisy neighbour on a shared machine hits every side alike.
  for (let run = 0; run < runs; run++) {
    for (const side of sides) {
      const r = await alterOnce(mysql, pool, engine, side, withLoad);
      if (side === 'copy') expected = r.schema;
      else if (r.schema !== expected) throw new Error(`${side} left a different table:\n${r.schema}\nnot\n${expected}`);
      runsOf[side].push(r);
    }
  }
  const ms = (side: Side) => median(runsOf[side].map((r) => r.ms));
  const cpu = (side: Side) => median(runsOf[side].map((r) => r.mysqldCpuMs));
  const perSide = (f: (side: Side) => number) => Object.fromEntries(sides.map((s) => [s, round(f(s))]));
  return {
    median_ms: perSide(ms),
    runs_ms: Object.fromEntries(sides.map((s) => [s, runsOf[s].map((r) => round(r.ms))])),
    engine_rows_per_s: Math.round(rows / (ms('engine') / 1000)),
    ratio_engine_over_copy: round(ms('engine') / ms('copy'), 2),
    ratio_engine_over_pt_osc: round(ms('engine') / ms('pt_osc'), 2),
    ratio_engine_over_inplace: round(ms('engine') / ms('inplace'), 2),
    ratio_pt_osc_over_copy: round(ms('pt_osc') / ms('copy'), 2),
    // The server's CPU time while each side ran (its own work, plus the writers' when they run).
    mysqld_cpu_ms: perSide(cpu),
    ratio_engine_over_copy_mysqld_cpu: round(cpu('engine') / cpu('copy'), 2),
    engine_phases_ms: medianPhases(runsOf.engine.map((r) => r.phases!)),
    ...(withLoad ? {
      writes_per_s_during: Object.fromEntries(sides.map((s) => [s, Math.round(median(runsOf[s].map((r) => r.writes / (r.ms / 1000))))])),
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
      // The engine sees its pool through the statement trace; its scheduler ticks at its default cadence.
      pool: trace.wrap(pool), sidecarDatabase: 'bench_vt', ...(chunkRows === undefined ? {} : { copyChunkRows: chunkRows }),
      keyspaces: [{ name: 'bench', sharded: false, shards: [{ name: '-', database: db }] }],
      vschemaStore: { get: async (k) => vschemas.get(k) ?? null, put: async (k, v) => { vschemas.set(k, v); } },
    });
    const idle = await compare(mysql, pool, engine, false);
    const loaded = writers > 0 ? await compare(mysql, pool, engine, true) : null;
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
      rows, chunk_rows: chunkRows ?? 'engine default', writers, runs, server: `${mysql.flavor} ${mysql.version}`,
      add_index_without_load: idle,
      ...(loaded ? { add_index_with_write_load: loaded } : {}),
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
