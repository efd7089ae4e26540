// What every part of the embedded engine shares: the server, the sidecar, the cluster layout, the
// clock and the tuning knobs.
import type { Pool } from '@localscale/mysql';
import type { VSchema } from '../port/index.js';
import type { MigrationStore } from './sidecar/store.js';

export interface EmbeddedShardConfig {
  /** Vitess shard name: `0` or `-` for unsharded, `-80`, `80-`, ... */
  name: string;
  /** The physical MySQL database holding this shard's tables. */
  database: string;
}

export interface EmbeddedKeyspaceConfig { name: string; sharded: boolean; shards: readonly EmbeddedShardConfig[] }

export interface VSchemaStore {
  get(keyspace: string): Promise<VSchema | null>;
  put(keyspace: string, vschema: VSchema): Promise<void>;
}

export interface EmbeddedEngineOptions {
  /** A server-level pool (no default database), from `@localscale/mysql`'s createPool. */
  pool: Pool;
  /** The database the engine owns for its own tables; created if missing. */
  sidecarDatabase: string;
  keyspaces: readonly EmbeddedKeyspaceConfig[];
  vschemaStore: VSchemaStore;
  log?: (message: string) => void;
  now?: () => Date;
  /** Scheduler cadence in ms (default 200); submissions and commands also tick at once. 0: only explicit tick() calls. */
  tickMs?: number;
  /** Rows per copy chunk (default 2000). */
  copyChunkRows?: number;
  /** Artifact retention when a migration does not say (`--retain-artifacts`); Vitess's default is 24h. */
  retainArtifactsSeconds?: number;
  /** How often artifacts and hold tables are garbage-collected, in ms (default 5000). */
  gcIntervalMs?: number;
}

export interface ShardTarget {
  keyspace: string;
  shard: string;
  database: string;
  /** Stands in for Vitess's tablet alias in the `tablet` column. */
  tablet: string;
}

export interface EngineContext {
  readonly pool: Pool;
  readonly sidecar: string;
  readonly store: MigrationStore;
  readonly shards: readonly ShardTarget[];
  readonly keyspaces: ReadonlyMap<string, EmbeddedKeyspaceConfig>;
  readonly now: () => Date;
  readonly log: (message: string) => void;
  readonly copyChunkRows: number;
  readonly retainArtifactsSeconds: number;
  /** Asks for a scheduler tick soon (coalesced). */
  readonly requestTick: () => void;
}

export const shardKey = (uuid: string, shard: string) => `${uuid}/${shard}`;
