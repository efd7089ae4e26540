// Routing cost of a sharded keyspace (issue 16): 10,000 single-row INSERTs, then 10,000 point SELECTs
// by primary key, each on one connection through the edge, on a 2-shard keyspace with a hash vindex
// (every statement is routed to the shard its id hashes to) and, as the baseline, on an unsharded
// keyspace with the same table (the edge passes the statement through as written). Both on the same
// edge, server and MySQL; interleaved in blocks so drift in the machine's load hits both alike.
// Reported: ops/s of each side, median and p99 latency, and sharded time / unsharded time.
import type mysql from 'mysql2/promise';
import { report } from './report.js';
import { shardIndexer, startShardedFixture } from './sharded-fixture.js';
import { median, percentile, round } from './stats.js';

const ops = Number(process.env.BENCH_SHARDED_OPS ?? 10_000);
const blocks = 10;
const warmup = 500;
const ddl = ['CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, score int NOT NULL, note varchar(20) NOT NULL)'];
const vschema = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { items: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };

// Text protocol (client-side placeholders): the edge refuses to prepare a write that may span shards
// (VT12001), and the baseline must send the same bytes.
const insert = (c: mysql.Connection, id: number) => c.query('INSERT INTO items (id, score, note) VALUES (?, ?, ?)', [id, (id * 7919) % 100_003, `n${id}`]);
const select = (c: mysql.Connection, id: number) => c.query('SELECT id, score, note FROM items WHERE id = ?', [id]);

/** Runs `one` for ids from..to-1, appending each latency (ms) to `out`. */
async function block(c: mysql.Connection, from: number, to: number, one: (c: mysql.Connection, id: number) => Promise<unknown>, out: number[]): Promise<void> {
  for (let id = from; id < to; id++) {
    const start = process.hrtime.bigint();
    await one(c, id);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

// Point SELECTs visit the ids in a scrambled order, so neither side reads rows in insertion order.
const scrambled = (i: number) => 1 + ((i * 7919) % ops);

async function main() {
  const fx = await startShardedFixture(ddl, vschema);
  try {
    const sharded = await fx.openSharded();
    const plain = await fx.openPlain();
    // Warm both paths (connections, plan caches, buffer pool pages) on ids the measured runs never use.
    for (const c of [sharded, plain]) {
      await block(c, ops + 1, ops + 1 + warmup, insert, []);
      await block(c, ops + 1, ops + 1 + warmup, select, []);
    }

    const ms = { shardedInsert: [] as number[], plainInsert: [] as number[], shardedSelect: [] as number[], plainSelect: [] as number[] };
    const per = ops / blocks;
    for (let b = 0; b < blocks; b++) {
      // Alternate which side goes first, so neither always runs right after the other's writes.
      const pair: [mysql.Connection, number[]][] = [[sharded, ms.shardedInsert], [plain, ms.plainInsert]];
      for (const [c, out] of b % 2 ? pair.reverse() : pair) await block(c, 1 + b * per, 1 + (b + 1) * per, insert, out);
    }
    for (let b = 0; b < blocks; b++) {
      const pair: [mysql.Connection, number[]][] = [[sharded, ms.shardedSelect], [plain, ms.plainSelect]];
      for (const [c, out] of b % 2 ? pair.reverse() : pair) await block(c, b * per, (b + 1) * per, (conn, i) => select(conn, scrambled(i)), out);
    }
    await sharded.end();
    await plain.end();

    // Check the work was what it claims: every row there, and split over the shards as the vindex says.
    const root = await fx.openRoot();
    const count = async (db: string) => Number((await root.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${db}\`.items WHERE id <= ?`, [ops]))[0][0]!.n);
    const perShard = await Promise.all(fx.shards.map((s) => count(s.database)));
    const expected = fx.shards.map(() => 0);
    const indexOf = shardIndexer(fx.shards.map((s) => s.shard));
    for (let id = 1; id <= ops; id++) expected[indexOf(id)]!++;
    const plainRows = await count(fx.plainDatabase);
    await root.end();
    if (plainRows !== ops || perShard.some((n, i) => n !== expected[i])) {
      throw new Error(`rows not where they belong: plain ${plainRows}, shards ${perShard.join('/')} (expected ${ops}, ${expected.join('/')})`);
    }

    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const side = (xs: number[]) => ({ ops_per_s: Math.round(xs.length / (sum(xs) / 1000)), median_ms: round(median(xs), 3), p99_ms: round(percentile(xs, 99), 3) });
    await report('sharded-writes', {
      ops, connection: 'one mysql2 connection per side, text protocol, autocommit',
      rows_per_shard: Object.fromEntries(fx.shards.map((s, i) => [s.shard, perShard[i]])),
      insert: {
        statement: 'INSERT INTO items (id, score, note) VALUES (?, ?, ?)',
        sharded_2_shards: side(ms.shardedInsert), unsharded: side(ms.plainInsert),
        ratio_time: round(sum(ms.shardedInsert) / sum(ms.plainInsert), 2),
        ratio_median_latency: round(median(ms.shardedInsert) / median(ms.plainInsert), 2),
      },
      select: {
        statement: 'SELECT id, score, note FROM items WHERE id = ?',
        sharded_2_shards: side(ms.shardedSelect), unsharded: side(ms.plainSelect),
        ratio_time: round(sum(ms.shardedSelect) / sum(ms.plainSelect), 2),
        ratio_median_latency: round(median(ms.shardedSelect) / median(ms.plainSelect), 2),
      },
      target_ratio: 1.2,
    });
  } finally {
    await fx.stop();
  }
}

await main();
