// REVERT VITESS_MIGRATION: a new migration that undoes the last completed migration on a table.
// CREATE is undone by renaming the table to the phantom hold name, DROP by renaming the hold table
// back, a view ALTER by swapping views, and a table ALTER by swapping back to the old table, which
// the sync triggers installed at cut-over kept up to date: rows written since survive, and so do the
// values of columns the ALTER dropped.
import { quoteIdentifier, type Row } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../port/index.js';
import type { ShardTarget } from './context.js';
import { swapStatement } from './immediate.js';
import { newMigrationUuid } from './identity.js';
import { keyOf, markComplete, markRunning } from './lifecycle.js';
import { artifactList, holdTableName, prependArtifact, triggerEvents, triggerName } from './names.js';
import { alterRenames } from './online/online-alter.js';
import { syncErrorOf } from './online/sync-triggers.js';
import { tableExists } from './online/table-info.js';
import type { Runtime } from './runtime.js';
import { mysqlErrorText, onDatabase } from './sql.js';

const revertable = (row: SchemaMigrationRow) => row.reverted_uuid !== '';

/** Vitess's validateMigrationRevertible; resolves to the failure message, or null. */
export async function revertRejection(rt: Runtime, revert: SchemaMigrationRow, reverted: SchemaMigrationRow): Promise<string | null> {
  const { store } = rt.ctx;
  const isAlter = reverted.ddl_action === 'alter' && !revertable(reverted);
  if (isAlter && reverted.strategy !== 'online' && reverted.strategy !== 'vitess') {
    return `can only revert a online strategy migration. Migration ${reverted.migration_uuid} has ${reverted.strategy} strategy`;
  }
  if (reverted.migration_status !== 'complete') {
    return `can only revert a migration in a 'complete' state. Migration ${reverted.migration_uuid} is in '${reverted.migration_status}' state`;
  }
  const onTable = await store.pendingOnTable(reverted, reverted.mysql_table, revert.migration_uuid);
  if (onTable.length > 0) {
    const p = onTable[0]!;
    return `can not revert migration ${reverted.migration_uuid} on table ${reverted.mysql_table} because migration ${p.migration_uuid} is in ${p.migration_status} status. May only revert if all migrations on this table are completed or failed`;
  }
  const last = await store.lastCompleteOnTable(reverted, reverted.mysql_table);
  if (last && last.migration_uuid !== reverted.migration_uuid) {
    return `can not revert migration ${reverted.migration_uuid} on table ${reverted.mysql_table} because it is not the last migration to complete on that table. The last migration to complete was ${last.migration_uuid}`;
  }
  return null;
}

/** Column renames the migration applied, before → after; a revert applies its reverted migration's backwards. */
export async function forwardRenames(rt: Runtime, row: SchemaMigrationRow): Promise<ReadonlyMap<string, string>> {
  if (!revertable(row)) return alterRenames(row);
  const reverted = await rt.ctx.store.get({ uuid: row.reverted_uuid, shard: row.shard });
  if (!reverted) return new Map();
  return new Map([...await forwardRenames(rt, reverted)].map(([a, b]) => [b, a]));
}

export async function executeRevert(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  const reverted = await ctx.store.get({ uuid: row.reverted_uuid, shard: row.shard });
  if (!reverted) {
    await rt.fail(row, `cannot read migration ${row.reverted_uuid} reverted by migration ${row.migration_uuid}: migration not found`);
    return;
  }
  const rejection = await revertRejection(rt, row, reverted);
  if (rejection) {
    await rt.fail(row, rejection);
    return;
  }
  const artifacts = artifactList(reverted.artifacts);
  const table = reverted.mysql_table;
  if (reverted.ddl_action !== 'alter' && artifacts.length > 1) {
    await rt.fail(row, `cannot run migration ${row.migration_uuid} reverting ${reverted.migration_uuid}: found ${artifacts.length} artifact tables, expected maximum 1`);
    return;
  }
  const artifact = artifacts[0];
  const run = async (sql: string): Promise<boolean> => onDatabase(ctx.pool, shard.database, async (conn) => {
    try {
      await conn.query(sql);
      return true;
    } catch (err) {
      await rt.fail(row, mysqlErrorText(err, sql));
      return false;
    }
  });

  switch (row.ddl_action) {
    case 'drop': // reverting a CREATE
    case 'create': { // reverting a DROP
      await markRunning(ctx, key);
      if (!artifact) {
        await markComplete(ctx, key);
        return;
      }
      await ctx.store.update(key, { artifacts: prependArtifact('', artifact) });
      const sql = row.ddl_action === 'drop'
        ? `RENAME TABLE ${quoteIdentifier(table)} TO ${quoteIdentifier(artifact)}`
        : `RENAME TABLE ${quoteIdentifier(artifact)} TO ${quoteIdentifier(table)}`;
      if (await run(sql)) await markComplete(ctx, key);
      return;
    }
    case 'alter': {
      if (row.is_view) {
        if (!artifact) {
          await rt.fail(row, `cannot run migration ${row.migration_uuid} reverting ${reverted.migration_uuid}: found 0 artifact tables, expected 1`);
          return;
        }
        await markRunning(ctx, key);
        await ctx.store.update(key, { artifacts: prependArtifact('', artifact) });
        const sentry = holdTableName(newMigrationUuid(ctx.now()), ctx.now());
        if (await run(swapStatement(shard.database, table, artifact, sentry))) await markComplete(ctx, key);
        return;
      }
      const problem = await revertAlterProblem(rt, reverted, shard);
      if (problem) {
        await rt.fail(row, problem);
        return;
      }
      // No copy: the old table is already current. The scheduler cuts over like any online ALTER.
      await markRunning(ctx, key, { artifacts: prependArtifact('', artifact!), table_rows: 0, rows_copied: 0 });
      return;
    }
    default:
      await rt.fail(row, `cannot run migration ${row.migration_uuid} reverting ${reverted.migration_uuid}: unexpected action ${row.ddl_action}`);
  }
}

/** Why the old table of an ALTER cannot be swapped back: gone (CLEANUP, retention, an INSTANT ALTER
 * has none), no longer kept in sync, or a write could not be replayed into it. */
async function revertAlterProblem(rt: Runtime, reverted: SchemaMigrationRow, shard: ShardTarget): Promise<string | null> {
  const streamMissing = `can not revert vreplication migration ${reverted.migration_uuid} because vreplication stream ${reverted.migration_uuid} was not found`;
  const artifact = artifactList(reverted.artifacts)[0];
  if (reverted.special_plan !== '' || reverted.cleanup_timestamp !== null || !artifact) return streamMissing;
  if (!await tableExists(rt.ctx.pool, shard.database, artifact)) return streamMissing;
  const [triggers] = await rt.ctx.pool.query<Row[]>(
    'SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? AND TRIGGER_NAME IN (?, ?, ?)',
    [shard.database, reverted.mysql_table, ...triggerEvents.map((e) => triggerName(reverted.migration_uuid, 's', e))]);
  if (Number(triggers[0]!.n) !== triggerEvents.length) return streamMissing;
  const syncError = await syncErrorOf(rt, reverted.migration_uuid, reverted.shard, 's');
  if (syncError) {
    return `can not revert migration ${reverted.migration_uuid}: ${syncError.errors} write(s) to ${reverted.mysql_table} since its cut-over could not be applied to the old table: ${syncError.lastError}`;
  }
  return null;
}
