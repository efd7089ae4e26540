// One row of SHOW VITESS_MIGRATIONS: one migration on one shard. Names are Vitess's, verbatim.
// Integers and tinyint flags are numbers (as MySQL returns them), timestamps are strings
// ('YYYY-MM-DD HH:MM:SS[.ffffff]', UTC) or null. Columns a Vitess version lacks are null.
export const migrationStatuses = ['queued', 'ready', 'running', 'complete', 'failed', 'cancelled'] as const;
export type MigrationStatus = (typeof migrationStatuses)[number];
export const pendingStatuses: readonly MigrationStatus[] = ['queued', 'ready', 'running'];
export const terminalStatuses: readonly MigrationStatus[] = ['complete', 'failed', 'cancelled'];

export type DdlAction = 'create' | 'alter' | 'drop' | 'revert' | '';

export interface SchemaMigrationRow {
  id: number;
  migration_uuid: string;
  keyspace: string;
  shard: string;
  mysql_schema: string;
  mysql_table: string;
  migration_statement: string;
  strategy: string;
  options: string;
  added_timestamp: string | null;
  requested_timestamp: string | null;
  ready_timestamp: string | null;
  started_timestamp: string | null;
  liveness_timestamp: string | null;
  completed_timestamp: string | null;
  cleanup_timestamp: string | null;
  migration_status: MigrationStatus;
  log_path: string;
  artifacts: string;
  retries: number;
  tablet: string;
  tablet_failure: number;
  progress: number;
  migration_context: string;
  ddl_action: DdlAction;
  message: string;
  message_timestamp: string | null;
  eta_seconds: number;
  rows_copied: number;
  vreplication_lag_seconds: number | null;
  table_rows: number;
  added_unique_keys: number;
  removed_unique_keys: number;
  log_file: string;
  retain_artifacts_seconds: number;
  postpone_completion: number;
  removed_unique_key_names: string;
  dropped_no_default_column_names: string;
  expanded_column_names: string;
  revertible_notes: string;
  allow_concurrent: number;
  reverted_uuid: string;
  is_view: number;
  ready_to_complete: number;
  vitess_liveness_indicator: number;
  user_throttle_ratio: number;
  special_plan: string;
  last_throttled_timestamp: string | null;
  component_throttled: string;
  reason_throttled: string | null;
  cancelled_timestamp: string | null;
  postpone_launch: number;
  stage: string;
  cutover_attempts: number;
  is_immediate_operation: number;
  reviewed_timestamp: string | null;
  ready_to_complete_timestamp: string | null;
  shadow_analyzed_timestamp: string | null;
  removed_foreign_key_names: string;
  last_cutover_attempt_timestamp: string | null;
  force_cutover: number;
  cutover_threshold_seconds: number | null;
}
