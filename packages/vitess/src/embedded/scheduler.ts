// The scheduler tick, per shard, in Vitess's order: review queued migrations, fail in-order
// migrations whose predecessors in the same context failed, move one queued migration to `ready`,
// run one non-conflicting `ready` migration, review running ones (cut-overs happen here), and now
// and then collect artifacts.
import { pendingStatuses, type SchemaMigrationRow } from '../port/index.js';
import { hasFlag } from '../strategy/ddl-strategy.js';
import type { ShardTarget } from './context.js';
import { executeMigration } from './executor.js';
import { collectArtifacts } from './gc.js';
import { keyOf } from './lifecycle.js';
import { reviewQueued } from './queued-review.js';
import { reviewRunning } from './running-review.js';
import { rowSetting } from './row-setting.js';
import type { Runtime } from './runtime.js';
import { sqlTime } from './sql.js';

const maxConcurrentMigrations = 256;

export async function tickShard(rt: Runtime, shard: ShardTarget, collect: boolean): Promise<void> {
  const pending = () => rt.ctx.store.find(`keyspace = ? AND shard = ? AND migration_status IN ('queued', 'ready', 'running')`, [shard.keyspace, shard.shard]);
  if ((await pending()).length > 0) {
    await reviewQueued(rt, shard);
    await reviewInOrder(rt, await pending());
    await scheduleNext(rt, shard);
    await runNext(rt, shard);
    await reviewRunning(rt, shard, (await pending()).map((r) => r.migration_uuid));
  }
  if (collect) await collectArtifacts(rt, shard);
}

/** v21+: an in-order migration fails when an earlier migration in its context failed or was cancelled. */
async function reviewInOrder(rt: Runtime, pending: readonly SchemaMigrationRow[]): Promise<void> {
  for (const row of pending) {
    const prior = await failedPredecessor(rt, row);
    if (prior) await rt.fail(row, `migration ${row.migration_uuid} cannot run because prior migration ${prior} in same context has failed/was cancelled`);
  }
}

async function failedPredecessor(rt: Runtime, row: SchemaMigrationRow): Promise<string | null> {
  if (row.migration_context === '' || !hasFlag(rowSetting(row), 'in-order-completion')) return null;
  const [prior] = await rt.ctx.store.find("keyspace = ? AND shard = ? AND migration_context = ? AND migration_status IN ('failed', 'cancelled') AND id < ?",
    [row.keyspace, row.shard, row.migration_context, row.id]);
  return prior?.migration_uuid ?? null;
}

async function scheduleNext(rt: Runtime, shard: ShardTarget): Promise<void> {
  const { store } = rt.ctx;
  const queued = await store.find("keyspace = ? AND shard = ? AND migration_status = 'queued' AND reviewed_timestamp IS NOT NULL", [shard.keyspace, shard.shard]);
  let scheduled = false;
  for (const row of queued) {
    if (row.postpone_launch === 1) continue;
    if (row.is_immediate_operation === 1 && row.ready_to_complete === 0) {
      // Immediate operations are ready to complete as soon as they are reviewed, postponed or not.
      await store.update(keyOf(row), { ready_to_complete: 1, ready_to_complete_timestamp: row.ready_to_complete_timestamp ?? sqlTime(rt.ctx.now()) });
    }
    if (!scheduled && (row.is_immediate_operation === 0 || row.postpone_completion === 0)) {
      await store.update(keyOf(row), { migration_status: 'ready' }, { where: "migration_status = 'queued'" });
      scheduled = true;
    }
  }
}

async function runNext(rt: Runtime, shard: ShardTarget): Promise<void> {
  const { store } = rt.ctx;
  const ready = await store.find("keyspace = ? AND shard = ? AND migration_status = 'ready'", [shard.keyspace, shard.shard]);
  if (ready.length === 0) return;
  const running = await store.find("keyspace = ? AND shard = ? AND migration_status = 'running'", [shard.keyspace, shard.shard]);
  const pending = await store.find(`keyspace = ? AND shard = ? AND migration_status IN (${pendingStatuses.map(() => '?').join(', ')})`, [shard.keyspace, shard.shard, ...pendingStatuses]);
  for (const row of ready) {
    if (running.some((r) => conflicts(r, row))) continue;
    if (running.length >= maxConcurrentMigrations) return;
    const inOrder = hasFlag(rowSetting(row), 'in-order-completion');
    if (inOrder && row.is_immediate_operation === 1 && pending[0]?.migration_uuid !== row.migration_uuid) continue;
    if (inOrder && await failedPredecessor(rt, row)) continue;
    try {
      await executeMigration(rt, row, shard);
    } catch (err) {
      // Anything MySQL rejects is reported by the executors; this is the net for the unexpected, so a
      // migration cannot stay `running` with nothing behind it.
      await rt.fail((await rt.ctx.store.get(keyOf(row))) ?? row, `unexpected error running migration: ${(err as Error).message}`);
    }
    return;
  }
}

/** Vitess's proposedMigrationConflictsWithRunningMigration. */
export function conflicts(running: SchemaMigrationRow, proposed: SchemaMigrationRow): boolean {
  if (running.mysql_table === proposed.mysql_table) return true;
  if (running.allow_concurrent === 0 && proposed.allow_concurrent === 0) return true;
  const proposedIsAlter = proposed.ddl_action === 'alter' && proposed.reverted_uuid === '';
  // Only one copy phase at a time: a new ALTER waits until every running one has been ready once.
  return proposedIsAlter && running.ready_to_complete_timestamp === null;
}
