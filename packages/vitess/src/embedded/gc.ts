// Artifact garbage collection (Vitess's gcArtifacts plus the table lifecycle): terminal migrations
// past their retention (`retain_artifacts_seconds`; -1 after CLEANUP) lose their sync triggers and
// their artifact tables move to hold names that are already due; due hold tables are dropped.
import { qualified, quoteIdentifier, type Row } from '@localscale/mysql';
import type { ShardTarget } from './context.js';
import { newMigrationUuid } from './identity.js';
import { keyOf } from './lifecycle.js';
import { artifactList, holdTableName, parseGcTableName } from './names.js';
import { dropTriggers } from './online/sync-triggers.js';
import type { Runtime } from './runtime.js';
import { parseSqlTime, sqlTime } from './sql.js';

export async function collectArtifacts(rt: Runtime, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const now = ctx.now();
  const rows = await ctx.store.uncollectedArtifacts(shard);
  for (const row of rows) {
    const retainMs = (row.retain_artifacts_seconds === 0 ? ctx.retainArtifactsSeconds : row.retain_artifacts_seconds) * 1000;
    const completed = parseSqlTime(row.completed_timestamp);
    if (completed && now.getTime() < completed.getTime() + retainMs) continue;
    await dropTriggers(rt, shard, row.migration_uuid, 'f');
    await dropTriggers(rt, shard, row.migration_uuid, 's');
    for (const artifact of artifactList(row.artifacts)) {
      // A table a later migration still counts on (a revert's old table) stays.
      if (await ctx.store.artifactInUse(shard, artifact, row.migration_uuid)) continue;
      const [exists] = await ctx.pool.query<Row[]>('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [shard.database, artifact]);
      if (exists.length === 0) continue;
      const due = holdTableName(newMigrationUuid(now), now);
      await ctx.pool.query(`RENAME TABLE ${qualified(shard.database, artifact)} TO ${qualified(shard.database, due)}`).catch(() => undefined);
    }
    for (const table of ['copy_state', 'sync_errors']) {
      await ctx.pool.query(`DELETE FROM ${qualified(ctx.sidecar, table)} WHERE migration_uuid = ? AND shard = ?`, [row.migration_uuid, row.shard]);
    }
    await ctx.store.update(keyOf(row), { cleanup_timestamp: sqlTime(now) });
  }
  await dropDueHoldTables(rt, shard);
}

/** Drops `_vt_hld_` (and other lifecycle-state) tables whose timestamp has passed. */
async function dropDueHoldTables(rt: Runtime, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const [tables] = await ctx.pool.query<Row[]>(
    "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND (TABLE_NAME LIKE '\\_vt\\_%')", [shard.database]);
  for (const t of tables) {
    const name = String(t.name);
    const gc = parseGcTableName(name);
    if (!gc || gc.state === 'vrp' || gc.timestamp > ctx.now()) continue;
    const object = String(t.type).toUpperCase() === 'VIEW' ? 'VIEW' : 'TABLE';
    await ctx.pool.query(`DROP ${object} IF EXISTS ${quoteIdentifier(shard.database)}.${quoteIdentifier(name)}`).catch(() => undefined);
  }
}
