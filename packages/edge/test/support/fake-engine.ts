// A MigrationEngine that records calls and keeps migrations in memory, so the edge's Vitess surface can
// be tested without the embedded engine.
import {
  VitessError, type KeyspaceInfo, type MigrationEngine, type MigrationFilter, type MigrationTarget, type RevertOptions,
  type SchemaMigrationRow, type SubmitRequest, type ThrottleOptions, type VSchema,
} from '@localscale/vitess';

export function migrationRow(fields: Partial<SchemaMigrationRow> & Pick<SchemaMigrationRow, 'migration_uuid' | 'keyspace'>): SchemaMigrationRow {
  return {
    id: 1, shard: '-', mysql_schema: 'vt_shop', mysql_table: 'items', migration_statement: 'alter table items add column x int',
    strategy: 'vitess', options: '', added_timestamp: '2030-01-01 00:00:00', requested_timestamp: '2030-01-01 00:00:00',
    ready_timestamp: null, started_timestamp: null, liveness_timestamp: null, completed_timestamp: null, cleanup_timestamp: null,
    migration_status: 'queued', log_path: '', artifacts: '', retries: 0, tablet: 'zone1-0000000100', tablet_failure: 0, progress: 0,
    migration_context: '', ddl_action: 'alter', message: '', message_timestamp: null, eta_seconds: -1, rows_copied: 0,
    vreplication_lag_seconds: 0, table_rows: 0, added_unique_keys: 0, removed_unique_keys: 0, log_file: '',
    retain_artifacts_seconds: 86400, postpone_completion: 0, removed_unique_key_names: '', dropped_no_default_column_names: '',
    expanded_column_names: '', revertible_notes: '', allow_concurrent: 0, reverted_uuid: '', is_view: 0, ready_to_complete: 0,
    vitess_liveness_indicator: 0, user_throttle_ratio: 0, special_plan: '', last_throttled_timestamp: null, component_throttled: '',
    reason_throttled: '', cancelled_timestamp: null, postpone_launch: 0, stage: '', cutover_attempts: 0, is_immediate_operation: 0,
    reviewed_timestamp: null, ready_to_complete_timestamp: null, shadow_analyzed_timestamp: null, removed_foreign_key_names: '',
    last_cutover_attempt_timestamp: null, force_cutover: 0, cutover_threshold_seconds: 10,
    ...fields,
  };
}

export interface Call { method: string; args: unknown[] }

export class FakeEngine implements MigrationEngine {
  readonly calls: Call[] = [];
  rows: SchemaMigrationRow[] = [];
  private counter = 0;

  constructor(private readonly shards: readonly string[] = ['-']) {}

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  private uuid(): string {
    this.counter += 1;
    return `0a1b2c3d_4e5f_11ee_8000_${this.counter.toString(16).padStart(12, '0')}`;
  }

  private matching(keyspace: string, target: MigrationTarget): SchemaMigrationRow[] {
    return this.rows.filter((r) => r.keyspace === keyspace && ('all' in target || r.migration_uuid === target.uuid));
  }

  async submit(request: SubmitRequest): Promise<string[]> {
    this.record('submit', request);
    const sql = Array.isArray(request.sql) ? request.sql.join(';') : String(request.sql);
    if (/forbidden/.test(sql)) throw new VitessError('singleton-context migration rejected: found pending migration: x in different context: y', 1105, 'conflict');
    const uuids = [this.uuid()];
    for (const uuid of uuids) {
      for (const shard of this.shards) {
        this.rows.push(migrationRow({ migration_uuid: uuid, keyspace: request.keyspace, shard, migration_statement: sql, migration_context: request.migrationContext, options: request.ddlStrategy.replace(/^\S+\s*/, '') }));
      }
    }
    return uuids;
  }

  async showMigrations(filter: MigrationFilter): Promise<SchemaMigrationRow[]> {
    this.record('showMigrations', filter);
    return this.rows.filter((r) => {
      if (r.keyspace !== filter.keyspace) return false;
      if ('uuid' in filter) return r.migration_uuid === filter.uuid;
      if ('context' in filter) return r.migration_context === filter.context;
      if ('like' in filter) {
        const re = new RegExp(`^${filter.like.replace(/%/g, '.*')}$`, 'i');
        return re.test(r.migration_uuid) || re.test(r.migration_context) || re.test(r.migration_status);
      }
      return true;
    });
  }

  async showMigrationsByContexts(keyspace: string, contexts: readonly string[]): Promise<SchemaMigrationRow[]> {
    return this.rows.filter((r) => r.keyspace === keyspace && contexts.includes(r.migration_context));
  }

  async complete(keyspace: string, target: MigrationTarget): Promise<number> {
    this.record('complete', keyspace, target);
    return this.matching(keyspace, target).length;
  }

  async cancel(keyspace: string, target: MigrationTarget): Promise<number> {
    this.record('cancel', keyspace, target);
    const rows = this.matching(keyspace, target);
    if (!rows.length && 'uuid' in target) throw new VitessError('migration not found', 1105, 'not_found');
    return rows.length;
  }

  async retry(keyspace: string, uuid: string): Promise<number> { this.record('retry', keyspace, uuid); return 0; }
  async launch(keyspace: string, target: MigrationTarget, shards?: readonly string[]): Promise<number> {
    this.record('launch', keyspace, target, shards);
    return shards ? shards.length : this.matching(keyspace, target).length;
  }
  async forceCutover(keyspace: string, target: MigrationTarget): Promise<number> { this.record('forceCutover', keyspace, target); return 1; }
  async cleanup(keyspace: string, target: MigrationTarget): Promise<number> { this.record('cleanup', keyspace, target); return 1; }
  async throttle(keyspace: string, target: MigrationTarget, options?: ThrottleOptions): Promise<void> { this.record('throttle', keyspace, target, options); }
  async unthrottle(keyspace: string, target: MigrationTarget): Promise<void> { this.record('unthrottle', keyspace, target); }

  async revert(keyspace: string, uuid: string, options?: RevertOptions): Promise<string> {
    this.record('revert', keyspace, uuid, options);
    return this.uuid();
  }

  async keyspaces(): Promise<KeyspaceInfo[]> { return [{ name: 'shop', shards: this.shards, sharded: this.shards.length > 1 }]; }
  async getVSchema(): Promise<VSchema> { return {}; }
  async applyVSchema(): Promise<void> { /* not used by the edge */ }
  subscribe(): () => void { return () => undefined; }
  async close(): Promise<void> { /* nothing to release */ }
}
