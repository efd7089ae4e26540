// The client side of the sharded-writes benchmark: single-row INSERTs, then point SELECTs, on two
// connections (a 2-shard keyspace and an unsharded one) in alternating blocks, so drift in the
// machine's load hits both alike. Runs in LocalScale's thread or in a worker thread of its own.
import mysql from 'mysql2/promise';

export type Statement = 'insert' | 'select';

const run = (c: mysql.Connection, kind: Statement, id: number) => (kind === 'insert'
  // Text protocol (client-side placeholders): the edge refuses to prepare a write that may span
  // shards (VT12001), and the baseline must send the same bytes.
  ? c.query('INSERT INTO items (id, score, note) VALUES (?, ?, ?)', [id, (id * 7919) % 100_003, `n${id}`])
  : c.query('SELECT id, score, note FROM items WHERE id = ?', [id]));

/** Runs `kind` for each id, appending each latency (ms) to `out`. */
async function block(c: mysql.Connection, kind: Statement, ids: readonly number[], out: number[]): Promise<void> {
  for (const id of ids) {
    const start = process.hrtime.bigint();
    await run(c, kind, id);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

export interface Latencies { sharded: number[]; plain: number[] }

/**
 * `kind` for every id of `ids` on both connections, in `blocks` blocks alternating which side goes
 * first (neither always runs right after the other's writes), after `warmup` on ids the runs never use.
 */
export async function interleaved(o: {
  sharded: mysql.ConnectionOptions; plain: mysql.ConnectionOptions; kind: Statement; ids: number[]; warmupIds: number[]; blocks: number;
}): Promise<Latencies> {
  const sharded = await mysql.createConnection(o.sharded);
  const plain = await mysql.createConnection(o.plain);
  try {
    for (const c of [sharded, plain]) await block(c, o.kind, o.warmupIds, []);
    const out: Latencies = { sharded: [], plain: [] };
    const per = Math.ceil(o.ids.length / o.blocks);
    for (let b = 0; b < o.blocks; b++) {
      const ids = o.ids.slice(b * per, (b + 1) * per);
      const pair: [mysql.Connection, number[]][] = [[sharded, out.sharded], [plain, out.plain]];
      for (const [c, list] of b % 2 ? pair.reverse() : pair) await block(c, o.kind, ids, list);
    }
    return out;
  } finally {
    await sharded.end();
    await plain.end();
  }
}
