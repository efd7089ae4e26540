// createEmbeddedEngine: the embedded adapter of the MigrationEngine port, for one Vitess "cluster"
// (in LocalScale, one branch of one database: its keyspaces and their shards' physical databases).
import type { MigrationEngine } from '../port/index.js';
import type { EmbeddedEngineOptions, EngineContext, ShardTarget } from './context.js';
import { EmbeddedEngine, type EngineStats } from './engine.js';
import { ensureSidecar } from './sidecar/schema.js';
import { MigrationStore } from './sidecar/store.js';

export type { EmbeddedEngineOptions, EmbeddedKeyspaceConfig, EmbeddedShardConfig, VSchemaStore } from './context.js';
export type { EngineStats } from './engine.js';

export interface EmbeddedMigrationEngine extends MigrationEngine {
  /** Runs one scheduler tick now. */
  tick(): Promise<void>;
  stats(): EngineStats;
}

export async function createEmbeddedEngine(options: EmbeddedEngineOptions): Promise<EmbeddedMigrationEngine> {
  const names = new Set<string>();
  const shards: ShardTarget[] = [];
  for (const ks of options.keyspaces) {
    if (names.has(ks.name)) throw new Error(`keyspace ${ks.name} is configured twice`);
    names.add(ks.name);
    if (ks.shards.length === 0) throw new Error(`keyspace ${ks.name} has no shards`);
    for (const shard of ks.shards) {
      shards.push({ keyspace: ks.name, shard: shard.name, database: shard.database, tablet: `zone1-${String(100 * (shards.length + 1)).padStart(10, '0')}` });
    }
  }
  await ensureSidecar(options.pool, options.sidecarDatabase);
  let engine: EmbeddedEngine | null = null;
  const store = new MigrationStore(options.pool, options.sidecarDatabase, (row) => engine?.emit({
    type: 'changed', keyspace: row.keyspace, shard: row.shard, uuid: row.migration_uuid, context: row.migration_context,
    status: row.migration_status, readyToComplete: row.ready_to_complete === 1, progress: row.progress,
  }));
  const ctx: EngineContext = {
    pool: options.pool,
    sidecar: options.sidecarDatabase,
    store,
    shards,
    keyspaces: new Map(options.keyspaces.map((k) => [k.name, k])),
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => undefined),
    copyChunkRows: options.copyChunkRows ?? 2000,
    retainArtifactsSeconds: options.retainArtifactsSeconds ?? 86_400,
    requestTick: () => engine?.requestTick(),
  };
  engine = new EmbeddedEngine(ctx, options.vschemaStore, options.tickMs ?? 200, options.gcIntervalMs ?? 5000);
  await engine.start();
  return engine;
}
