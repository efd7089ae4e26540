// Submitting migrations, as vtgate plus each shard's tablet do: validate the strategy and context,
// split and sanity-check the DDL, run non-online DDL directly, then insert one `queued` row per shard
// after the singleton checks of every shard. A shard that rejects fails the call and nothing is queued;
// otherwise every shard's row is inserted at once.
import { VitessError, type SchemaMigrationRow, type SubmitRequest } from '../port/index.js';
import {
  cutOverThresholdSeconds, hasFlag, isOnlineStrategy, parseDdlStrategy, validateMigrationContext, type DdlStrategySetting,
} from '../strategy/ddl-strategy.js';
import type { EngineContext, ShardTarget } from './context.js';
import { analyzeAlterSpec } from './ddl/alter.js';
import { statementTexts } from '@localscale/mysql';
import { parseDdl, type DdlStatement, type MigrationStatement } from './ddl/parse.js';
import { newMigrationUuid } from './identity.js';
import { shardsOf } from './keyspace.js';
import { rowSetting } from './row-setting.js';
import type { Patch } from './sidecar/store.js';
import { mysqlErrorText, onDatabase, sqlTime } from './sql.js';

const fkMessage = 'foreign key constraints are not supported in online DDL, see https://vitess.io/blog/2021-06-15-online-ddl-why-no-fk/';

export interface Submitted { uuids: string[]; context: string }

export async function submitMigrations(ctx: EngineContext, request: SubmitRequest, sessionUuid: string): Promise<Submitted> {
  validateMigrationContext(request.migrationContext);
  const setting = parseDdlStrategy(request.ddlStrategy);
  const shards = shardsOf(ctx, request.keyspace);
  const sqls = typeof request.sql === 'string' ? [request.sql] : request.sql;
  const statements: DdlStatement[] = sqls.flatMap((s) => statementTexts(s)).flatMap((s) => parseDdl(s, request.keyspace));
  if (statements.length === 0) throw new VitessError('Query was empty', 1065);
  const context = request.migrationContext || `vtgate:${sessionUuid}`;

  if (setting.strategy === 'direct') {
    for (const stmt of statements) await runDirect(ctx, shards, stmt.sql);
    return { uuids: [], context };
  }
  for (const stmt of statements) checkOnlineStatement(stmt, setting);

  const uuids: string[] = [];
  for (const stmt of statements) {
    if (stmt.kind === 'direct') {
      await runDirect(ctx, shards, stmt.sql);
      continue;
    }
    const uuid = newMigrationUuid(ctx.now());
    await insertMigration(ctx, shards, uuid, setting, context, migrationFields(stmt, setting));
    uuids.push(uuid);
  }
  return { uuids, context };
}

/** vtgate's planning-time checks (FOREIGN KEY, ALTER ... RENAME). */
function checkOnlineStatement(stmt: DdlStatement, setting: DdlStrategySetting): void {
  if ((stmt.kind === 'create_table' || stmt.kind === 'alter_table') && stmt.hasForeignKey && !hasFlag(setting, 'unsafe-allow-foreign-keys')) {
    throw new VitessError(fkMessage, 1317);
  }
  if (stmt.kind === 'alter_table' && analyzeAlterSpec(stmt.spec).renamesTable) {
    throw new VitessError('ALTER TABLE ... RENAME is not supported in online DDL', 1105);
  }
}

function migrationFields(stmt: MigrationStatement, setting: DdlStrategySetting): Patch {
  const action = stmt.kind.startsWith('create') ? 'create' : stmt.kind.startsWith('alter') ? 'alter' : 'drop';
  const concurrent = hasFlag(setting, 'allow-concurrent') && (action !== 'alter' || isOnlineStrategy(setting.strategy));
  return {
    mysql_table: stmt.table, migration_statement: stmt.sql, ddl_action: action,
    is_view: stmt.kind.endsWith('view') ? 1 : 0, allow_concurrent: concurrent ? 1 : 0,
  };
}

/** Inserts the rows of one migration (one per shard), after each shard's singleton checks. */
export async function insertMigration(
  ctx: EngineContext, shards: readonly ShardTarget[], uuid: string, setting: DdlStrategySetting, context: string, fields: Patch,
): Promise<void> {
  let threshold: number;
  try {
    threshold = cutOverThresholdSeconds(setting);
  } catch (err) {
    throw new VitessError(`validating cut-over threshold in migration ${uuid}: ${(err as Error).message}`, 1105);
  }
  const now = sqlTime(ctx.now());
  const retain = setting.durations['retain-artifacts'];
  for (const shard of shards) {
    const pending = await ctx.store.pending(shard);
    const rejection = singletonRejection(setting, context, String(fields.mysql_table ?? ''), pending);
    if (rejection) throw new VitessError(`submitting migration ${uuid}: ${rejection}`, 1105, 'conflict');
  }
  // Every shard's row in one statement: a process that dies mid-submission must not leave the
  // migration on some shards only (a caller counting submitted migrations would never add the rest).
  await ctx.store.insert(shards.map((shard) => ({
    migration_uuid: uuid, keyspace: shard.keyspace, shard: shard.shard, mysql_schema: shard.database,
    strategy: setting.strategy, options: setting.options, added_timestamp: now, requested_timestamp: now,
    migration_status: 'queued', tablet: shard.tablet, migration_context: context,
    retain_artifacts_seconds: retain !== undefined && retain !== 0 ? Math.floor(retain / 1000) : ctx.retainArtifactsSeconds,
    cutover_threshold_seconds: threshold,
    postpone_launch: hasFlag(setting, 'postpone-launch') ? 1 : 0,
    postpone_completion: hasFlag(setting, 'postpone-completion') ? 1 : 0,
    ...fields,
  })));
}

/** The singleton family's checks against the shard's pending migrations, with Vitess's wording. */
export function singletonRejection(setting: DdlStrategySetting, context: string, table: string, pending: readonly SchemaMigrationRow[]): string | null {
  if (hasFlag(setting, 'singleton')) {
    return pending.length > 0 ? `singleton migration rejected: found pending migrations [sample: ${pending[0]!.migration_uuid}]` : null;
  }
  if (hasFlag(setting, 'singleton-context')) {
    for (const p of pending) {
      if (p.migration_context === context) continue;
      // A pending REVERT without --singleton-context does not block: reverts should run as freely as possible.
      const isRevert = p.reverted_uuid !== '';
      if (isRevert && !rowSetting(p).flags.has('singleton-context')) continue;
      return `singleton-context migration rejected: found pending migration: ${p.migration_uuid} in different context: ${p.migration_context}`;
    }
    return null;
  }
  if (hasFlag(setting, 'singleton-table')) {
    const same = pending.find((p) => p.mysql_table === table);
    return same ? `singleton-table migration rejected: found pending migration: ${same.migration_uuid} for the same table: ${table}` : null;
  }
  return null;
}

async function runDirect(ctx: EngineContext, shards: readonly ShardTarget[], sql: string): Promise<void> {
  for (const shard of shards) {
    await onDatabase(ctx.pool, shard.database, async (conn) => {
      try {
        await conn.query(sql);
      } catch (err) {
        throw new VitessError(mysqlErrorText(err), (err as { errno?: number }).errno ?? 1105);
      }
    });
  }
}
