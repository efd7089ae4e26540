// Routing cost of a sharded keyspace (issues 16 and 17): 10,000 single-row INSERTs, then 10,000 point
// SELECTs by primary key, each on one connection through the edge, on a 2-shard keyspace with a hash
// vindex (every statement is routed to the shard its id hashes to) and, as the baseline, on an
// unsharded keyspace with the same table (the edge passes the statement through as written). Both on
// the same edge, server and MySQL; interleaved in blocks so drift in the machine's load hits both alike
// (sharded-client.ts). Measured twice: with the client in LocalScale's thread (as a test suite with
// LocalScale in-process has it, and as this benchmark always did) and in a worker thread of its own (as
// an app runs apart from LocalScale).
// Reported: ops/s of each side, median and p99 latency, and sharded time / unsharded time.
import type mysql from 'mysql2/promise';
import { inWorker } from './in-worker.js';
import { report } from './report.js';
import { interleaved, type Latencies, type Statement } from './sharded-client.js';
import { shardIndexer, startShardedFixture } from './sharded-fixture.js';
import { median, percentile, round } from './stats.js';

const ops = Number(process.env.BENCH_SHARDED_OPS ?? 10_000);
const blocks = 10;
const warmup = 500;
const ddl = ['CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, score int NOT NULL, note varchar(20) NOT NULL)'];
const vschema = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { items: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };
const clientModule = new URL('./sharded-client.ts', import.meta.url);

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
// Point SELECTs visit the ids in a scrambled order, so neither side reads rows in insertion order.
const scrambled = (ids: readonly number[]) => ids.map((_, i) => ids[(i * 7919) % ids.length]!);

type Where = 'same_thread' | 'worker';

async function measure(where: Where, sharded: mysql.ConnectionOptions, plain: mysql.ConnectionOptions, first: number) {
  const ids = range(first, ops);
  const warmupIds = range(first + ops, warmup);
  const one = (kind: Statement, list: number[]) => {
    const input = { sharded, plain, kind, ids: list, warmupIds, blocks };
    return where === 'worker' ? inWorker<Latencies>(clientModule, 'interleaved', input) : interleaved(input);
  };
  const inserts = await one('insert', ids);
  const selects = await one('select', scrambled(ids));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const side = (xs: number[]) => ({ ops_per_s: Math.round(xs.length / (sum(xs) / 1000)), median_ms: round(median(xs), 3), p99_ms: round(percentile(xs, 99), 3) });
  const compare = (l: Latencies, statement: string) => ({
    statement, sharded_2_shards: side(l.sharded), unsharded: side(l.plain),
    ratio_time: round(sum(l.sharded) / sum(l.plain), 2),
    ratio_median_latency: round(median(l.sharded) / median(l.plain), 2),
  });
  return {
    insert: compare(inserts, 'INSERT INTO items (id, score, note) VALUES (?, ?, ?)'),
    select: compare(selects, 'SELECT id, score, note FROM items WHERE id = ?'),
    inserted: [...ids, ...warmupIds],
  };
}

async function main() {
  const fx = await startShardedFixture(ddl, vschema);
  try {
    const sameThread = await measure('same_thread', fx.shardedOptions, fx.plainOptions, 1);
    const worker = await measure('worker', fx.shardedOptions, fx.plainOptions, 1 + ops + warmup);

    // Check the work was what it claims: every row there, and split over the shards as the vindex says.
    const inserted = [...sameThread.inserted, ...worker.inserted];
    const root = await fx.openRoot();
    const count = async (db: string) => Number((await root.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${db}\`.items`))[0][0]!.n);
    const perShard = await Promise.all(fx.shards.map((s) => count(s.database)));
    const expected = fx.shards.map(() => 0);
    const indexOf = shardIndexer(fx.shards.map((s) => s.shard));
    for (const id of inserted) expected[indexOf(id)]!++;
    const plainRows = await count(fx.plainDatabase);
    await root.end();
    if (plainRows !== inserted.length || perShard.some((n, i) => n !== expected[i])) {
      throw new Error(`rows not where they belong: plain ${plainRows}, shards ${perShard.join('/')} (expected ${inserted.length}, ${expected.join('/')})`);
    }

    const strip = ({ inserted: _ids, ...rest }: Awaited<ReturnType<typeof measure>>) => rest;
    await report('sharded-writes', {
      ops, connection: 'one mysql2 connection per side, text protocol, autocommit',
      rows_per_shard: Object.fromEntries(fx.shards.map((s, i) => [s.shard, perShard[i]])),
      client: 'mysql2 in LocalScale\'s thread (as before: a test suite\'s view); `worker`: the same with mysql2 in a worker thread of its own',
      ...strip(sameThread),
      worker: strip(worker),
      target_ratio: 1.2,
    });
  } finally {
    await fx.stop();
  }
}

await main();
