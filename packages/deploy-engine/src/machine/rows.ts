// Reading a deployment's migration rows (one per migration per shard) the way the rules need them.
import type { SchemaMigrationRow } from '@localscale/vitess';

export type RowBucket = 'queued' | 'running' | 'waiting' | 'complete' | 'failed' | 'cancelled';

/** `waiting`: pending and ready_to_complete, i.e. only a COMPLETE (cut-over) is missing. */
export function bucketOf(row: SchemaMigrationRow): RowBucket {
  switch (row.migration_status) {
    case 'complete': return 'complete';
    case 'failed': return 'failed';
    case 'cancelled': return 'cancelled';
    default: return row.ready_to_complete === 1 ? 'waiting' : row.migration_status === 'running' ? 'running' : 'queued';
  }
}

export interface RowSummary {
  rows: number;
  counts: Record<RowBucket, number>;
  /** First failure message, for deploy_errors. */
  failure: string | null;
  /** Every row is complete or waiting, and something is waiting. */
  allReady: boolean;
  allComplete: boolean;
  allTerminal: boolean;
}

export function summarize(rows: readonly SchemaMigrationRow[]): RowSummary {
  const counts: Record<RowBucket, number> = { queued: 0, running: 0, waiting: 0, complete: 0, failed: 0, cancelled: 0 };
  let failure: string | null = null;
  for (const row of rows) {
    const b = bucketOf(row);
    counts[b]++;
    if ((b === 'failed' || b === 'cancelled') && failure === null) {
      failure = `${row.keyspace}/${row.shard} ${row.mysql_table}: ${row.message || `migration ${row.migration_status}`}`;
    }
  }
  const n = rows.length;
  return {
    rows: n, counts, failure,
    allReady: n > 0 && counts.waiting > 0 && counts.waiting + counts.complete === n,
    allComplete: n > 0 && counts.complete === n,
    allTerminal: counts.complete + counts.failed + counts.cancelled === n,
  };
}

export const uuidsOf = (rows: readonly SchemaMigrationRow[], keep: (r: SchemaMigrationRow) => boolean = () => true) =>
  [...new Set(rows.filter(keep).map((r) => r.migration_uuid))];

export const byKeyspace = (rows: readonly SchemaMigrationRow[]) => {
  const out = new Map<string, SchemaMigrationRow[]>();
  for (const r of rows) out.set(r.keyspace, [...(out.get(r.keyspace) ?? []), r]);
  return out;
};

export const isPending = (r: SchemaMigrationRow) => r.migration_status === 'queued' || r.migration_status === 'ready' || r.migration_status === 'running';
