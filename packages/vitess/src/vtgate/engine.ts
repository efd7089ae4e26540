// The vtgate adapter: the MigrationEngine port over a real Vitess (a cluster or vttestserver),
// speaking the SQL a Vitess user would: `SET @@ddl_strategy` / `@@migration_context` and plain DDL to
// submit, `SHOW VITESS_MIGRATIONS`, `ALTER VITESS_MIGRATION ...`, `REVERT VITESS_MIGRATION ...`,
// `SHOW VITESS_KEYSPACES/SHARDS`, `SHOW VSCHEMA ...` and `ALTER VSCHEMA ...`. Vitess has no push
// notifications, so events come from polling pending migrations while anyone is subscribed.
import type { Pool, ResultHeader, Row } from '@localscale/mysql';
import {
  decodeMigrationRow, type KeyspaceInfo, type MigrationEngine, type MigrationEvent, type MigrationFilter, type MigrationTarget,
  type RevertOptions, type SchemaMigrationRow, type SubmitRequest, type ThrottleOptions, type VSchema,
} from '../port/index.js';
import { inKeyspace, literal, toVitessError } from './session.js';
import { alterMigration, revertMigration, throttleMigration, type MigrationCommand } from './statements.js';
import { readVSchema } from './vschema-read.js';
import { vschemaStatements } from './vschema-sql.js';

export interface VtgateEngineOptions {
  /** A pool of connections to vtgate's MySQL port (no default database). */
  pool: Pool;
  /** Whether close() ends the pool. */
  ownsPool?: boolean;
  /** How often subscribers' pending migrations are polled, in ms (default 1000). */
  pollMs?: number;
  log?: (message: string) => void;
}

const watchedColumns: readonly (keyof SchemaMigrationRow)[] = ['migration_status', 'ready_to_complete', 'progress', 'rows_copied', 'message', 'postpone_completion', 'stage', 'artifacts'];

export class VtgateEngine implements MigrationEngine {
  private readonly listeners = new Set<(event: MigrationEvent) => void>();
  private readonly seen = new Map<string, string>();
  /** uuid → keyspace of migrations last seen pending, so their final state is reported too. */
  private readonly tracked = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly options: VtgateEngineOptions) {}

  async submit(request: SubmitRequest): Promise<string[]> {
    const sqls = typeof request.sql === 'string' ? [request.sql] : request.sql;
    const uuids = await inKeyspace(this.options.pool, request.keyspace, async (conn) => {
      await conn.query('SET @@ddl_strategy = ?', [request.ddlStrategy]);
      await conn.query('SET @@migration_context = ?', [request.migrationContext]);
      const out: string[] = [];
      for (const sql of sqls) {
        const [result] = await conn.query(sql);
        if (Array.isArray(result)) for (const row of result as Row[]) out.push(String(row.uuid));
      }
      return out;
    });
    if (uuids.length > 0) {
      for (const uuid of uuids) this.tracked.set(uuid, request.keyspace);
      const [first] = await this.showMigrations({ keyspace: request.keyspace, uuid: uuids[0]! });
      this.emit({ type: 'submitted', keyspace: request.keyspace, uuids, context: first?.migration_context ?? request.migrationContext });
    }
    return uuids;
  }

  async showMigrations(filter: MigrationFilter): Promise<SchemaMigrationRow[]> {
    return inKeyspace(this.options.pool, filter.keyspace, async (conn) => {
      const from = `SHOW VITESS_MIGRATIONS FROM ${conn.escapeId(filter.keyspace)}`;
      let sql: string;
      if ('uuid' in filter) sql = `${from} WHERE migration_uuid = ${literal(conn, filter.uuid)}`;
      else if ('context' in filter) sql = `${from} WHERE migration_context = ${literal(conn, filter.context)}`;
      else if ('like' in filter) sql = `${from} LIKE ${literal(conn, filter.like)}`;
      else sql = from;
      const [rows] = await conn.query<Row[]>(sql);
      return rows.map((r) => decodeMigrationRow(r));
    });
  }

  async showMigrationsByContexts(keyspace: string, contexts: readonly string[]): Promise<SchemaMigrationRow[]> {
    if (contexts.length === 0) return [];
    return inKeyspace(this.options.pool, keyspace, async (conn) => {
      const [rows] = await conn.query<Row[]>(
        `SHOW VITESS_MIGRATIONS FROM ${conn.escapeId(keyspace)} WHERE migration_context IN (${contexts.map((c) => literal(conn, c)).join(', ')})`);
      return rows.map((r) => decodeMigrationRow(r));
    });
  }

  complete(keyspace: string, target: MigrationTarget): Promise<number> { return this.command(keyspace, 'COMPLETE', target); }
  cancel(keyspace: string, target: MigrationTarget): Promise<number> { return this.command(keyspace, 'CANCEL', target); }
  retry(keyspace: string, uuid: string): Promise<number> { return this.command(keyspace, 'RETRY', { uuid }); }
  launch(keyspace: string, target: MigrationTarget, shards?: readonly string[]): Promise<number> { return this.command(keyspace, 'LAUNCH', target, shards); }
  forceCutover(keyspace: string, target: MigrationTarget): Promise<number> { return this.command(keyspace, 'FORCE_CUTOVER', target); }
  cleanup(keyspace: string, target: MigrationTarget): Promise<number> { return this.command(keyspace, 'CLEANUP', target); }

  async throttle(keyspace: string, target: MigrationTarget, options: ThrottleOptions = {}): Promise<void> {
    await inKeyspace(this.options.pool, keyspace, (conn) => conn.query(throttleMigration((s) => literal(conn, s), target, options.ratio ?? 1, options.expireMs ?? 3_600_000)));
  }

  async unthrottle(keyspace: string, target: MigrationTarget): Promise<void> {
    await this.command(keyspace, 'UNTHROTTLE', target);
  }

  /** REVERT takes its flags from @@ddl_strategy; Vitess ignores @@migration_context for it. */
  async revert(keyspace: string, uuid: string, options: RevertOptions = {}): Promise<string> {
    const revertUuid = await inKeyspace(this.options.pool, keyspace, async (conn) => {
      await conn.query('SET @@ddl_strategy = ?', [options.ddlStrategy ?? 'vitess']);
      const [rows] = await conn.query<Row[]>(revertMigration((s) => literal(conn, s), uuid));
      return String(rows[0]!.uuid);
    });
    this.tracked.set(revertUuid, keyspace);
    const [row] = await this.showMigrations({ keyspace, uuid: revertUuid });
    this.emit({ type: 'submitted', keyspace, uuids: [revertUuid], context: row?.migration_context ?? '' });
    return revertUuid;
  }

  async keyspaces(): Promise<KeyspaceInfo[]> {
    const conn = await this.options.pool.getConnection();
    try {
      const [names] = await conn.query<Row[]>('SHOW VITESS_KEYSPACES');
      const [shards] = await conn.query<Row[]>('SHOW VITESS_SHARDS');
      const [vschemas] = await conn.query<Row[]>('SHOW VSCHEMA KEYSPACES').catch(() => [[] as Row[]]);
      return names.map((r) => {
        const name = String(r.Database ?? Object.values(r)[0]);
        const own = shards.map((s) => String(s.Shards ?? Object.values(s)[0])).filter((s) => s.startsWith(`${name}/`)).map((s) => s.slice(name.length + 1));
        const declared = vschemas.find((v) => String(v.Keyspace) === name);
        return { name, shards: own, sharded: declared ? String(declared.Sharded) === 'true' : own.length > 1 };
      });
    } catch (err) {
      throw toVitessError(err);
    } finally {
      conn.release();
    }
  }

  async getVSchema(keyspace: string): Promise<VSchema> {
    return inKeyspace(this.options.pool, keyspace, (conn) => readVSchema(conn, keyspace)) as Promise<VSchema>;
  }

  async applyVSchema(keyspace: string, vschema: VSchema): Promise<void> {
    await inKeyspace(this.options.pool, keyspace, async (conn) => {
      for (const sql of vschemaStatements(keyspace, await readVSchema(conn, keyspace), vschema)) await conn.query(sql);
    });
    this.emit({ type: 'vschema_applied', keyspace });
  }

  subscribe(listener: (event: MigrationEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 1000);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.options.ownsPool) await this.options.pool.end();
  }

  private async command(keyspace: string, command: MigrationCommand, target: MigrationTarget, shards?: readonly string[]): Promise<number> {
    return inKeyspace(this.options.pool, keyspace, async (conn) => {
      const [result] = await conn.query<ResultHeader>(alterMigration((s) => literal(conn, s), command, target, shards));
      return Array.isArray(result) ? 0 : result.affectedRows;
    });
  }

  private emit(event: MigrationEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.options.log?.(`migration event listener failed: ${(err as Error).message}`);
      }
    }
  }

  /** Reports changes of pending migrations (and of those that just left the pending states). */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const ks of await this.keyspaces()) {
        const rows = await inKeyspace(this.options.pool, ks.name, async (conn) => {
          const tracked = [...this.tracked].filter(([, k]) => k === ks.name).map(([u]) => literal(conn, u));
          const where = `migration_status IN ('queued', 'ready', 'running')${tracked.length ? ` OR migration_uuid IN (${tracked.join(', ')})` : ''}`;
          const [result] = await conn.query<Row[]>(`SHOW VITESS_MIGRATIONS FROM ${conn.escapeId(ks.name)} WHERE ${where}`);
          return result.map((r) => decodeMigrationRow(r));
        });
        for (const row of rows) this.observe(row);
      }
    } catch (err) {
      this.options.log?.(`vtgate migration poll failed: ${(err as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private observe(row: SchemaMigrationRow): void {
    const key = `${row.keyspace}/${row.shard}/${row.migration_uuid}`;
    const pending = row.migration_status === 'queued' || row.migration_status === 'ready' || row.migration_status === 'running';
    if (pending) this.tracked.set(row.migration_uuid, row.keyspace);
    else this.tracked.delete(row.migration_uuid);
    const fingerprint = JSON.stringify(watchedColumns.map((c) => row[c]));
    if (this.seen.get(key) === fingerprint) return;
    this.seen.set(key, fingerprint);
    this.emit({
      type: 'changed', keyspace: row.keyspace, shard: row.shard, uuid: row.migration_uuid, context: row.migration_context,
      status: row.migration_status, readyToComplete: row.ready_to_complete === 1, progress: row.progress,
    });
  }
}
