// The MigrationEngine port: the only way the deploy engine touches Vitess. One engine serves one
// Vitess cluster (in LocalScale: one branch of one database, with its keyspaces and shards). Two
// adapters implement it: the embedded engine over plain MySQL, and the vtgate adapter over a real
// Vitess. Semantics are Vitess's online DDL (https://vitess.io/docs/user-guides/schema-changes/).
import type { SchemaMigrationRow } from './row.js';

export interface SubmitRequest {
  keyspace: string;
  /** One or more DDL statements (CREATE/ALTER/DROP TABLE|VIEW); a multi-table DROP splits per table. */
  sql: string | readonly string[];
  /** `@@ddl_strategy`, e.g. `vitess --postpone-completion --singleton-context`. */
  ddlStrategy: string;
  /** `@@migration_context`; must match ^[\w:-]*$. */
  migrationContext: string;
}

/** Which rows SHOW VITESS_MIGRATIONS returns. `like` matches uuid, context or status, as Vitess does. */
export type MigrationFilter =
  | { keyspace: string; uuid: string }
  | { keyspace: string; context: string }
  | { keyspace: string; like: string }
  | { keyspace: string; all: true };

/** A single migration, or every applicable one (`... ALL`). */
export type MigrationTarget = { uuid: string } | { all: true };

export interface ThrottleOptions {
  /** 0..1; Vitess's default is 1 (fully throttled). */
  ratio?: number;
  /** How long the rule lasts; Vitess's default through vtgate is 1h. */
  expireMs?: number;
}

export interface RevertOptions { ddlStrategy?: string; migrationContext?: string }

export interface KeyspaceInfo { name: string; shards: readonly string[]; sharded: boolean }

/** A VSchema keyspace document (vschema.Keyspace as JSON). */
export type VSchema = Record<string, unknown>;

export type MigrationEvent =
  | { type: 'submitted'; keyspace: string; uuids: readonly string[]; context: string }
  | { type: 'changed'; keyspace: string; shard: string; uuid: string; context: string; status: SchemaMigrationRow['migration_status']; readyToComplete: boolean; progress: number }
  | { type: 'vschema_applied'; keyspace: string };

export interface MigrationEngine {
  /** Submits DDL as online migrations; resolves to the UUIDs (one per generated migration). */
  submit(request: SubmitRequest): Promise<string[]>;
  /** SHOW VITESS_MIGRATIONS: one row per (migration, shard). */
  showMigrations(filter: MigrationFilter): Promise<SchemaMigrationRow[]>;
  /** Rows of several contexts of one keyspace in one look-up (the processor batches per keyspace). */
  showMigrationsByContexts(keyspace: string, contexts: readonly string[]): Promise<SchemaMigrationRow[]>;

  /** ALTER VITESS_MIGRATION ... ; each resolves to RowsAffected summed over shards, as vtgate reports it. */
  complete(keyspace: string, target: MigrationTarget): Promise<number>;
  cancel(keyspace: string, target: MigrationTarget): Promise<number>;
  retry(keyspace: string, uuid: string): Promise<number>;
  launch(keyspace: string, target: MigrationTarget, shards?: readonly string[]): Promise<number>;
  forceCutover(keyspace: string, target: MigrationTarget): Promise<number>;
  cleanup(keyspace: string, target: MigrationTarget): Promise<number>;
  throttle(keyspace: string, target: MigrationTarget, options?: ThrottleOptions): Promise<void>;
  unthrottle(keyspace: string, target: MigrationTarget): Promise<void>;
  /** REVERT VITESS_MIGRATION '<uuid>': resolves to the new revert migration's UUID. */
  revert(keyspace: string, uuid: string, options?: RevertOptions): Promise<string>;

  keyspaces(): Promise<KeyspaceInfo[]>;
  getVSchema(keyspace: string): Promise<VSchema>;
  applyVSchema(keyspace: string, vschema: VSchema): Promise<void>;

  /** Migration changes as they happen, so callers react without polling. Returns an unsubscribe. */
  subscribe(listener: (event: MigrationEvent) => void): () => void;
  close(): Promise<void>;
}
