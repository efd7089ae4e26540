// One embedded Vitess engine per branch: its keyspaces and shards are the branch's physical
// databases, its VSchema lives in LocalScale's metadata, its migrations in a sidecar database.
import { branches, databases, keyspaces, physicalShards, sidecarDatabaseName, type Pool } from '@localscale/mysql';
import { createEmbeddedEngine, type MigrationEngine, type VSchema } from '@localscale/vitess';
import type { Services } from '../services/context.js';
import type { Clusters } from './runtime.js';

export interface ClusterOptions { tickMs?: number; copyChunkRows?: number }

function vschemaStore(pool: Pool, branchId: string) {
  const find = async (keyspace: string) => (await keyspaces.listKeyspaces(pool, branchId)).items.find((k) => k.name === keyspace);
  return {
    async get(keyspace: string): Promise<VSchema | null> {
      const k = await find(keyspace);
      return k?.vschema ? (JSON.parse(k.vschema) as VSchema) : null;
    },
    async put(keyspace: string, vschema: VSchema): Promise<void> {
      const k = await find(keyspace);
      if (!k) throw new Error(`keyspace ${keyspace} not found`);
      await keyspaces.setKeyspaceVSchema(pool, k.id, JSON.stringify(vschema, null, 2));
    },
  };
}

export function embeddedClusters(svc: Services, options: ClusterOptions = {}): Clusters {
  const engines = new Map<string, Promise<MigrationEngine>>();
  // Branches released because they are going away: a late request (a processor tick that read the
  // branch just before) must not start a new engine over databases about to be dropped.
  const released = new Set<string>();
  const key = (databaseId: string, branch: string) => `${databaseId}/${branch}`;

  const build = async (databaseId: string, branchName: string): Promise<MigrationEngine> => {
    const database = await databases.findDatabaseById(svc.metadata, databaseId);
    if (!database) throw new Error(`database ${databaseId} not found`);
    const branch = await branches.getBranch(svc.metadata, databaseId, branchName);
    const layout = (await keyspaces.listKeyspaces(svc.metadata, branch.id)).items;
    return createEmbeddedEngine({
      pool: svc.admin,
      sidecarDatabase: sidecarDatabaseName(svc.config.databasePrefix, database.organization, database.name, branch.name, branch.id),
      keyspaces: layout.map((k) => ({
        name: k.name, sharded: k.sharded,
        shards: physicalShards(svc.config.databasePrefix, database.organization, database.name, branch.name, k).map((s) => ({ name: s.shard, database: s.database })),
      })),
      vschemaStore: vschemaStore(svc.metadata, branch.id),
      log: (message) => svc.log.debug(message, { component: 'vitess', database: database.name, branch: branch.name }),
      tickMs: options.tickMs, copyChunkRows: options.copyChunkRows,
    });
  };

  return {
    engineFor(databaseId, branch) {
      const k = key(databaseId, branch);
      if (released.has(k)) return Promise.reject(new Error(`branch ${branch} of database ${databaseId} is gone`));
      let engine = engines.get(k);
      if (!engine) {
        engine = build(databaseId, branch);
        engines.set(k, engine);
        engine.catch(() => engines.delete(k));
      }
      return engine;
    },
    async release(databaseId, branch) {
      const k = key(databaseId, branch);
      released.add(k);
      const engine = engines.get(k);
      engines.delete(k);
      await (await engine?.catch(() => undefined))?.close();
    },
    async close() {
      const all = [...engines.values()];
      engines.clear();
      for (const e of all) await (await e.catch(() => undefined))?.close();
    },
  };
}
