// Runs the Vitess statements of a session against the branch's migration engine (the port), and shapes
// the answers as vtgate does: result sets with Vitess's column names and types, a `uuid` result set for
// submissions and reverts, OK packets whose affected rows are the engine's sum over shards.
import { VitessError, type MigrationEngine, type MigrationFilter, type MigrationTarget, type SchemaMigrationRow, schemaMigrationColumns } from '@localscale/vitess';
import { noDatabaseSelected, SqlError, unknownKeyspace, unsupported } from '../errors.js';
import { varcharColumn, type Cell } from '../protocol/packets.js';
import { ok, type LocalResult } from '../session/result.js';
import { shardsOf } from '../session/routing.js';
import { likeToRegExp, test, type Row } from '../sql/where.js';
import type { BranchRoute } from '../types.js';
import { schemaMigrationColumnSpecs } from './columns.js';
import { keyspaceColumns, shardColumns, tabletColumns, type ListFilter, type VitessStatement } from './statements.js';
import { tabletRows, vschemaTables } from './topology.js';
import type { VitessVariables } from './variables.js';

export interface VitessContext {
  route: BranchRoute;
  /** The session's keyspace (from the connect database, USE or COM_INIT_DB). */
  keyspace: string | null;
  variables: VitessVariables;
  engine(): Promise<MigrationEngine | null>;
}

const systemSchemas = ['information_schema', 'mysql', 'sys', 'performance_schema'];

/** vtgate with --enable_online_ddl=false: what a branch without an engine answers. */
const onlineDdlDisabled = () => new SqlError(1105, 'HY000', 'online DDL is disabled');

const uuidResult = (uuids: readonly string[]): LocalResult =>
  ({ kind: 'rows', columns: [varcharColumn('uuid', 64)], rows: uuids.map((u) => [u]) });

function filterRows(rows: Row[], filter: ListFilter, column: string): Row[] {
  if (!filter) return rows;
  if ('like' in filter) {
    const re = likeToRegExp(filter.like);
    return rows.filter((r) => re.test(String(r[column] ?? '')));
  }
  return rows.filter((r) => test(filter.where, r) === true);
}

function listResult(name: string, values: string[], filter: ListFilter): LocalResult {
  const rows = filterRows(values.map((v) => ({ [name]: v })), filter, name);
  return { kind: 'rows', columns: [varcharColumn(name)], rows: rows.map((r) => [r[name] as string]) };
}

function requireKeyspace(ctx: VitessContext, named: string | null = null): string {
  const keyspace = named ?? ctx.keyspace;
  if (keyspace === null) throw noDatabaseSelected();
  if (!ctx.route.keyspaces.some((k) => k.name === keyspace)) throw unknownKeyspace(keyspace);
  return keyspace;
}

async function requireEngine(ctx: VitessContext): Promise<MigrationEngine> {
  const engine = await ctx.engine();
  if (!engine) throw onlineDdlDisabled();
  return engine;
}

/** The engine's failures as the client sees them through vtgate. */
async function engineCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SqlError) throw err;
    if (err instanceof VitessError) throw new SqlError(err.errno, err.errno === 1231 ? '42000' : err.errno === 1317 ? '70100' : 'HY000', err.message);
    throw new SqlError(1105, 'HY000', (err as Error).message);
  }
}

function migrationRows(rows: readonly SchemaMigrationRow[]): Cell[][] {
  return rows.map((r) => schemaMigrationColumns.map((c) => r[c]));
}

export async function executeVitess(stmt: VitessStatement, ctx: VitessContext): Promise<LocalResult> {
  switch (stmt.kind) {
    case 'show-keyspaces': {
      const names = ctx.route.keyspaces.map((k) => k.name);
      return listResult(keyspaceColumns[0], stmt.includeSystemSchemas ? [...names, ...systemSchemas] : names, stmt.filter);
    }
    case 'show-shards':
      return listResult(shardColumns[0], ctx.route.keyspaces.flatMap((k) => shardsOf(k).map((s) => `${k.name}/${s}`)), stmt.filter);
    case 'show-tablets':
      return { kind: 'rows', columns: tabletColumns.map((c) => varcharColumn(c)), rows: tabletRows(ctx.route, stmt.like) };
    case 'show-vschema-tables': {
      const keyspace = requireKeyspace(ctx);
      return { kind: 'rows', columns: [varcharColumn('Tables')], rows: vschemaTables(ctx.route, keyspace).map((t) => [t]) };
    }
    case 'show-migrations': {
      const keyspace = requireKeyspace(ctx, stmt.keyspace);
      const engine = await ctx.engine();
      let rows: SchemaMigrationRow[] = [];
      if (engine) {
        const filter: MigrationFilter = stmt.filter && 'like' in stmt.filter ? { keyspace, like: stmt.filter.like } : { keyspace, all: true };
        rows = await engineCall(() => engine.showMigrations(filter));
        if (stmt.filter && 'where' in stmt.filter) {
          const where = stmt.filter.where;
          rows = rows.filter((r) => test(where, r as unknown as Row) === true);
        }
      }
      return { kind: 'rows', columns: schemaMigrationColumnSpecs, rows: migrationRows(rows) };
    }
    case 'show-migration-logs': {
      const keyspace = requireKeyspace(ctx);
      const engine = await requireEngine(ctx);
      const rows = await engineCall(() => engine.showMigrations({ keyspace, uuid: stmt.uuid }));
      if (!rows.length) throw new SqlError(1105, 'HY000', 'migration not found');
      throw new SqlError(1105, 'HY000', `No log file for migration ${stmt.uuid}`);
    }
    case 'alter-migration':
      return ok(await alterMigration(stmt, ctx));
    case 'revert': {
      const keyspace = requireKeyspace(ctx);
      const engine = await requireEngine(ctx);
      // REVERT ignores @@migration_context: it always runs in the session's default context.
      const uuid = await engineCall(() => engine.revert(keyspace, stmt.uuid, {
        ddlStrategy: ctx.variables.ddlStrategy, migrationContext: `vtgate:${ctx.variables.sessionUuid}`,
      }));
      return uuidResult([uuid]);
    }
  }
}

async function alterMigration(stmt: Extract<VitessStatement, { kind: 'alter-migration' }>, ctx: VitessContext): Promise<number> {
  const keyspace = requireKeyspace(ctx);
  const engine = await requireEngine(ctx);
  const target: MigrationTarget = stmt.uuid === null ? { all: true } : { uuid: stmt.uuid };
  return engineCall(async () => {
    switch (stmt.action) {
      case 'cancel': return engine.cancel(keyspace, target);
      case 'retry': return engine.retry(keyspace, stmt.uuid!);
      case 'cleanup': return engine.cleanup(keyspace, target);
      case 'launch': return engine.launch(keyspace, target, stmt.shards?.length ? stmt.shards : undefined);
      case 'complete': return engine.complete(keyspace, target);
      case 'force_cutover': return engine.forceCutover(keyspace, target);
      case 'throttle':
        await engine.throttle(keyspace, target, { ratio: stmt.ratio, expireMs: stmt.expireMs });
        return 0;
      case 'unthrottle':
        await engine.unthrottle(keyspace, target);
        return 0;
      case 'cutover_threshold':
      case 'postpone_complete':
        throw unsupported(`ALTER VITESS_MIGRATION ... ${stmt.action.toUpperCase()} in LocalScale`);
    }
  });
}

/** DDL under an online @@ddl_strategy: submitted to the engine, answered with the new migrations' UUIDs. */
export async function submitOnlineDdl(sql: string, ctx: VitessContext): Promise<LocalResult> {
  const keyspace = requireKeyspace(ctx);
  const engine = await requireEngine(ctx);
  const uuids = await engineCall(() => engine.submit({
    keyspace, sql, ddlStrategy: ctx.variables.ddlStrategy, migrationContext: ctx.variables.migrationContext,
  }));
  return uuidResult(uuids);
}
