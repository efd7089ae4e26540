// Reads one row of any Vitess version's SHOW VITESS_MIGRATIONS (57, 59 or 62 columns) into a
// SchemaMigrationRow: columns the version lacks become null, values are normalised to the row's
// types whatever the driver returned (numbers as strings, Buffers, Dates).
import { schemaMigrationColumns, type SchemaMigrationColumn } from './columns.js';
import { migrationStatuses, type DdlAction, type MigrationStatus, type SchemaMigrationRow } from './row.js';

const numericColumns = new Set<SchemaMigrationColumn>([
  'id', 'retries', 'tablet_failure', 'progress', 'eta_seconds', 'rows_copied', 'vreplication_lag_seconds', 'table_rows',
  'added_unique_keys', 'removed_unique_keys', 'retain_artifacts_seconds', 'postpone_completion', 'allow_concurrent',
  'is_view', 'ready_to_complete', 'vitess_liveness_indicator', 'user_throttle_ratio', 'postpone_launch', 'cutover_attempts',
  'is_immediate_operation', 'force_cutover', 'cutover_threshold_seconds',
]);

const timestampColumns = new Set<SchemaMigrationColumn>(schemaMigrationColumns.filter((c) => c.endsWith('_timestamp')));

/** Columns typed `T | null` in SchemaMigrationRow even when present: absent in older versions. */
const versionedColumns = new Set<SchemaMigrationColumn>([
  'message_timestamp', 'reason_throttled', 'vreplication_lag_seconds', 'shadow_analyzed_timestamp', 'cutover_threshold_seconds',
]);

export function decodeMigrationRow(record: Readonly<Record<string, unknown>>): SchemaMigrationRow {
  const out: Record<string, unknown> = {};
  for (const column of schemaMigrationColumns) {
    const raw = record[column];
    if (raw === undefined || raw === null) {
      out[column] = timestampColumns.has(column) || versionedColumns.has(column) ? null : numericColumns.has(column) ? 0 : '';
      continue;
    }
    if (numericColumns.has(column)) out[column] = Number(text(raw));
    else if (timestampColumns.has(column)) out[column] = timestampText(raw);
    else out[column] = text(raw);
  }
  const status = out.migration_status as string;
  if (!(migrationStatuses as readonly string[]).includes(status)) throw new Error(`unknown migration_status ${JSON.stringify(status)}`);
  out.migration_status = status as MigrationStatus;
  out.ddl_action = out.ddl_action as DdlAction;
  return out as unknown as SchemaMigrationRow;
}

function text(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (v instanceof Date) return timestampText(v);
  return String(v);
}

function timestampText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  return text(v);
}
