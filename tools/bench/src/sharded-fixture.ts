// What the sharding benchmarks share: LocalScale in this process on a private MySQL server, with one
// database holding an unsharded keyspace (`plain`, the baseline: nothing to route) and another holding
// a 2-shard keyspace with Vitess's hash vindex on the primary key (`orders`, as
// packages/server/test/sharding.test.ts sets it up), the same table in both, and mysql2 connections to
// the edge with a branch password of each.
import { physicalShards, startManagedMysql, type ManagedMysql } from '@localscale/mysql';
import { createPlanetScaleClient } from '@localscale/sdk';
import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';
import { createLogger, resolveConfig, startLocalScale, type LocalScale } from '@localscale/server';
import { shardForKeyspaceId, vindexFor } from '@localscale/vitess';
import mysql from 'mysql2/promise';

export const org = 'bench';
const prefix = 'bsh';
const sharded = { database: 'sharded', keyspace: 'orders', shards: 2 } as const;
const plain = { database: 'plain', keyspace: 'plain' } as const;

export interface ShardedFixture {
  server: ManagedMysql;
  ls: LocalScale;
  /** mysql2 options of a connection through the edge to the 2-shard keyspace, and to the unsharded one. */
  shardedOptions: mysql.ConnectionOptions;
  plainOptions: mysql.ConnectionOptions;
  /** A mysql2 connection through the edge to the 2-shard keyspace. */
  openSharded(): Promise<mysql.Connection>;
  /** A mysql2 connection through the edge to the unsharded keyspace. */
  openPlain(): Promise<mysql.Connection>;
  /** A root connection straight to MySQL (no edge), optionally in one database. */
  openRoot(database?: string): Promise<mysql.Connection>;
  /** Physical databases of the 2-shard keyspace's shards, with their shard names (`-80`, `80-`). */
  shards: { shard: string; database: string }[];
  /** Physical database of the unsharded keyspace. */
  plainDatabase: string;
  stop(): Promise<void>;
}

/** The shard (index into `shards`) Vitess's hash vindex puts an id on. */
export function shardIndexer(shards: readonly string[]): (id: number) => number {
  const hash = vindexFor('hash');
  return (id) => {
    const ksid = hash.map(id);
    const shard = ksid === null ? undefined : shardForKeyspaceId(shards, ksid);
    if (shard === undefined) throw new Error(`id ${id} maps to no shard`);
    return shards.indexOf(shard);
  };
}

/** Starts everything; `ddl` creates the table(s) in both keyspaces, `vschema` is the sharded keyspace's. */
export async function startShardedFixture(ddl: readonly string[], vschema: Record<string, unknown>): Promise<ShardedFixture> {
  const server = await startManagedMysql();
  let ls: LocalScale | undefined;
  try {
    const config = resolveConfig({
      log_level: 'silent',
      organizations: {
        [org]: {
          databases: {
            [sharded.database]: { safe_migrations: false, keyspaces: [{ name: sharded.keyspace, shards: sharded.shards }] },
            [plain.database]: { safe_migrations: false, keyspaces: [{ name: plain.keyspace }] },
          },
        },
      },
    }, { port: 0, mysqlUrl: server.url, metadataSchema: 'ls_bench_sharded', databasePrefix: prefix });
    ls = await startLocalScale(config, { log: createLogger('silent') });
    const credentials = { serviceTokenId: 'bench', serviceToken: 'bench' };
    const admin = createLocalScaleAdminClient({ baseUrl: ls.url, ...credentials });
    await admin.seedDdl({ org, database: sharded.database, keyspace: sharded.keyspace, statements: [...ddl] });
    await admin.seedDdl({ org, database: plain.database, keyspace: plain.keyspace, statements: [...ddl] });
    await admin.seedVSchema({ org, database: sharded.database, keyspace: sharded.keyspace, vschema });
    const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, ...credentials });
    const pwSharded = await client.passwords.create(org, sharded.database, 'main', { role: 'admin' });
    const pwPlain = await client.passwords.create(org, plain.database, 'main', { role: 'admin' });
    const edge = { host: ls.edge.host, port: ls.edge.port };
    const physical = physicalShards(prefix, org, sharded.database, 'main', { name: sharded.keyspace, shards: sharded.shards });
    const plainDatabase = physicalShards(prefix, org, plain.database, 'main', { name: plain.keyspace, shards: 1 })[0]!.database;
    const started = ls;
    const shardedOptions = { ...edge, user: pwSharded.username, password: pwSharded.plain_text!, database: sharded.keyspace };
    const plainOptions = { ...edge, user: pwPlain.username, password: pwPlain.plain_text!, database: plain.keyspace };
    return {
      server, ls,
      shardedOptions, plainOptions,
      openSharded: () => mysql.createConnection(shardedOptions),
      openPlain: () => mysql.createConnection(plainOptions),
      openRoot: (database) => mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, ...(database ? { database } : {}) }),
      shards: physical.map((p) => ({ shard: p.shard, database: p.database })),
      plainDatabase,
      stop: async () => { await started.stop(); await server.stop(); },
    };
  } catch (err) {
    await ls?.stop().catch(() => undefined);
    await server.stop();
    throw err;
  }
}
