// Installing and removing a migration's sync triggers, and reading the writes they could not replay.
import { qualified, type Row } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../../port/index.js';
import type { ShardTarget } from '../context.js';
import type { Runtime } from '../runtime.js';
import type { CopyPlan } from './analysis.js';
import { useCopySqlMode } from './sql-mode.js';
import { dropTriggerStatements, syncTriggerStatements } from './triggers.js';

export interface TriggerInstall {
  source: string;
  target: string;
  plan: Pick<CopyPlan, 'pairs' | 'key'>;
  uuid: string;
  side: 'f' | 's';
  allowZeroInDate: boolean;
}

/** Creates a migration's sync triggers (replacing any left from an earlier attempt). */
export async function installTriggers(rt: Runtime, shard: ShardTarget, t: TriggerInstall): Promise<void> {
  const { ctx } = rt;
  const conn = await ctx.pool.getConnection();
  try {
    // Triggers run with the sql_mode they were created under.
    await useCopySqlMode(conn, t.allowZeroInDate);
    for (const drop of dropTriggerStatements(shard.database, t.uuid, t.side)) await conn.query(drop);
    const statements = syncTriggerStatements({
      database: shard.database, source: t.source, target: t.target, pairs: t.plan.pairs, key: t.plan.key,
      uuid: t.uuid, shard: shard.shard, side: t.side, sidecar: ctx.sidecar,
    });
    for (const s of statements) await conn.query(s.create);
  } finally {
    conn.destroy();
  }
}

export async function dropTriggers(rt: Runtime, shard: ShardTarget, uuid: string, side: 'f' | 's'): Promise<void> {
  for (const drop of dropTriggerStatements(shard.database, uuid, side)) await rt.ctx.pool.query(drop);
}

export class SyncError extends Error {}

/** Fails fast when a sync trigger could not apply a write (recorded by its handler). */
export async function assertNoSyncErrors(rt: Runtime, row: SchemaMigrationRow, side: 'f' | 's'): Promise<void> {
  const error = await syncErrorOf(rt, row.migration_uuid, row.shard, side);
  if (error) throw new SyncError(`${error.errors} write(s) to ${row.mysql_table} could not be replayed: ${error.lastError}`);
}

export async function syncErrorOf(rt: Runtime, uuid: string, shard: string, side: 'f' | 's'): Promise<{ errors: number; lastError: string } | null> {
  const [rows] = await rt.ctx.pool.query<Row[]>(
    `SELECT errors, last_error FROM ${qualified(rt.ctx.sidecar, 'sync_errors')} WHERE migration_uuid = ? AND shard = ? AND side = ?`, [uuid, shard, side]);
  const r = rows[0];
  return r && Number(r.errors) > 0 ? { errors: Number(r.errors), lastError: String(r.last_error) } : null;
}

