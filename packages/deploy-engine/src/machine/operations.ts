// Per-table deploy operations, as PlanetScale shows them, derived from the plan and the migration
// rows (one row per shard). Before submission every planned statement is `pending`.
import type { SchemaMigrationRow } from '@localscale/vitess';
import type { DeployRequest, OperationKind } from './model.js';
import { byKeyspace } from './rows.js';

export type OperationState = 'pending' | 'queued' | 'in_progress' | 'complete' | 'cancelled' | 'error';

export interface ShardOperation { shard: string; uuid: string; state: OperationState; progress: number; etaSeconds: number | null; throttledAt: string | null }

export interface OperationView {
  keyspace: string;
  table: string;
  operation: OperationKind;
  statement: string;
  /** Position of the statement in its keyspace's plan. */
  index: number;
  state: OperationState;
  progress: number;
  etaSeconds: number | null;
  canDropData: boolean;
  error: string | null;
  throttledAt: string | null;
  removedForeignKeyNames: string[];
  shards: ShardOperation[];
  createdAt: string | null;
  updatedAt: string | null;
}

const rowState = (r: SchemaMigrationRow): OperationState => {
  switch (r.migration_status) {
    case 'queued': case 'ready': return 'queued';
    case 'running': return 'in_progress';
    case 'complete': return 'complete';
    case 'failed': return 'error';
    case 'cancelled': return 'cancelled';
  }
};

function combined(states: OperationState[]): OperationState {
  if (!states.length) return 'pending';
  for (const s of ['error', 'cancelled'] as const) if (states.includes(s)) return s;
  if (states.every((s) => s === 'complete')) return 'complete';
  if (states.some((s) => s === 'in_progress' || s === 'complete')) return 'in_progress';
  return 'queued';
}

export function deployOperations(dr: DeployRequest, rows: readonly SchemaMigrationRow[]): OperationView[] {
  const rowsOf = byKeyspace(rows);
  const out: OperationView[] = [];
  for (const k of dr.plan?.keyspaces ?? []) {
    const ks = rowsOf.get(k.keyspace) ?? [];
    // Statements were submitted one migration each, in plan order: the n-th uuid is the n-th statement.
    const uuids = [...new Set([...ks].sort((a, b) => a.id - b.id).map((r) => r.migration_uuid))];
    k.changes.forEach((change, index) => {
      const uuid = uuids[index];
      const shardRows = uuid ? ks.filter((r) => r.migration_uuid === uuid) : [];
      const shards: ShardOperation[] = shardRows.map((r) => ({
        shard: r.shard, uuid: r.migration_uuid, state: rowState(r), progress: r.progress,
        etaSeconds: r.eta_seconds < 0 ? null : r.eta_seconds, throttledAt: r.last_throttled_timestamp,
      }));
      const failure = shardRows.find((r) => r.migration_status === 'failed' || r.migration_status === 'cancelled');
      const times = shardRows.map((r) => r.added_timestamp).filter((t): t is string => !!t).sort();
      const updates = shardRows.flatMap((r) => [r.completed_timestamp, r.liveness_timestamp, r.started_timestamp, r.added_timestamp]).filter((t): t is string => !!t).sort();
      const etas = shards.map((s) => s.etaSeconds).filter((e): e is number => e !== null);
      out.push({
        keyspace: k.keyspace, table: shardRows[0]?.mysql_table || change.table, operation: change.kind, statement: change.sql, index,
        state: combined(shards.map((s) => s.state)),
        progress: shards.length ? Math.round((shards.reduce((n, s) => n + s.progress, 0) / shards.length) * 100) / 100 : 0,
        etaSeconds: etas.length ? Math.max(...etas) : null,
        canDropData: change.dropsData, error: failure ? failure.message || `migration ${failure.migration_status}` : null,
        throttledAt: shards.map((s) => s.throttledAt).filter((t): t is string => !!t).sort().pop() ?? null,
        removedForeignKeyNames: [...new Set(shardRows.flatMap((r) => (r.removed_foreign_key_names ?? '').split(',').map((s) => s.trim().replace(/^`|`$/g, '')).filter(Boolean)))],
        shards, createdAt: times[0] ?? null, updatedAt: updates.pop() ?? null,
      });
    });
  }
  return out;
}
