// Runs one migration the scheduler picked from `ready`: a duplicate of a completed one in the same
// context completes at once; declarative statements are resolved; then it runs as the immediate
// operation, online ALTER, blocking `mysql` ALTER or REVERT it is.
import { quoteIdentifier, type Row } from '@localscale/mysql';
import type { SchemaMigrationRow } from '../port/index.js';
import { hasFlag } from '../strategy/ddl-strategy.js';
import type { ShardTarget } from './context.js';
import { parseDdl, type MigrationStatement } from './ddl/parse.js';
import { executeAlterView, executeCreate, executeDrop, executeInstant, startDirectAlter } from './immediate.js';
import { newMigrationUuid } from './identity.js';
import { keyOf, markComplete, messagePatch } from './lifecycle.js';
import { holdTableName } from './names.js';
import { startOnlineAlter } from './online/online-alter.js';
import { tableExists } from './online/table-info.js';
import { executeRevert } from './revert.js';
import { rowSetting } from './row-setting.js';
import type { Runtime } from './runtime.js';
import { onDatabase } from './sql.js';

export async function executeMigration(rt: Runtime, row: SchemaMigrationRow, shard: ShardTarget): Promise<void> {
  const { ctx } = rt;
  const key = keyOf(row);
  if (row.migration_context !== '') {
    const dup = await ctx.store.completeByContextAndSql(row);
    if (dup) {
      await markComplete(ctx, key, messagePatch(ctx.now(), `duplicate DDL as ${dup.migration_uuid} for migration context ${row.migration_context}`));
      return;
    }
  }
  if (row.reverted_uuid !== '') return executeRevert(rt, row, shard);

  const stmt = parseDdl(row.migration_statement, row.keyspace)[0] as MigrationStatement | undefined;
  if (!stmt || stmt.kind === ('direct' as string)) {
    await rt.fail(row, `unsupported statement for Online DDL: ${row.migration_statement}`);
    return;
  }
  if (hasFlag(rowSetting(row), 'declarative')) {
    const resolved = await resolveDeclarative(rt, row, stmt, shard);
    if (resolved === 'done') return;
  }
  switch (stmt.kind) {
    case 'create_table':
    case 'create_view':
      return executeCreate(rt, row, stmt, shard);
    case 'drop_table':
    case 'drop_view':
      return executeDrop(rt, row, stmt, shard);
    case 'alter_view':
      return executeAlterView(rt, row, stmt, shard);
    case 'alter_table':
      if (row.is_immediate_operation) return executeInstant(rt, row, stmt, shard);
      if (row.strategy === 'mysql') return startDirectAlter(rt, row, stmt, shard);
      return startOnlineAlter(rt, row, stmt.spec, shard);
  }
}

/** `--declarative`: ALTER is refused; DROP of a missing table and CREATE of an identical one are no-ops. */
async function resolveDeclarative(rt: Runtime, row: SchemaMigrationRow, stmt: MigrationStatement, shard: ShardTarget): Promise<'done' | 'continue'> {
  const { ctx } = rt;
  const key = keyOf(row);
  const refuse = async (what: string) => { await rt.fail(row, `strategy is declarative. ${what} for migration ${row.migration_uuid}`); return 'done' as const; };
  switch (stmt.kind) {
    case 'alter_table':
    case 'alter_view':
      return refuse('ALTER cannot run in declarative mode');
    case 'drop_table':
    case 'drop_view':
      if (stmt.ifExists) return refuse('IF EXISTS does not work in declarative mode');
      if (await tableExists(ctx.pool, shard.database, stmt.table)) return 'continue';
      await markComplete(ctx, key, messagePatch(ctx.now(), 'no change'));
      return 'done';
    case 'create_table':
    case 'create_view':
      if (stmt.ifNotExists) return refuse('IF NOT EXISTS does not work in declarative mode');
      if (stmt.kind === 'create_view' && stmt.orReplace) return refuse('OR REPLACE does not work in declarative mode');
      if (!await tableExists(ctx.pool, shard.database, stmt.table)) return 'continue';
      // Turning a CREATE into the ALTER that reaches it needs a schema differ; the embedded engine only
      // recognises the no-change case.
      if (await sameDefinition(rt, stmt, shard)) {
        await markComplete(ctx, key, messagePatch(ctx.now(), 'no change'));
        return 'done';
      }
      await rt.fail(row, `declarative migration ${row.migration_uuid}: ${stmt.table} exists with a different definition; the embedded engine cannot derive the ALTER`);
      return 'done';
  }
}

/** Creates the statement's table under a scratch name and compares SHOW CREATE output. */
async function sameDefinition(rt: Runtime, stmt: MigrationStatement & { kind: 'create_table' | 'create_view' }, shard: ShardTarget): Promise<boolean> {
  const scratch = holdTableName(newMigrationUuid(rt.ctx.now()), rt.ctx.now());
  const object = stmt.kind === 'create_view' ? 'VIEW' : 'TABLE';
  const sql = stmt.sql.slice(0, stmt.nameSpan[0]) + quoteIdentifier(scratch) + stmt.sql.slice(stmt.nameSpan[1]);
  return onDatabase(rt.ctx.pool, shard.database, async (conn) => {
    const show = async (name: string) => {
      const [rows] = await conn.query<Row[]>(`SHOW CREATE ${object} ${quoteIdentifier(name)}`);
      return String(Object.values(rows[0]!)[1] ?? '').replace(quoteIdentifier(name), '').replace(/ AUTO_INCREMENT=\d+/, '');
    };
    try {
      await conn.query(sql);
      return (await show(scratch)) === (await show(stmt.table));
    } catch {
      return false;
    } finally {
      await conn.query(`DROP ${object} IF EXISTS ${quoteIdentifier(scratch)}`).catch(() => undefined);
    }
  });
}
