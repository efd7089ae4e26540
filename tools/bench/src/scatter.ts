// Scatter reads on a sharded keyspace (issue 16): 1,000,000 rows on a 2-shard keyspace (hash vindex on
// the primary key), read through the edge with no WHERE that pins a shard, against the same queries
// with mysql2 straight to one plain MySQL database holding all the rows (the baseline), on the same
// MySQL server. Queries: COUNT(*); ORDER BY a column without an index LIMIT 10 (both sides scan every
// row); ORDER BY the primary key LIMIT 10 (MySQL can stop after 10 rows of one index). Interleaved
// repetitions after one warm-up round; median; ratio edge / baseline.
//
// To show where the time goes, two more sides run the same work on the same server (diagnostics, not
// the ratio the issue asks for): `routed_direct` is the exact text the edge's router sends (from
// routeStatement, the edge's own function) run by mysql2 straight to MySQL, so edge - routed_direct is
// the edge's own cost and routed_direct - baseline is MySQL's cost of the router's plan; `per_shard`
// is the query run on each shard's database one after another, merged here (what a vtgate-style
// scatter/gather would cost without parallelism). EXPLAIN of the routed text is reported too.
import { routeStatement, type RoutedKeyspace } from '@localscale/edge';
import { readKeyspaceVSchema } from '@localscale/vitess';
import type mysql from 'mysql2/promise';
import { report } from './report.js';
import { shardIndexer, startShardedFixture } from './sharded-fixture.js';
import { median, round, timeIt } from './stats.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const batch = 10_000;
const baselineDatabase = 'bench_scatter_all';
const ddl = 'CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, score int NOT NULL, note varchar(20) NOT NULL)';
const vschemaDoc = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { items: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };

// Ties in score are broken by id so every side must return the same 10 rows.
const queries = {
  count: 'SELECT COUNT(*) AS n FROM items',
  order_by_unindexed_limit_10: 'SELECT id, score FROM items ORDER BY score DESC, id LIMIT 10',
  order_by_primary_key_limit_10: 'SELECT id, score FROM items ORDER BY id LIMIT 10',
} as const;
type QueryName = keyof typeof queries;

type Row = [number, number, string];
const row = (id: number): Row => [id, (id * 7919) % 100_003, `n${id}`];

/** Merges per-shard results as a scatter/gather router would: add the counts, or re-sort and cut. */
function merge(name: QueryName, parts: mysql.RowDataPacket[][]): unknown[] {
  if (name === 'count') return [{ n: parts.reduce((a, p) => a + Number(p[0]!.n), 0) }];
  const all = parts.flat();
  all.sort(name === 'order_by_primary_key_limit_10'
    ? (a, b) => Number(a.id) - Number(b.id)
    : (a, b) => Number(b.score) - Number(a.score) || Number(a.id) - Number(b.id));
  return all.slice(0, 10);
}

const normalise = (result: unknown[]) => JSON.stringify(result.map((r) => Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, Number(v)]))));

async function main() {
  const fx = await startShardedFixture([ddl], vschemaDoc);
  try {
    const root = await fx.openRoot();
    // 1,000,000 rows are ~60 MB per copy, and the private server's 64 MB buffer pool would make both
    // sides measure disk reads; a pool that holds both copies makes them measure the queries.
    await root.query('SET GLOBAL innodb_buffer_pool_size = 536870912');
    await root.query(`CREATE DATABASE \`${baselineDatabase}\``);
    await root.query(`CREATE TABLE \`${baselineDatabase}\`.items (id bigint NOT NULL PRIMARY KEY, score int NOT NULL, note varchar(20) NOT NULL)`);

    // Load: rows generated in id order, each sent to the shard Vitess's hash vindex gives it (straight
    // into the shard's physical database) and to the baseline, in multi-row INSERTs.
    const shardOf = shardIndexer(fx.shards.map((s) => s.shard));
    const loadMs = await timeIt(async () => {
      for (let from = 1; from <= rows; from += batch) {
        const all: Row[] = [];
        const perShard: Row[][] = fx.shards.map(() => []);
        for (let id = from; id < Math.min(from + batch, rows + 1); id++) {
          const r = row(id);
          all.push(r);
          perShard[shardOf(id)]!.push(r);
        }
        await root.query(`INSERT INTO \`${baselineDatabase}\`.items (id, score, note) VALUES ?`, [all]);
        for (const [i, s] of fx.shards.entries()) {
          if (perShard[i]!.length) await root.query(`INSERT INTO \`${s.database}\`.items (id, score, note) VALUES ?`, [perShard[i]]);
        }
      }
    });
    for (const db of [baselineDatabase, ...fx.shards.map((s) => s.database)]) await root.query(`ANALYZE TABLE \`${db}\`.items`);
    const shardRows = await Promise.all(fx.shards.map(async (s) => Number((await root.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${s.database}\`.items`))[0][0]!.n)));

    // The text the edge's router sends for each query: the same function, the same VSchema and shards.
    const keyspace: RoutedKeyspace = {
      name: 'orders', databases: fx.shards.map((s) => s.database), shards: fx.shards.map((s) => s.shard),
      vschema: readKeyspaceVSchema('orders', vschemaDoc),
    };
    const routedText = (sql: string) => {
      const route = routeStatement(sql, 0, sql.length, { keyspaces: [keyspace], current: 'orders' });
      if (route.kind !== 'one') throw new Error(`expected one routed statement for ${sql}, got ${route.kind}`);
      return route.text;
    };

    const edge = await fx.openSharded();
    const baseline = await fx.openRoot(baselineDatabase);
    const perShardConns = await Promise.all(fx.shards.map((s) => fx.openRoot(s.database)));
    const sides = {
      edge: async (name: QueryName) => (await edge.query<mysql.RowDataPacket[]>(queries[name]))[0],
      baseline: async (name: QueryName) => (await baseline.query<mysql.RowDataPacket[]>(queries[name]))[0],
      routed_direct: async (name: QueryName) => (await baseline.query<mysql.RowDataPacket[]>(routedText(queries[name])))[0],
      per_shard: async (name: QueryName) => {
        const parts: mysql.RowDataPacket[][] = [];
        for (const c of perShardConns) parts.push((await c.query<mysql.RowDataPacket[]>(queries[name]))[0]);
        return merge(name, parts);
      },
    };
    type Side = keyof typeof sides;
    const names = Object.keys(queries) as QueryName[];
    const sideNames = Object.keys(sides) as Side[];
    const samples = new Map<string, number[]>();
    const results = new Map<string, string>();
    // Round 0 warms caches and is not counted; the side order rotates each round so no side always
    // runs right after another's scan.
    for (let run = 0; run <= runs; run++) {
      for (const name of names) {
        for (let k = 0; k < sideNames.length; k++) {
          const side = sideNames[(k + run) % sideNames.length]!;
          let out: unknown[] = [];
          const ms = await timeIt(async () => { out = await sides[side](name); });
          if (run === 0) { results.set(`${name}/${side}`, normalise(out)); continue; }
          samples.set(`${name}/${side}`, [...(samples.get(`${name}/${side}`) ?? []), ms]);
        }
      }
    }
    for (const name of names) {
      const expected = results.get(`${name}/baseline`);
      for (const side of sideNames) {
        if (results.get(`${name}/${side}`) !== expected) throw new Error(`${name}: ${side} returned ${results.get(`${name}/${side}`)}, baseline ${expected}`);
      }
    }

    const explain: Record<string, unknown[]> = {};
    for (const name of names) {
      const [plan] = await baseline.query<mysql.RowDataPacket[]>(`EXPLAIN ${routedText(queries[name])}`);
      explain[name] = plan.map((p) => ({ id: p.id, select_type: p.select_type, table: p.table, type: p.type, key: p.key, rows: p.rows, extra: p.Extra }));
    }
    const [tmp] = await root.query<mysql.RowDataPacket[]>("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('tmp_table_size', 'max_heap_table_size', 'version')");

    // Where the routed plan's time goes: the session counters of one run of the routed text (does the
    // UNION ALL derived table spill to an on-disk temporary table, how many rows it writes and sorts),
    // and its median time when the session allows a 1 GB in-memory temporary table (no spill).
    const counters: Record<string, Record<string, number>> = {};
    for (const name of names) {
      await baseline.query('FLUSH STATUS');
      await baseline.query(routedText(queries[name]));
      const [status] = await baseline.query<mysql.RowDataPacket[]>(
        "SHOW SESSION STATUS WHERE Variable_name IN ('Created_tmp_tables', 'Created_tmp_disk_tables', 'Handler_tmp_write', 'Handler_read_rnd_next', 'Sort_rows', 'Sort_merge_passes')");
      counters[name] = Object.fromEntries(status.map((v) => [String(v.Variable_name), Number(v.Value)]));
    }
    await baseline.query('SET SESSION max_heap_table_size = 1073741824, tmp_table_size = 1073741824');
    const inMemory: Record<string, number> = {};
    for (const name of names) {
      const xs: number[] = [];
      for (let i = 0; i < 3; i++) xs.push(await timeIt(() => baseline.query(routedText(queries[name]))));
      inMemory[name] = round(median(xs), 1);
    }

    await edge.end();
    await baseline.end();
    for (const c of perShardConns) await c.end();
    await root.end();

    const med = (name: QueryName, side: Side) => median(samples.get(`${name}/${side}`)!);
    const perQuery = Object.fromEntries(names.map((name) => [name, {
      statement: queries[name],
      median_ms: Object.fromEntries(sideNames.map((side) => [side, round(med(name, side), 1)])),
      ratio: round(med(name, 'edge') / med(name, 'baseline'), 2),
      ratio_routed_direct_vs_baseline: round(med(name, 'routed_direct') / med(name, 'baseline'), 2),
      ratio_per_shard_vs_baseline: round(med(name, 'per_shard') / med(name, 'baseline'), 2),
      samples_ms: Object.fromEntries(sideNames.map((side) => [side, samples.get(`${name}/${side}`)!.map((x) => round(x, 1))])),
    }]));
    await report('scatter', {
      rows, runs, load_s: round(loadMs / 1000, 1),
      rows_per_shard: Object.fromEntries(fx.shards.map((s, i) => [s.shard, shardRows[i]])),
      server: Object.fromEntries(tmp.map((v) => [String(v.Variable_name), String(v.Value)])),
      innodb_buffer_pool_mb: 512,
      routed_text: Object.fromEntries(names.map((name) => [name, routedText(queries[name])])),
      queries: perQuery,
      explain_routed: explain,
      routed_direct_session_status: counters,
      routed_direct_median_ms_with_1gb_memory_temp_tables: inMemory,
      target_ratio: 1.5,
    });
  } finally {
    await fx.stop();
  }
}

await main();
