// A `vitess`/`online` ALTER TABLE: create the shadow table (`_vt_vrp_...`) like the original, apply
// the ALTER to it, install sync triggers on the original, then copy rows in the background. The
// scheduler cuts over once the copy is done (see cutover.ts). A copy can resume from its last chunk.
import { qualified, quoteIdentifier, type Connection, type Row } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../../port/index.js';
import { hasFlag } from '../../strategy/ddl-strategy.js';
import type { ShardTarget } from '../context.js';
import { analyzeAlterSpec } from '../ddl/alter.js';
import { parseDdl } from '../ddl/parse.js';
import { uuid32 } from '../identity.js';
import { keyOf, markRunning } from '../lifecycle.js';
import { artifactList, prependArtifact, shadowTableName } from '../names.js';
import { rowSetting } from '../row-setting.js';
import type { Runtime } from '../runtime.js';
import { isConnectionLoss, mysqlErrorText, onDatabase, parseSqlTime, sqlTime } from '../sql.js';
import { CopyPlanError, planCopy, type CopyPlan } from './analysis.js';
import { runCopy } from './copier.js';
import { buildDeferredKeys, deferSecondaryKeys } from './deferred-keys.js';
import { decodeKey } from './keys.js';
import { allowZeroDates } from './sql-mode.js';
import { participatesInForeignKey, readTableInfo, tableExists } from './table-info.js';
import { assertNoSyncErrors, dropTriggers, installTriggers } from './sync-triggers.js';

/** The ALTER's spec, from its statement. */
function alterSpecOf(row: SchemaMigrationRow): string | null {
  const stmt = parseDdl(row.migration_statement, row.keyspace)[0];
  return stmt?.kind === 'alter_table' ? analyzeAlterSpec(stmt.spec).shadowSpec : null;
}

/** The ALTER'd definition as a TEMPORARY table, built the way the shadow is (same flags), to read its keys from. */
function intendedTable(row: SchemaMigrationRow, spec: string): (conn: Connection) => Promise<string> {
  return async (conn) => {
    const scratch = `_vt_keys_${uuid32(row.migration_uuid)}`;
    if (hasFlag(rowSetting(row), 'allow-zero-in-date')) await allowZeroDates(conn);
    await conn.query(`CREATE TEMPORARY TABLE ${quoteIdentifier(scratch)} LIKE ${quoteIdentifier(row.mysql_table)}`);
    await conn.query(`ALTER TABLE ${quoteIdentifier(scratch)} ${spec}`);
    return scratch;
  };
}

/** The ALTER's column renames (old → new), from its statement. */
export function alterRenames(row: SchemaMigrationRow): ReadonlyMap<string, string> {
  const stmt = parseDdl(row.migration_statement, row.keyspace)[0];
  return stmt?.kind === 'alter_table' ? analyzeAlterSpec(stmt.spec).renamedColumns : new Map();
}

/** This migration's shadow table, from its artifacts. */
export function shadowOf(row: SchemaMigrationRow): string | null {
  return artifactList(row.artifacts).find((a) => a.startsWith(`_vt_vrp_${uuid32(row.migration_uuid)}_`)) ?? null;
}

const fkRuntimeMessage = (table: string) =>
  `table ${table} participates in a FOREIGN KEY constraint and FOREIGN KEY constraints are not supported in Online DDL unless the *experimental and unsafe* --unsafe-allow-foreign-keys strategy flag is specified`;

export async function startOnlineAlter(rt: Runtime, row: SchemaMigrationRow, spec: string, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  const table = row.mysql_table;
  const setting = rowSetting(row);
  await markRunning(ctx, key, { rows_copied: 0 });
  const source = await readTableInfo(ctx.pool, shard.database, table);
  if (!source || source.isView) {
    await rt.fail(row, `Table '${shard.database}.${table}' doesn't exist (errno 1146) (sqlstate 42S02)`);
    return;
  }
  if (!hasFlag(setting, 'unsafe-allow-foreign-keys') && await participatesInForeignKey(ctx.pool, shard.database, table)) {
    await rt.fail(row, fkRuntimeMessage(table));
    return;
  }
  if (hasFlag(setting, 'analyze-table')) await ctx.pool.query(`ANALYZE TABLE ${qualified(shard.database, table)}`);

  const shadow = shadowTableName(row.migration_uuid, ctx.now());
  const current = await ctx.store.get(key);
  await ctx.store.update(key, { artifacts: prependArtifact(current?.artifacts ?? row.artifacts, shadow) });
  const alter = analyzeAlterSpec(spec);
  const created = await onDatabase(ctx.pool, shard.database, async (conn) => {
    if (hasFlag(setting, 'allow-zero-in-date')) await allowZeroDates(conn);
    const steps = [
      `CREATE TABLE ${quoteIdentifier(shadow)} LIKE ${quoteIdentifier(table)}`,
      `ALTER TABLE ${quoteIdentifier(shadow)} ${alter.shadowSpec}`,
    ];
    for (const sql of steps) {
      try {
        await conn.query(sql);
      } catch (err) {
        return mysqlErrorText(err, sql);
      }
    }
    if (!alter.setsAutoIncrement) {
      const [ai] = await conn.query<Row[]>('SELECT AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [shard.database, table]);
      const n = ai[0]?.n;
      if (n !== null && n !== undefined) await conn.query(`ALTER TABLE ${quoteIdentifier(shadow)} AUTO_INCREMENT = ${Number(n)}`);
    }
    // Only when the copy's finish can rebuild the definition from the statement (not a declarative
    // migration, whose ALTER was derived at run time).
    if (alterSpecOf(row) === alter.shadowSpec) await deferSecondaryKeys(conn, shadow, intendedTable(row, alter.shadowSpec));
    return null;
  });
  if (created !== null) {
    await rt.fail(row, created);
    return;
  }

  let plan: CopyPlan;
  try {
    plan = planCopy(source, (await readTableInfo(ctx.pool, shard.database, shadow))!, alter.renamedColumns);
  } catch (err) {
    if (!(err instanceof CopyPlanError)) throw err;
    await rt.fail(row, err.message);
    return;
  }
  // Vitess's estimate (SHOW TABLE STATUS; exact after --analyze-table), not a COUNT(*) that reads the
  // whole table before the copy reads it again. table_rows is raised to rows_copied as the copy goes.
  const [status] = await ctx.pool.query<Row[]>('SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [shard.database, table]);
  const tableRows = Number(status[0]?.n ?? 0);
  await ctx.store.update(key, { ...plan.analysis, table_rows: tableRows });

  await installTriggers(rt, shard, { source: table, target: shadow, plan, uuid: row.migration_uuid, side: 'f', allowZeroInDate: hasFlag(setting, 'allow-zero-in-date') });
  await ctx.pool.query(
    `INSERT INTO ${qualified(ctx.sidecar, 'copy_state')} (migration_uuid, shard, shadow_table, lastpk, rows_copied, done) VALUES (?, ?, ?, NULL, 0, 0)
     ON DUPLICATE KEY UPDATE shadow_table = VALUES(shadow_table), lastpk = NULL, rows_copied = 0, done = 0`,
    [row.migration_uuid, row.shard, shadow]);
  await ctx.pool.query(`DELETE FROM ${qualified(ctx.sidecar, 'sync_errors')} WHERE migration_uuid = ? AND shard = ?`, [row.migration_uuid, row.shard]);
  startCopyTask(rt, row, shard, { shadow, plan, tableRows, lastpk: null, rowsCopied: 0 });
}

interface CopyStart { shadow: string; plan: CopyPlan; tableRows: number; lastpk: unknown[] | null; rowsCopied: number }

function startCopyTask(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget, start: CopyStart): void {
  const { ctx } = rt;
  const key = keyOf(row);
  const startedAt = parseSqlTime(row.started_timestamp) ?? ctx.now();
  let tableRows = start.tableRows;
  rt.tasks.start(row.migration_uuid, row.shard, async (signal) => {
    try {
      const done = await runCopy({
        pool: ctx.pool, database: shard.database, source: row.mysql_table, shadow: start.shadow, pairs: start.plan.pairs, key: start.plan.key,
        sidecar: ctx.sidecar, uuid: row.migration_uuid, shard: row.shard, chunkRows: ctx.copyChunkRows, tableRows,
        allowZeroInDate: hasFlag(rowSetting(row), 'allow-zero-in-date'),
        resumeFrom: start.lastpk, rowsCopied: start.rowsCopied, signal,
        throttleRatio: async () => rt.throttleRules.ratioFor(row.keyspace, row.migration_uuid),
        onProgress: async (rowsCopied) => {
          // A few times a second (the copier's cadence), not per chunk: chunks are cheap.
          const now = ctx.now();
          await assertNoSyncErrors(rt, row, 'f');
          tableRows = Math.max(tableRows, rowsCopied);
          const progress = tableRows === 0 ? 100 : Math.min(100, (100 * rowsCopied) / tableRows);
          const elapsed = (now.getTime() - startedAt.getTime()) / 1000;
          await ctx.store.update(key, {
            rows_copied: rowsCopied, table_rows: tableRows, progress,
            eta_seconds: progress === 0 ? -1 : Math.max(0, Math.round(elapsed * (100 / progress - 1))),
            liveness_timestamp: sqlTime(now), vitess_liveness_indicator: Math.floor(now.getTime() / 1000),
          }, { where: "migration_status = 'running'" });
        },
        finish: async () => {
          const spec = alterSpecOf(row);
          if (spec === null) return;
          await onDatabase(ctx.pool, shard.database, (conn) => buildDeferredKeys(conn, start.shadow, intendedTable(row, spec)));
        },
        onThrottled: async (ratio) => {
          await ctx.store.update(key, {
            last_throttled_timestamp: sqlTime(ctx.now()), component_throttled: 'vcopier', reason_throttled: `user throttle ratio: ${ratio}`,
          }, { where: "migration_status = 'running'" });
        },
      });
      if (done) ctx.requestTick();
    } catch (err) {
      if (signal.aborted) return;
      // MySQL went away: the migration is not at fault. The copy stops here and the running review
      // picks it up from its last chunk once MySQL answers again.
      if (isConnectionLoss(err)) ctx.log(`copy of ${row.migration_uuid} stopped: ${mysqlErrorText(err)}; it resumes when MySQL is back`);
      else rt.failLater(key, mysqlErrorText(err));
    }
  });
}

export interface CopyState { shadow: string; lastpk: unknown[] | null; rowsCopied: number; done: boolean }

export async function readCopyState(rt: Runtime, uuid: string, shard: string): Promise<CopyState | null> {
  const [rows] = await rt.ctx.pool.query<Row[]>(
    `SELECT shadow_table, lastpk, rows_copied, done FROM ${qualified(rt.ctx.sidecar, 'copy_state')} WHERE migration_uuid = ? AND shard = ?`, [uuid, shard]);
  const r = rows[0];
  if (!r) return null;
  return { shadow: String(r.shadow_table), lastpk: r.lastpk === null ? null : decodeKey(String(r.lastpk)), rowsCopied: Number(r.rows_copied), done: Number(r.done) === 1 };
}

/** Resumes a copy after a restart from its last chunk; the triggers kept the shadow current meanwhile. */
export async function resumeCopy(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget, state: CopyState): Promise<string | null> {
  const { ctx } = rt;
  const source = await readTableInfo(ctx.pool, shard.database, row.mysql_table);
  const target = await readTableInfo(ctx.pool, shard.database, state.shadow);
  if (!source || !target) return `shadow table ${state.shadow} or table ${row.mysql_table} is missing`;
  let plan: CopyPlan;
  try {
    plan = planCopy(source, target, alterRenames(row));
  } catch (err) {
    return (err as Error).message;
  }
  startCopyTask(rt, row, shard, { shadow: state.shadow, plan, tableRows: row.table_rows, lastpk: state.lastpk, rowsCopied: state.rowsCopied });
  return null;
}

/** Releases what a copy that will not cut over holds: its triggers, its shadow table and its state. */
export async function discardCopy(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  await rt.tasks.stop(row.migration_uuid, row.shard);
  await dropTriggers(rt, shard, row.migration_uuid, 'f');
  const shadow = shadowOf(row);
  if (shadow && await tableExists(ctx.pool, shard.database, shadow)) {
    await ctx.pool.query(`DROP TABLE IF EXISTS ${qualified(shard.database, shadow)}`);
  }
  await ctx.pool.query(`DELETE FROM ${qualified(ctx.sidecar, 'copy_state')} WHERE migration_uuid = ? AND shard = ?`, [row.migration_uuid, row.shard]);
}
