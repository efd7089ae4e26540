// Reviewing running migrations (Vitess's reviewRunningMigrations): the user throttle ratio in force,
// liveness, whether an online ALTER is ready to complete, and, when it is and nothing holds it back
// (postponed completion, in-order completion, cut-over backoff), the cut-over.
import { qualified } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../port/index.js';
import { hasFlag } from '../strategy/ddl-strategy.js';
import type { ShardTarget } from './context.js';
import { keyOf, markComplete, setMessage } from './lifecycle.js';
import { artifactList } from './names.js';
import { swapTables } from './online/cutover.js';
import { readCopyState, resumeCopy, shadowOf } from './online/online-alter.js';
import { cutOverSwapped, finishSwappedCutOver } from './reconcile.js';
import { assertNoSyncErrors } from './online/sync-triggers.js';
import { forwardRenames } from './revert.js';
import { isOnlineTableAlter, rowSetting } from './row-setting.js';
import type { Runtime } from './runtime.js';
import { parseSqlTime, sqlTime } from './sql.js';
import type { TickPending } from './tick-pending.js';

/** Minimum time since the last cut-over attempt, by attempts made so far (Vitess's cutoverIntervals). */
const cutoverIntervalsMs = [0, 60_000, 300_000, 600_000, 1_800_000];
const livenessEveryMs = 5000;

export async function reviewRunning(rt: Runtime, shard: ShardTarget, pending: TickPending): Promise<void> {
  // In-order completion compares against the pending migrations as they were when the review began.
  const pendingUuids = pending.uuids;
  for (const row of pending.withStatus('running')) {
    try {
      await reviewOne(rt, row, shard, pendingUuids);
    } catch (err) {
      // One migration's trouble must not stall the others; it is retried on the next tick.
      rt.ctx.log(`reviewing running migration ${row.migration_uuid}: ${(err as Error).message}`);
    }
  }
}

async function reviewOne(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget, pendingUuids: readonly string[]): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  const now = ctx.now();
  const ratio = rt.throttleRules.ratioFor(row.keyspace, row.migration_uuid);
  if (Math.abs(row.user_throttle_ratio - ratio) > 1e-6) await ctx.store.update(key, { user_throttle_ratio: ratio });
  if (!isOnlineTableAlter(row)) return;

  const liveness = parseSqlTime(row.liveness_timestamp);
  if (!liveness || now.getTime() - liveness.getTime() >= livenessEveryMs) {
    await ctx.store.update(key, { liveness_timestamp: sqlTime(now), vitess_liveness_indicator: Math.floor(now.getTime() / 1000) });
  }
  const isRevert = row.reverted_uuid !== '';
  const copy = isRevert ? null : await readCopyState(rt, row.migration_uuid, row.shard);
  if (!isRevert && !copy?.done && !rt.tasks.has(row.migration_uuid, row.shard)) {
    // MySQL went away under this migration. A copy goes on from its last chunk; a migration whose
    // setup was cut short (no copy yet) cannot, and fails rather than stay `running` forever.
    const problem = copy ? await resumeCopy(rt, row, shard, copy) : 'the connection to MySQL was lost while the migration was being set up';
    if (problem) await rt.fail(row, `migration interrupted and cannot resume: ${problem}; RETRY runs it again`);
    return;
  }
  const copied = isRevert || copy?.done === true;
  // Fully throttled: like a throttled vreplication stream, it is not ready to complete.
  const ready = copied && ratio < 1;
  if (ready !== (row.ready_to_complete === 1)) {
    await ctx.store.update(key, ready
      // rows_copied from the copy state too: the copier marks its state done before its last chunk's
      // count reaches the migration row, and a ready row must not show a stale count.
      ? { ready_to_complete: 1, ready_to_complete_timestamp: row.ready_to_complete_timestamp ?? sqlTime(now), progress: 100, eta_seconds: 0, vreplication_lag_seconds: 0, ...(copy ? { rows_copied: copy.rowsCopied } : {}) }
      : { ready_to_complete: 0 });
  }
  if (!ready) return;
  const setting = rowSetting(row);
  const inOrderWait = hasFlag(setting, 'in-order-completion') && pendingUuids.indexOf(row.migration_uuid) > 0;
  if (row.postpone_completion === 1 || inOrderWait) return;

  const readySince = parseSqlTime(row.ready_to_complete_timestamp) ?? now;
  const lastAttempt = parseSqlTime(row.last_cutover_attempt_timestamp);
  const decision = cutOverDecision({
    forceIndicator: row.force_cutover === 1,
    forceAfterMs: setting.durations['force-cut-over-after'] ?? 0,
    sinceReadyMs: now.getTime() - readySince.getTime(),
    sinceLastAttemptMs: lastAttempt ? now.getTime() - lastAttempt.getTime() : 0,
    attempts: row.cutover_attempts,
  });
  if (decision.cutOver) await cutOver(rt, row, shard, decision.force);
}

export function cutOverDecision(p: { forceIndicator: boolean; forceAfterMs: number; sinceReadyMs: number; sinceLastAttemptMs: number; attempts: number }): { cutOver: boolean; force: boolean } {
  if (p.forceIndicator) return { cutOver: true, force: true };
  if (p.forceAfterMs > 0 && (p.sinceReadyMs > p.forceAfterMs || p.forceAfterMs <= 1)) return { cutOver: true, force: true };
  const wait = cutoverIntervalsMs[Math.min(p.attempts, cutoverIntervalsMs.length - 1)]!;
  return { cutOver: p.sinceLastAttemptMs >= wait, force: false };
}

async function cutOver(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget, force: boolean): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  const isRevert = row.reverted_uuid !== '';
  const other = isRevert ? artifactList(row.artifacts)[0] : shadowOf(row);
  if (!other) {
    await rt.fail(row, 'cannot cut over: the migration has no shadow table');
    return;
  }
  try {
    await assertNoSyncErrors(rt, isRevert ? { ...row, migration_uuid: row.reverted_uuid } : row, isRevert ? 's' : 'f');
  } catch (err) {
    await rt.fail(row, (err as Error).message);
    return;
  }
  if (await cutOverSwapped(rt, shard, row)) {
    // An earlier attempt swapped the tables and then lost MySQL before it could record that: swapping
    // again would put the old table back.
    await finishSwappedCutOver(rt, shard, row);
    await ctx.pool.query(`DELETE FROM ${qualified(ctx.sidecar, 'copy_state')} WHERE migration_uuid = ? AND shard = ?`, [row.migration_uuid, row.shard]);
    return;
  }
  const now = ctx.now();
  await ctx.store.update(key, { cutover_attempts: row.cutover_attempts + 1, last_cutover_attempt_timestamp: sqlTime(now) });
  if (!isRevert && row.shadow_analyzed_timestamp === null) {
    await ctx.pool.query(`ANALYZE TABLE ${qualified(shard.database, other)}`);
    await ctx.store.update(key, { shadow_analyzed_timestamp: sqlTime(ctx.now()) });
  }
  const after = await forwardRenames(rt, row);
  const failure = await swapTables(rt, {
    shard, table: row.mysql_table, other,
    renames: new Map([...after].map(([a, b]) => [b, a])),
    owner: row.migration_uuid,
    retire: isRevert ? { uuid: row.reverted_uuid, side: 's' } : { uuid: row.migration_uuid, side: 'f' },
    thresholdSeconds: row.cutover_threshold_seconds || 10,
    force,
    allowZeroInDate: hasFlag(rowSetting(row), 'allow-zero-in-date'),
    stage: async (stage) => { await ctx.store.update(key, { stage }); },
  });
  if (failure) {
    await setMessage(ctx, key, failure);
    return;
  }
  await markComplete(ctx, key, { vreplication_lag_seconds: 0 });
  await ctx.pool.query(`DELETE FROM ${qualified(ctx.sidecar, 'copy_state')} WHERE migration_uuid = ? AND shard = ?`, [row.migration_uuid, row.shard]);
}
