// The conformance harness for a real vtgate, named by LOCALSCALE_TEST_VTGATE (mysql://host:port/).
// Keyspaces: LOCALSCALE_TEST_VTGATE_KEYSPACE (default: the first keyspace with one shard) and
// LOCALSCALE_TEST_VTGATE_SHARDED_KEYSPACE (default: the first with shards -80 and 80-).
// LOCALSCALE_TEST_VTGATE_ONLINE_ALTER=1 enables the scenarios that copy rows, which vttestserver
// cannot run (its ALTERs need VReplication and fail with `not implemented in vtcombo`).
// LOCALSCALE_TEST_VTGATE_POLL_MS: how often the adapter polls for its subscribers' events (default
// 500; an endpoint whose migrations finish faster than that needs less to show every status).
// LOCALSCALE_TEST_VTGATE_VSCHEMA_SQL=0 skips applying and reading VSchemas through SQL (ALTER VSCHEMA,
// SHOW VSCHEMA ...), for an endpoint that refuses them (LocalScale's edge: use the VSchema API).
import { createPool, quoteIdentifier } from '@localscale/mysql';
import { createVtgateEngine } from '../../src/index.js';
import type { Harness } from '../conformance/harness.js';

export function vtgateSkipReason(): string | null {
  return process.env.LOCALSCALE_TEST_VTGATE ? null : 'LOCALSCALE_TEST_VTGATE is not set (no vtgate to run against)';
}

export async function startVtgateHarness(): Promise<Harness> {
  const url = process.env.LOCALSCALE_TEST_VTGATE!;
  const pool = createPool(url, { connectionLimit: 10 });
  const engine = createVtgateEngine({ pool, pollMs: Number(process.env.LOCALSCALE_TEST_VTGATE_POLL_MS ?? 500) });
  const keyspaces = await engine.keyspaces();
  const keyspace = process.env.LOCALSCALE_TEST_VTGATE_KEYSPACE ?? keyspaces.find((k) => k.shards.length === 1)?.name;
  if (!keyspace) throw new Error('the vtgate has no unsharded keyspace; set LOCALSCALE_TEST_VTGATE_KEYSPACE');
  const sharded = process.env.LOCALSCALE_TEST_VTGATE_SHARDED_KEYSPACE
    ?? keyspaces.find((k) => k.shards.length === 2 && k.shards.includes('-80') && k.shards.includes('80-'))?.name ?? null;
  const run = async (ks: string, sql: string, params: unknown[] = []) => {
    const conn = await pool.getConnection();
    try {
      await conn.query(`USE ${quoteIdentifier(ks)}`);
      await conn.query("SET @@ddl_strategy = 'direct'");
      const [rows] = await conn.query(sql, params);
      return rows;
    } finally {
      conn.release();
    }
  };
  return {
    engine, keyspace, sharded,
    exec: async (ks, sql, params) => { await run(ks, sql, params); },
    query: async <T>(ks: string, sql: string, params?: unknown[]) => (await run(ks, sql, params)) as T[],
    capabilities: {
      onlineAlter: process.env.LOCALSCALE_TEST_VTGATE_ONLINE_ALTER === '1', instantDdl: true,
      vschemaSql: process.env.LOCALSCALE_TEST_VTGATE_VSCHEMA_SQL !== '0',
    },
    waitMs: 180_000,
    close: async () => { await engine.close(); await pool.end(); },
  };
}
