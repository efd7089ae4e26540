// The scheduler tick, per shard, in Vitess's order: review queued migrations, fail in-order
// migrations whose predecessors in the same context failed, move one queued migration to `ready`,
// run one non-conflicting `ready` migration, review running ones (cut-overs happen here), and now
// and then collect artifacts. The shard's pending migrations are read once per tick (TickPending);
// each step takes them from there and re-reads the rows it changes.
import type { SchemaMigrationRow } from '../port/index.js';
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
import { TickPending } from './tick-pending.js';

const maxConcurrentMigrations = 256;

export async function tickShard(rt: Runtime, shard: ShardTarget, collect: boolean): Promise<void> {
  const pending = await TickPending.read(rt.ctx.store, shard);
  if (pending.all.length > 0) {
    await reviewQueued(rt, shard, pending);
    await reviewInOrder(rt, pending);
    await scheduleNext(rt, pending);
    await runNext(rt, shard, pending);
    // The last step: what it changes is not looked at again this tick, so it re-reads nothing.
    await reviewRunning(rt, shard, pending);
  }
  if (collect) await collectArtifacts(rt, shard);
}

/** v21+: an in-order migration fails when an earlier migration in its context failed or was cancelled. */
async function reviewInOrder(rt: Runtime, pending: TickPending): Promise<void> {
  for (const row of pending.all) {
    const prior = await failedPredecessor(rt, row);
    if (!prior) continue;
    await rt.fail(row, `migration ${row.migration_uuid} cannot run because prior migration ${prior} in same context has failed/was cancelled`);
    await pending.reread(row);
  }
}

async function failedPredecessor(rt: Runtime, row: SchemaMigrationRow): Promise<string | null> {
  if (row.migration_context === '' || !hasFlag(rowSetting(row), 'in-order-completion')) return null;
  return (await rt.ctx.store.failedPredecessorInContext(row))?.migration_uuid ?? null;
}

async function scheduleNext(rt: Runtime, pending: TickPending): Promise<void> {
  const { store } = rt.ctx;
  let scheduled = false;
  for (const row of pending.queuedReviewed()) {
    if (row.postpone_launch === 1) continue;
    let changed = false;
    if (row.is_immediate_operation === 1 && row.ready_to_complete === 0) {
      // Immediate operations are ready to complete as soon as they are reviewed, postponed or not.
      await store.update(keyOf(row), { ready_to_complete: 1, ready_to_complete_timestamp: row.ready_to_complete_timestamp ?? sqlTime(rt.ctx.now()) });
      changed = true;
    }
    if (!scheduled && (row.is_immediate_operation === 0 || row.postpone_completion === 0)) {
      await store.update(keyOf(row), { migration_status: 'ready' }, { where: "migration_status = 'queued'" });
      scheduled = true;
      changed = true;
    }
    if (changed) await pending.reread(row);
  }
}

async function runNext(rt: Runtime, shard: ShardTarget, pending: TickPending): Promise<void> {
  const ready = pending.withStatus('ready');
  if (ready.length === 0) return;
  const running = pending.withStatus('running');
  const oldest = pending.all[0];
  for (const row of ready) {
    if (running.some((r) => conflicts(r, row))) continue;
    if (running.length >= maxConcurrentMigrations) return;
    const inOrder = hasFlag(rowSetting(row), 'in-order-completion');
    if (inOrder && row.is_immediate_operation === 1 && oldest?.migration_uuid !== row.migration_uuid) continue;
    if (inOrder && await failedPredecessor(rt, row)) continue;
    try {
      await executeMigration(rt, row, shard);
    } catch (err) {
      // Anything MySQL rejects is reported by the executors; this is the net for the unexpected, so a
      // migration cannot stay `running` with nothing behind it.
      await rt.fail((await rt.ctx.store.get(keyOf(row))) ?? row, `unexpected error running migration: ${(err as Error).message}`);
    }
    await pending.reread(row);
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
