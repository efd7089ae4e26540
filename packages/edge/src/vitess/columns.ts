// Column definitions of `_vt.schema_migrations` as MySQL describes them in a result set, so
// SHOW VITESS_MIGRATIONS through the edge carries the types a client gets through vtgate.
import { schemaMigrationColumns, type SchemaMigrationColumn } from '@localscale/vitess';
import { ColumnFlag, ColumnType, utf8mb4GeneralCi } from '../protocol/constants.js';
import type { ColumnSpec } from '../protocol/packets.js';

type SqlType = 'bigint unsigned' | 'bigint' | 'int unsigned' | 'tinyint unsigned' | 'float' | 'timestamp' | 'timestamp(6)' | 'text' | 'tinytext' | `varchar(${number})`;

const types: Record<SchemaMigrationColumn, SqlType> = {
  id: 'bigint unsigned', migration_uuid: 'varchar(64)', keyspace: 'varchar(256)', shard: 'varchar(255)',
  mysql_schema: 'varchar(128)', mysql_table: 'varchar(128)', migration_statement: 'text', strategy: 'varchar(128)',
  options: 'varchar(8192)', added_timestamp: 'timestamp', requested_timestamp: 'timestamp', ready_timestamp: 'timestamp',
  started_timestamp: 'timestamp', liveness_timestamp: 'timestamp', completed_timestamp: 'timestamp(6)',
  cleanup_timestamp: 'timestamp', migration_status: 'varchar(128)', log_path: 'varchar(1024)', artifacts: 'text',
  retries: 'int unsigned', tablet: 'varchar(128)', tablet_failure: 'tinyint unsigned', progress: 'float',
  migration_context: 'varchar(1024)', ddl_action: 'varchar(16)', message: 'text', message_timestamp: 'timestamp(6)',
  eta_seconds: 'bigint', rows_copied: 'bigint unsigned', vreplication_lag_seconds: 'bigint unsigned', table_rows: 'bigint',
  added_unique_keys: 'int unsigned', removed_unique_keys: 'int unsigned', log_file: 'varchar(1024)',
  retain_artifacts_seconds: 'bigint', postpone_completion: 'tinyint unsigned', removed_unique_key_names: 'text',
  dropped_no_default_column_names: 'text', expanded_column_names: 'text', revertible_notes: 'text',
  allow_concurrent: 'tinyint unsigned', reverted_uuid: 'varchar(64)', is_view: 'tinyint unsigned',
  ready_to_complete: 'tinyint unsigned', vitess_liveness_indicator: 'bigint', user_throttle_ratio: 'float',
  special_plan: 'text', last_throttled_timestamp: 'timestamp', component_throttled: 'tinytext', reason_throttled: 'text',
  cancelled_timestamp: 'timestamp', postpone_launch: 'tinyint unsigned', stage: 'text', cutover_attempts: 'int unsigned',
  is_immediate_operation: 'tinyint unsigned', reviewed_timestamp: 'timestamp', ready_to_complete_timestamp: 'timestamp',
  shadow_analyzed_timestamp: 'timestamp', removed_foreign_key_names: 'text', last_cutover_attempt_timestamp: 'timestamp',
  force_cutover: 'tinyint unsigned', cutover_threshold_seconds: 'int unsigned',
};

/** Columns declared NULL in the table, plus those older Vitess versions lack (null in their rows). */
const nullable = new Set<SchemaMigrationColumn>([
  'ready_timestamp', 'started_timestamp', 'liveness_timestamp', 'completed_timestamp', 'cleanup_timestamp',
  'message_timestamp', 'last_throttled_timestamp', 'cancelled_timestamp', 'reviewed_timestamp',
  'ready_to_complete_timestamp', 'shadow_analyzed_timestamp', 'last_cutover_attempt_timestamp',
  'vreplication_lag_seconds', 'reason_throttled', 'cutover_threshold_seconds',
]);

/** Key flags MySQL reports for the first column of each index of the table. */
const keyFlags: Partial<Record<SchemaMigrationColumn, number>> = {
  id: ColumnFlag.PRI_KEY | ColumnFlag.AUTO_INCREMENT,
  migration_uuid: ColumnFlag.UNIQUE_KEY,
  keyspace: ColumnFlag.MULTIPLE_KEY, migration_status: ColumnFlag.MULTIPLE_KEY, cleanup_timestamp: ColumnFlag.MULTIPLE_KEY,
  tablet_failure: ColumnFlag.MULTIPLE_KEY, migration_context: ColumnFlag.MULTIPLE_KEY, reverted_uuid: ColumnFlag.MULTIPLE_KEY,
};

function describe(type: SqlType): Omit<ColumnSpec, 'name'> {
  const num = ColumnFlag.NUM;
  const unsigned = ColumnFlag.UNSIGNED;
  switch (type) {
    case 'bigint unsigned': return { type: ColumnType.LONGLONG, length: 20, flags: num | unsigned };
    case 'bigint': return { type: ColumnType.LONGLONG, length: 20, flags: num };
    case 'int unsigned': return { type: ColumnType.LONG, length: 10, flags: num | unsigned };
    case 'tinyint unsigned': return { type: ColumnType.TINY, length: 3, flags: num | unsigned };
    case 'float': return { type: ColumnType.FLOAT, length: 12, flags: num, decimals: 31 };
    case 'timestamp': return { type: ColumnType.TIMESTAMP, length: 19, flags: ColumnFlag.BINARY };
    case 'timestamp(6)': return { type: ColumnType.TIMESTAMP, length: 26, flags: ColumnFlag.BINARY, decimals: 6 };
    case 'text': return { type: ColumnType.BLOB, length: 65535 * 4, flags: ColumnFlag.BLOB, collation: utf8mb4GeneralCi };
    case 'tinytext': return { type: ColumnType.BLOB, length: 255 * 4, flags: ColumnFlag.BLOB, collation: utf8mb4GeneralCi };
    default: {
      const chars = Number(/\d+/.exec(type)![0]);
      return { type: ColumnType.VAR_STRING, length: chars * 4, collation: utf8mb4GeneralCi };
    }
  }
}

export const schemaMigrationColumnSpecs: readonly ColumnSpec[] = schemaMigrationColumns.map((name) => {
  const d = describe(types[name]);
  const flags = (d.flags ?? 0) | (keyFlags[name] ?? 0) | (nullable.has(name) ? 0 : ColumnFlag.NOT_NULL);
  return { ...d, name, flags, schema: '_vt', table: 'schema_migrations' };
});
