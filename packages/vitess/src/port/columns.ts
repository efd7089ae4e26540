// `_vt.schema_migrations`, as `SHOW VITESS_MIGRATIONS` returns it: the v22 column set in its physical
// order, and which columns older versions lack. Clients must address columns by name.
export const schemaMigrationColumns = [
  'id', 'migration_uuid', 'keyspace', 'shard', 'mysql_schema', 'mysql_table', 'migration_statement', 'strategy',
  'options', 'added_timestamp', 'requested_timestamp', 'ready_timestamp', 'started_timestamp', 'liveness_timestamp',
  'completed_timestamp', 'cleanup_timestamp', 'migration_status', 'log_path', 'artifacts', 'retries', 'tablet',
  'tablet_failure', 'progress', 'migration_context', 'ddl_action', 'message', 'message_timestamp', 'eta_seconds',
  'rows_copied', 'vreplication_lag_seconds', 'table_rows', 'added_unique_keys', 'removed_unique_keys', 'log_file',
  'retain_artifacts_seconds', 'postpone_completion', 'removed_unique_key_names', 'dropped_no_default_column_names',
  'expanded_column_names', 'revertible_notes', 'allow_concurrent', 'reverted_uuid', 'is_view', 'ready_to_complete',
  'vitess_liveness_indicator', 'user_throttle_ratio', 'special_plan', 'last_throttled_timestamp', 'component_throttled',
  'reason_throttled', 'cancelled_timestamp', 'postpone_launch', 'stage', 'cutover_attempts', 'is_immediate_operation',
  'reviewed_timestamp', 'ready_to_complete_timestamp', 'shadow_analyzed_timestamp', 'removed_foreign_key_names',
  'last_cutover_attempt_timestamp', 'force_cutover', 'cutover_threshold_seconds',
] as const;

export type SchemaMigrationColumn = (typeof schemaMigrationColumns)[number];

/** Added in v21 (59 columns) and v22 (62 columns); v19/v20 have 57. */
export const columnsSince = {
  v21: ['message_timestamp', 'reason_throttled'],
  v22: ['vreplication_lag_seconds', 'shadow_analyzed_timestamp', 'cutover_threshold_seconds'],
} as const satisfies Record<string, readonly SchemaMigrationColumn[]>;

export type VitessColumnSet = 'v19' | 'v21' | 'v22';

export function columnsOf(version: VitessColumnSet): readonly SchemaMigrationColumn[] {
  const missing = new Set<string>(version === 'v22' ? [] : version === 'v21' ? columnsSince.v22 : [...columnsSince.v21, ...columnsSince.v22]);
  return schemaMigrationColumns.filter((c) => !missing.has(c));
}
