// Reviewing queued migrations (Vitess's reviewQueuedMigrations): a REVERT learns its table and the
// action it mimics, immediate operations are recognised, and strategy/flag combinations the
// `mysql` strategy cannot honour fail. Reviewed migrations become schedulable.
import type { SchemaMigrationRow } from '../port/index.js';
import { hasFlag } from '../strategy/ddl-strategy.js';
import type { ShardTarget } from './context.js';
import { analyzeAlterSpec } from './ddl/alter.js';
import { parseDdl } from './ddl/parse.js';
import { isInstantEligible } from './immediate.js';
import { keyOf } from './lifecycle.js';
import { rowSetting } from './row-setting.js';
import type { Runtime } from './runtime.js';
import { sqlTime } from './sql.js';
import type { TickPending } from './tick-pending.js';

const mimicked: Record<string, 'create' | 'drop' | 'alter'> = { create: 'drop', drop: 'create', alter: 'alter' };

export async function reviewQueued(rt: Runtime, shard: ShardTarget, pending: TickPending): Promise<void> {
  for (const row of pending.queuedUnreviewed()) {
    let failure: string | null;
    try {
      failure = await reviewOne(rt, row, shard);
    } catch (err) {
      failure = `unexpected error reviewing migration: ${(err as Error).message}`;
    }
    if (failure) await rt.fail(row, failure);
    // Reviewed or failed, the row changed: the later steps of the tick see it as it is now.
    await pending.reread(row);
  }
}

async function reviewOne(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget): Promise<string | null> {
  const { store } = rt.ctx;
  const key = keyOf(row);
  let action = row.ddl_action;
  let isView = row.is_view;
  const isRevert = row.reverted_uuid !== '';
  if (isRevert && row.mysql_table === '') {
    const reverted = await store.get({ uuid: row.reverted_uuid, shard: row.shard });
    if (!reverted) return `cannot read migration ${row.reverted_uuid} reverted by migration ${row.migration_uuid}: migration not found`;
    const mimic = mimicked[reverted.ddl_action];
    if (!mimic) return `cannot run migration ${row.migration_uuid} reverting ${reverted.migration_uuid}: unexpected action ${reverted.ddl_action}`;
    action = mimic;
    isView = reverted.is_view;
    await store.update(key, { ddl_action: mimic, is_view: isView, mysql_table: reverted.mysql_table });
  }
  const setting = rowSetting(row);
  let immediate = action === 'create' || action === 'drop' || (action === 'alter' && isView === 1);
  if (!immediate && action === 'alter' && !isRevert && hasFlag(setting, 'prefer-instant-ddl')) {
    const stmt = parseDdl(row.migration_statement, row.keyspace)[0];
    if (stmt?.kind === 'alter_table') immediate = await isInstantEligible(rt, shard, stmt.table, analyzeAlterSpec(stmt.spec).shadowSpec);
  }
  if (immediate) await store.update(key, { is_immediate_operation: 1 });
  if (row.strategy === 'mysql') {
    if (hasFlag(setting, 'postpone-completion')) return "--postpone-completion not supported in 'mysql' strategy";
    if (hasFlag(setting, 'allow-zero-in-date')) return "--allow-zero-in-date not supported in 'mysql' strategy";
  }
  await store.update(key, { reviewed_timestamp: sqlTime(rt.ctx.now()) });
  return null;
}
