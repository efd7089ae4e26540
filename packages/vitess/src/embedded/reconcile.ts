// Startup reconciliation: a new engine over an existing sidecar takes over what a previous one left.
// Running online ALTERs resume their copy from the last recorded chunk (the sync triggers kept the
// shadow table current meanwhile), or complete if their cut-over RENAME had already happened; other
// running work cannot be resumed and fails with a message (RETRY runs it again). Triggers and shadow
// tables no live migration needs are removed.
import { qualified, type Row } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../port/index.js';
import type { ShardTarget } from './context.js';
import { uuid32 } from './identity.js';
import { keyOf, markComplete } from './lifecycle.js';
import { artifactList, parseGcTableName, parseTriggerName, triggerEvents } from './names.js';
import { readCopyState, resumeCopy, shadowOf } from './online/online-alter.js';
import { dropTriggers } from './online/sync-triggers.js';
import { isOnlineTableAlter } from './row-setting.js';
import type { Runtime } from './runtime.js';

const interrupted = 'migration interrupted by a LocalScale restart and cannot resume; RETRY runs it again';

interface TriggerRow { name: string; table: string; hex: string; side: 'f' | 's' }

export async function reconcileShard(rt: Runtime, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const triggers = await listTriggers(rt, shard);
  const triggersOn = (uuid: string, side: 'f' | 's') => triggers.filter((t) => t.hex === uuid32(uuid) && t.side === side);
  const complete = (set: TriggerRow[], table: string) => set.length === triggerEvents.length && set.every((t) => t.table === table);

  const running = await ctx.store.running(shard);
  for (const row of running) {
    if (!isOnlineTableAlter(row)) {
      await rt.fail(row, interrupted);
      continue;
    }
    const isRevert = row.reverted_uuid !== '';
    const other = isRevert ? artifactList(row.artifacts)[0] : shadowOf(row);
    if (other && complete(triggersOn(row.migration_uuid, 's'), row.mysql_table)) {
      await finishSwappedCutOver(rt, shard, row);
      continue;
    }
    await dropTriggers(rt, shard, row.migration_uuid, 's');
    if (isRevert) {
      if (!other || !complete(triggersOn(row.reverted_uuid, 's'), row.mysql_table)) await rt.fail(row, interrupted);
      continue;
    }
    const state = await readCopyState(rt, row.migration_uuid, row.shard);
    if (!state || !other || !complete(triggersOn(row.migration_uuid, 'f'), row.mysql_table)) {
      await rt.fail(row, interrupted);
      continue;
    }
    if (state.done) continue;
    const problem = await resumeCopy(rt, row, shard, state);
    if (problem) await rt.fail(row, `${interrupted}: ${problem}`);
  }
  await dropOrphans(rt, shard);
}

/**
 * The RENAME is the commit point of a cut-over: once the owner's new triggers live on the table, the
 * swap has happened even if what follows it (dropping the old triggers, recording completion) did not.
 */
export async function cutOverSwapped(rt: Runtime, shard: ShardTarget, row: SchemaMigrationRow): Promise<boolean> {
  const own = (await listTriggers(rt, shard)).filter((t) => t.hex === uuid32(row.migration_uuid) && t.side === 's');
  return own.length === triggerEvents.length && own.every((t) => t.table === row.mysql_table);
}

/** The rest of a cut-over whose RENAME happened: the triggers that replayed the other way go, and the migration is complete. */
export async function finishSwappedCutOver(rt: Runtime, shard: ShardTarget, row: SchemaMigrationRow): Promise<void> {
  const isRevert = row.reverted_uuid !== '';
  await dropTriggers(rt, shard, isRevert ? row.reverted_uuid : row.migration_uuid, isRevert ? 's' : 'f');
  await markComplete(rt.ctx, keyOf(row), { stage: 're-enabling writes', vreplication_lag_seconds: 0 });
}

async function listTriggers(rt: Runtime, shard: ShardTarget): Promise<TriggerRow[]> {
  const [rows] = await rt.ctx.pool.query<Row[]>(
    "SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND TRIGGER_NAME LIKE '\\_vt\\_%'",
    [shard.database]);
  return rows.flatMap((r) => {
    const parsed = parseTriggerName(String(r.name));
    return parsed ? [{ name: String(r.name), table: String(r.tbl), hex: parsed.hex, side: parsed.side }] : [];
  });
}

/** Triggers of migrations that no longer need them, and shadow tables of migrations that failed or are unknown. */
async function dropOrphans(rt: Runtime, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const rows = await ctx.store.allOnShard(shard);
  const byHex = new Map<string, SchemaMigrationRow>(rows.map((r) => [uuid32(r.migration_uuid), r]));
  for (const t of await listTriggers(rt, shard)) {
    const row = byHex.get(t.hex);
    const needed = row !== undefined && (
      (row.migration_status === 'running' && t.side === 'f' && t.table === row.mysql_table) ||
      (row.migration_status === 'complete' && row.cleanup_timestamp === null && t.side === 's' && t.table === row.mysql_table) ||
      // A pending revert still needs the old table kept in step.
      (row.migration_status === 'complete' && t.side === 's' && rows.some((r) => r.reverted_uuid === row.migration_uuid && r.migration_status === 'running')));
    if (!needed) await ctx.pool.query(`DROP TRIGGER IF EXISTS ${qualified(shard.database, t.name)}`);
  }
  const [tables] = await ctx.pool.query<Row[]>("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '\\_vt\\_vrp\\_%'", [shard.database]);
  for (const t of tables) {
    const gc = parseGcTableName(String(t.name));
    if (!gc) continue;
    const row = byHex.get(gc.hex);
    if (row && row.migration_status !== 'failed' && row.migration_status !== 'cancelled') continue;
    await ctx.pool.query(`DROP TABLE IF EXISTS ${qualified(shard.database, String(t.name))}`);
  }
}
