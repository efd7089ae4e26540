// Cut-over: swap the live table with its other copy in one atomic RENAME, so readers and writers see
// either the old table or the new one, never neither. Before the RENAME, the migration's own sync
// triggers are created on the table about to go live (writing into the name the old table is about
// to take); after it, the triggers that were replaying writes in the other direction are dropped.
// The session guard in every trigger (triggers.ts) keeps each write replayed exactly once throughout.
// The old table keeps the other copy's name (`_vt_vrp_...`), as Vitess keeps it, for REVERT.
import { qualified, type Row } from '@localscale/mysql';
import type { ShardTarget } from '../context.js';
import { newMigrationUuid } from '../identity.js';
import { holdTableName, type TriggerSide } from '../names.js';
import type { Runtime } from '../runtime.js';
import { mysqlErrorText, withConnection } from '../sql.js';
import { planCopy } from './analysis.js';
import { dropTriggers, installTriggers } from './sync-triggers.js';
import { readTableInfo } from './table-info.js';

export interface SwapPlan {
  shard: ShardTarget;
  /** The live table's name. */
  table: string;
  /** The table that goes live; it gives its name to the old table. */
  other: string;
  /** Column renames from `other` to the live table (to replay new writes into the old table). */
  renames: ReadonlyMap<string, string>;
  /** Owner of the sync triggers installed on `other`. */
  owner: string;
  /** Triggers that replay into `other` today, dropped once the swap is done. */
  retire: { uuid: string; side: TriggerSide };
  thresholdSeconds: number;
  force: boolean;
  allowZeroInDate: boolean;
  stage(text: string): Promise<void>;
}

/** Resolves to null on success, or the reason the swap did not happen (nothing changed then). */
export async function swapTables(rt: Runtime, plan: SwapPlan): Promise<string | null> {
  const { ctx } = rt;
  const { shard } = plan;
  const live = await readTableInfo(ctx.pool, shard.database, plan.table);
  const other = await readTableInfo(ctx.pool, shard.database, plan.other);
  if (!live || !other) return `cannot cut over: table ${!live ? plan.table : plan.other} not found`;
  let copyPlan;
  try {
    copyPlan = planCopy(other, live, plan.renames);
  } catch (err) {
    return (err as Error).message;
  }
  await plan.stage('installing sync triggers');
  await installTriggers(rt, shard, { source: plan.other, target: plan.other, plan: copyPlan, uuid: plan.owner, side: 's', allowZeroInDate: plan.allowZeroInDate });

  const sentry = holdTableName(newMigrationUuid(ctx.now()), ctx.now());
  const q = (t: string) => qualified(shard.database, t);
  const rename = `RENAME TABLE ${q(plan.table)} TO ${q(sentry)}, ${q(plan.other)} TO ${q(plan.table)}, ${q(sentry)} TO ${q(plan.other)}`;
  await plan.stage('renaming tables');
  const attempts = plan.force ? 3 : 1;
  const failure = await withConnection(ctx.pool, async (conn) => {
    for (let attempt = 1; ; attempt++) {
      if (plan.force) await killBlockers(rt, shard, plan.table, conn.threadId);
      try {
        await conn.query(`SET SESSION lock_wait_timeout = ${Math.max(1, Math.floor(plan.thresholdSeconds))}`);
        await conn.query(rename);
        return null;
      } catch (err) {
        if (attempt >= attempts) return `cut-over failed: ${mysqlErrorText(err, rename)}`;
      } finally {
        await conn.query('SET SESSION lock_wait_timeout = DEFAULT').catch(() => undefined);
      }
    }
  });
  if (failure) {
    await dropTriggers(rt, shard, plan.owner, 's');
    return failure;
  }
  await plan.stage('cut-over complete');
  await dropTriggers(rt, shard, plan.retire.uuid, plan.retire.side);
  await plan.stage('re-enabling writes');
  return null;
}

/** FORCE_CUTOVER: ends queries that use the table and transactions open on the shard's database. */
async function killBlockers(rt: Runtime, shard: ShardTarget, table: string, self: number): Promise<void> {
  const { pool } = rt.ctx;
  const [rows] = await pool.query<Row[]>(
    `SELECT p.ID AS id FROM information_schema.PROCESSLIST p
      WHERE p.ID <> ? AND p.ID <> CONNECTION_ID() AND (
        (p.DB = ? AND EXISTS (SELECT 1 FROM information_schema.INNODB_TRX t WHERE t.trx_mysql_thread_id = p.ID))
        OR (p.INFO LIKE ? AND p.COMMAND = 'Query'))`,
    [self, shard.database, `%${table.replace(/[\\%_]/g, (c) => '\\' + c)}%`]);
  for (const r of rows) await pool.query(`KILL ${Number(r.id)}`).catch(() => undefined);
}

