// Immediate operations, run straight from the scheduler: CREATE TABLE/VIEW, DROP TABLE/VIEW (a rename
// to a hold table), ALTER VIEW (a new view under a hold name, swapped in), and INSTANT ALTERs. Each
// goes running → complete, or failed with the MySQL error in `message`.
import { qualified, quoteIdentifier, type Connection } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../port/index.js';
import { hasFlag } from '../strategy/ddl-strategy.js';
import type { ShardTarget } from './context.js';
import { analyzeAlterSpec } from './ddl/alter.js';
import type { MigrationStatement } from './ddl/parse.js';
import { newMigrationUuid } from './identity.js';
import { keyOf, markComplete, markRunning } from './lifecycle.js';
import { holdTableName, isGcTableName, prependArtifact } from './names.js';
import { escapeIds } from './online/analysis.js';
import { allowZeroDates } from './online/sql-mode.js';
import { foreignKeyNames, tableExists } from './online/table-info.js';
import { rowSetting } from './row-setting.js';
import type { Runtime } from './runtime.js';
import { errnoOf, mysqlErrorText, onDatabase } from './sql.js';

export const instantPlan = JSON.stringify({ operation: 'instant-ddl' });

const holdUntil = (rt: Runtime) => new Date(rt.ctx.now().getTime() + rt.ctx.retainArtifactsSeconds * 1000);

/** Runs DDL on the shard's database, failing the migration with the MySQL error; false when it failed. */
async function runDdl(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget, sqls: readonly string[]): Promise<boolean> {
  return onDatabase(rt.ctx.pool, shard.database, async (conn: Connection) => {
    if (hasFlag(rowSetting(row), 'allow-zero-in-date')) await allowZeroDates(conn);
    for (const sql of sqls) {
      try {
        await conn.query(sql);
      } catch (err) {
        await rt.fail(row, mysqlErrorText(err, sql));
        return false;
      }
    }
    return true;
  });
}

export async function executeCreate(rt: Runtime, row: SchemaMigrationRow, stmt: MigrationStatement & { kind: 'create_table' | 'create_view' }, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  if (stmt.kind === 'create_view' && stmt.orReplace && await tableExists(ctx.pool, shard.database, stmt.table)) {
    return executeAlterView(rt, row, stmt, shard);
  }
  await markRunning(ctx, key);
  // A phantom hold name records that this migration created the table; REVERT renames the table to it.
  let artifacts = prependArtifact('', holdTableName(newMigrationUuid(ctx.now()), holdUntil(rt)));
  if (stmt.ifNotExists && await tableExists(ctx.pool, shard.database, stmt.table)) artifacts = '';
  await ctx.store.update(key, { artifacts });
  if (await runDdl(rt, row, shard, [stmt.sql])) await markComplete(ctx, key);
}

export async function executeDrop(rt: Runtime, row: SchemaMigrationRow, stmt: MigrationStatement & { kind: 'drop_table' | 'drop_view' }, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  await markRunning(ctx, key);
  if (isGcTableName(stmt.table)) {
    if (await runDdl(rt, row, shard, [stmt.sql])) await markComplete(ctx, key);
    return;
  }
  if (stmt.kind === 'drop_table') {
    await ctx.store.update(key, { removed_foreign_key_names: escapeIds(await foreignKeyNames(ctx.pool, shard.database, stmt.table)) });
  }
  const hold = holdTableName(row.migration_uuid, holdUntil(rt));
  await ctx.store.update(key, { artifacts: prependArtifact('', hold) });
  const rename = `RENAME TABLE ${quoteIdentifier(stmt.table)} TO ${quoteIdentifier(hold)}`;
  const failed = await onDatabase(ctx.pool, shard.database, async (conn) => {
    try {
      await conn.query(rename);
      return null;
    } catch (err) {
      return err;
    }
  });
  if (failed === null) {
    await markComplete(ctx, key);
  } else if (stmt.ifExists && errnoOf(failed) === 1146) {
    await markComplete(ctx, key, { artifacts: '' });
  } else {
    await rt.fail(row, mysqlErrorText(failed, rename));
  }
}

/** ALTER VIEW, or CREATE OR REPLACE VIEW of an existing view: the new definition is created under a
 * hold name and swapped in with one RENAME; the old view becomes the artifact. */
export async function executeAlterView(rt: Runtime, row: SchemaMigrationRow, stmt: MigrationStatement & { kind: 'alter_view' | 'create_view' }, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  if (!await tableExists(ctx.pool, shard.database, stmt.table)) {
    // Let MySQL say what is wrong, as Vitess does.
    await markRunning(ctx, key);
    if (await runDdl(rt, row, shard, [stmt.sql])) await markComplete(ctx, key);
    return;
  }
  await markRunning(ctx, key);
  const artifact = holdTableName(newMigrationUuid(ctx.now()), holdUntil(rt));
  const create = `CREATE OR REPLACE ${stmt.attributes ? stmt.attributes + ' ' : ''}VIEW ${quoteIdentifier(artifact)} ${stmt.definition}`;
  if (!await runDdl(rt, row, shard, [create])) return;
  await ctx.store.update(key, { artifacts: prependArtifact('', artifact) });
  if (!await runDdl(rt, row, shard, [swapStatement(shard.database, stmt.table, artifact, holdTableName(newMigrationUuid(ctx.now()), holdUntil(rt)))])) return;
  await markComplete(ctx, key, { ddl_action: 'alter' });
}

export async function executeInstant(rt: Runtime, row: SchemaMigrationRow, stmt: MigrationStatement & { kind: 'alter_table' }, shard: ShardTarget): Promise<void> {
  const key = keyOf(row);
  await markRunning(rt.ctx, key);
  const sql = `ALTER TABLE ${quoteIdentifier(stmt.table)} ${analyzeAlterSpec(stmt.spec).shadowSpec}, ALGORITHM=INSTANT`;
  if (await runDdl(rt, row, shard, [sql])) await markComplete(rt.ctx, key, { special_plan: instantPlan });
}

/** `--prefer-instant-ddl`: whether MySQL would apply the ALTER with ALGORITHM=INSTANT, tried on an empty copy of the table. */
export async function isInstantEligible(rt: Runtime, shard: ShardTarget, table: string, spec: string): Promise<boolean> {
  const { ctx } = rt;
  if (!await tableExists(ctx.pool, shard.database, table)) return false;
  const probe = qualified(ctx.sidecar, `_vt_probe_${newMigrationUuid(ctx.now()).replace(/_/g, '')}`);
  try {
    await ctx.pool.query(`CREATE TABLE ${probe} LIKE ${qualified(shard.database, table)}`);
    await ctx.pool.query(`ALTER TABLE ${probe} ${spec}, ALGORITHM=INSTANT`);
    return true;
  } catch {
    return false;
  } finally {
    await ctx.pool.query(`DROP TABLE IF EXISTS ${probe}`).catch(() => undefined);
  }
}

/** A `mysql`-strategy ALTER: the server's own blocking ALTER TABLE, run as a task so CANCEL can kill it. */
export async function startDirectAlter(rt: Runtime, row: SchemaMigrationRow, stmt: MigrationStatement & { kind: 'alter_table' }, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  await markRunning(ctx, key);
  rt.tasks.start(row.migration_uuid, row.shard, (signal) => onDatabase(ctx.pool, shard.database, async (conn) => {
    const threadId = conn.threadId;
    const kill = () => { ctx.pool.query(`KILL QUERY ${Number(threadId)}`).catch(() => undefined); };
    signal.addEventListener('abort', kill, { once: true });
    try {
      if (hasFlag(rowSetting(row), 'allow-zero-in-date')) await allowZeroDates(conn);
      await conn.query(stmt.sql);
      await markComplete(ctx, key);
    } catch (err) {
      if (!signal.aborted) rt.failLater(key, mysqlErrorText(err, stmt.sql));
    } finally {
      signal.removeEventListener('abort', kill);
      ctx.requestTick();
    }
  }));
}

/** Vitess's 3-way swap: `RENAME TABLE a TO sentry, b TO a, sentry TO b`. */
export function swapStatement(database: string, a: string, b: string, sentry: string): string {
  const q = (t: string) => qualified(database, t);
  return `RENAME TABLE ${q(a)} TO ${q(sentry)}, ${q(b)} TO ${q(a)}, ${q(sentry)} TO ${q(b)}`;
}
