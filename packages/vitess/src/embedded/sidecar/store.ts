// Reads and writes `schema_migrations` rows. Reads are named queries, one per thing the engine asks
// (Vitess's executor has one SQL constant per question: sqlSelectPendingMigrations...), so a caller
// says what it wants and every WHERE clause, with its bound parameters, lives here. Every update goes
// through `update`, which re-reads the row and reports it, so subscribers hear about each status or
// progress change without polling.
import { qualified, type Pool, type ResultHeader, type Row } from '@localscale/mysql';
import {
  decodeMigrationRow, pendingStatuses, schemaMigrationColumns, terminalStatuses,
  type SchemaMigrationColumn, type SchemaMigrationRow,
} from '../../port/index.js';

/** A raw SQL expression as an update value, e.g. `retries + 1`. */
export class RawSql {
  constructor(readonly sql: string) {}
}
export const raw = (sql: string) => new RawSql(sql);

export type Patch = Partial<Record<SchemaMigrationColumn, string | number | null | RawSql>>;

export interface MigrationKey { uuid: string; shard: string }

/** One shard's rows: a ShardTarget and a migration row both name one. */
export interface ShardKey { keyspace: string; shard: string }

const watched: readonly SchemaMigrationColumn[] = [
  'migration_status', 'ready_to_complete', 'progress', 'rows_copied', 'message', 'postpone_completion', 'postpone_launch',
  'stage', 'artifacts', 'cleanup_timestamp', 'cutover_attempts', 'user_throttle_ratio', 'force_cutover', 'retries',
  'ddl_action', 'mysql_table', 'reviewed_timestamp', 'retain_artifacts_seconds', 'table_rows',
];

export class MigrationStore {
  private readonly table: string;
  private readonly lastSeen = new Map<string, string>();

  constructor(private readonly pool: Pool, sidecar: string, private readonly onChange: (row: SchemaMigrationRow) => void) {
    this.table = qualified(sidecar, 'schema_migrations');
  }

  /** Inserts rows with the same columns in one statement: all of them or, when it fails, none. */
  async insert(rows: readonly Patch[]): Promise<void> {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0]!) as SchemaMigrationColumn[];
    const tuples = rows.map((values) => `(${cols.map((c) => (values[c] instanceof RawSql ? (values[c] as RawSql).sql : '?')).join(', ')})`);
    const params = rows.flatMap((values) => cols.filter((c) => !(values[c] instanceof RawSql)).map((c) => values[c]));
    await this.pool.query(`INSERT INTO ${this.table} (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }

  /** One migration on one shard (Vitess's sqlSelectMigration). */
  async get(key: MigrationKey): Promise<SchemaMigrationRow | null> {
    return first(await this.find('migration_uuid = ? AND shard = ?', [key.uuid, key.shard]));
  }

  // ---- one shard: the scheduler, the executors, reconciliation and GC ----

  /** queued, ready and running migrations, oldest first (sqlSelectPendingMigrations). */
  pending(shard: ShardKey): Promise<SchemaMigrationRow[]> {
    return this.find(`keyspace = ? AND shard = ? AND migration_status IN ${list(pendingStatuses)}`, [shard.keyspace, shard.shard, ...pendingStatuses]);
  }

  /** running migrations (sqlSelectRunningMigrations). */
  running(shard: ShardKey): Promise<SchemaMigrationRow[]> {
    return this.find('keyspace = ? AND shard = ? AND migration_status = ?', [shard.keyspace, shard.shard, 'running']);
  }

  /** Every migration the shard has, whatever its status. */
  allOnShard(shard: ShardKey): Promise<SchemaMigrationRow[]> {
    return this.find('keyspace = ? AND shard = ?', [shard.keyspace, shard.shard]);
  }

  /** Terminal migrations whose artifacts were not collected yet (sqlSelectUncollectedArtifacts; retention is the caller's). */
  uncollectedArtifacts(shard: ShardKey): Promise<SchemaMigrationRow[]> {
    return this.find(`keyspace = ? AND shard = ? AND migration_status IN ${list(terminalStatuses)} AND cleanup_timestamp IS NULL`,
      [shard.keyspace, shard.shard, ...terminalStatuses]);
  }

  /** Whether a migration other than `apartFrom` whose artifacts were not collected lists `artifact` among them. */
  async artifactInUse(shard: ShardKey, artifact: string, apartFrom: string): Promise<boolean> {
    const [rows] = await this.pool.query<Row[]>(
      `SELECT 1 FROM ${this.table} WHERE keyspace = ? AND shard = ? AND migration_uuid <> ? AND cleanup_timestamp IS NULL AND CONCAT(',', artifacts) LIKE ? LIMIT 1`,
      [shard.keyspace, shard.shard, apartFrom, `%,${escapeLike(artifact)},%`]);
    return rows.length > 0;
  }

  /** The earliest migration submitted before `row`, in its context, that failed or was cancelled (in-order completion). */
  async failedPredecessorInContext(row: Pick<SchemaMigrationRow, 'keyspace' | 'shard' | 'migration_context' | 'id'>): Promise<SchemaMigrationRow | null> {
    return first(await this.find('keyspace = ? AND shard = ? AND migration_context = ? AND migration_status IN (?, ?) AND id < ?',
      [row.keyspace, row.shard, row.migration_context, 'failed', 'cancelled', row.id], 'id', 1));
  }

  /** A complete migration other than `row` with its context and statement (sqlSelectCompleteMigrationsByContextAndSQL). */
  async completeByContextAndSql(row: Pick<SchemaMigrationRow, 'keyspace' | 'shard' | 'migration_context' | 'migration_statement' | 'id'>): Promise<SchemaMigrationRow | null> {
    return first(await this.find('keyspace = ? AND shard = ? AND migration_context = ? AND migration_statement = ? AND migration_status = ? AND id <> ?',
      [row.keyspace, row.shard, row.migration_context, row.migration_statement, 'complete', row.id], 'id', 1));
  }

  /** Pending migrations on a table other than `apartFrom`, oldest first. */
  pendingOnTable(shard: ShardKey, table: string, apartFrom: string): Promise<SchemaMigrationRow[]> {
    return this.find(`keyspace = ? AND shard = ? AND mysql_table = ? AND migration_status IN ${list(pendingStatuses)} AND migration_uuid <> ?`,
      [shard.keyspace, shard.shard, table, ...pendingStatuses, apartFrom]);
  }

  /** The migration that completed on a table last (sqlSelectCompleteMigrationsOnTable); ties go to the later submission. */
  async lastCompleteOnTable(shard: ShardKey, table: string): Promise<SchemaMigrationRow | null> {
    return first(await this.find('keyspace = ? AND shard = ? AND mysql_table = ? AND migration_status = ?',
      [shard.keyspace, shard.shard, table, 'complete'], 'completed_timestamp DESC, id DESC', 1));
  }

  // ---- a whole keyspace, every shard: SHOW VITESS_MIGRATIONS and the ALTER VITESS_MIGRATION commands ----

  /** Every shard's row of one migration. */
  byUuid(keyspace: string, uuid: string): Promise<SchemaMigrationRow[]> {
    return this.find('keyspace = ? AND migration_uuid = ?', [keyspace, uuid]);
  }

  /** Migrations submitted in one context. */
  byContext(keyspace: string, context: string): Promise<SchemaMigrationRow[]> {
    return this.byContexts(keyspace, [context]);
  }

  /** Migrations submitted in any of the contexts. */
  async byContexts(keyspace: string, contexts: readonly string[]): Promise<SchemaMigrationRow[]> {
    if (contexts.length === 0) return [];
    return this.find(`keyspace = ? AND migration_context IN ${list(contexts)}`, [keyspace, ...contexts]);
  }

  /** SHOW VITESS_MIGRATIONS LIKE: the pattern against the uuid, the context or the status. */
  like(keyspace: string, pattern: string): Promise<SchemaMigrationRow[]> {
    return this.find('keyspace = ? AND (migration_uuid LIKE ? OR migration_context LIKE ? OR migration_status LIKE ?)', [keyspace, pattern, pattern, pattern]);
  }

  /** Every migration of the keyspace. */
  inKeyspace(keyspace: string): Promise<SchemaMigrationRow[]> {
    return this.find('keyspace = ?', [keyspace]);
  }

  /** queued, ready and running migrations on every shard (CANCEL ALL, COMPLETE ALL, FORCE_CUTOVER ALL). */
  pendingInKeyspace(keyspace: string): Promise<SchemaMigrationRow[]> {
    return this.find(`keyspace = ? AND migration_status IN ${list(pendingStatuses)}`, [keyspace, ...pendingStatuses]);
  }

  /** queued migrations the scheduler has reviewed (LAUNCH ALL). */
  queuedReviewedInKeyspace(keyspace: string): Promise<SchemaMigrationRow[]> {
    return this.find('keyspace = ? AND migration_status = ? AND reviewed_timestamp IS NOT NULL', [keyspace, 'queued']);
  }

  /** Terminal migrations keeping artifacts for a while yet, not collected (CLEANUP ALL). */
  retainingArtifactsInKeyspace(keyspace: string): Promise<SchemaMigrationRow[]> {
    return this.find(`keyspace = ? AND migration_status IN ${list(terminalStatuses)} AND cleanup_timestamp IS NULL AND retain_artifacts_seconds > 0`,
      [keyspace, ...terminalStatuses]);
  }

  /** Rows matching `where` (SQL over the table's columns, values bound), in `order`, at most `limit`. */
  private async find(where: string, params: readonly unknown[], order = 'id', limit?: number): Promise<SchemaMigrationRow[]> {
    const [rows] = await this.pool.query<Row[]>(
      `SELECT ${columnList} FROM ${this.table} WHERE ${where} ORDER BY ${order}${limit === undefined ? '' : ` LIMIT ${limit}`}`, [...params]);
    return rows.map((r) => decodeMigrationRow(r));
  }

  /** Updates one row when `guard` (extra SQL condition) holds; resolves to the rows changed (0 or 1). */
  async update(key: MigrationKey, patch: Patch, guard?: { where: string; params?: readonly unknown[] }): Promise<number> {
    const cols = Object.keys(patch) as SchemaMigrationColumn[];
    if (cols.length === 0) return 0;
    const sets = cols.map((c) => `\`${c}\` = ${patch[c] instanceof RawSql ? (patch[c] as RawSql).sql : '?'}`);
    const params = cols.filter((c) => !(patch[c] instanceof RawSql)).map((c) => patch[c]);
    const where = `migration_uuid = ? AND shard = ?${guard ? ` AND (${guard.where})` : ''}`;
    const [res] = await this.pool.query<ResultHeader>(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE ${where}`, [...params, key.uuid, key.shard, ...(guard?.params ?? [])]);
    if (res.affectedRows > 0) await this.announce(key);
    return res.affectedRows;
  }

  /** Re-reads a row and reports it if anything a caller reacts to changed since the last report. */
  async announce(key: MigrationKey): Promise<void> {
    const row = await this.get(key);
    if (!row) return;
    const id = `${key.uuid}/${key.shard}`;
    const fingerprint = JSON.stringify(watched.map((c) => row[c]));
    if (this.lastSeen.get(id) === fingerprint) return;
    this.lastSeen.set(id, fingerprint);
    this.onChange(row);
  }
}

const columnList = schemaMigrationColumns.map((c) => `\`${c}\``).join(', ');
/** `(?, ?, ...)`: one placeholder per value, so a list is bound like any other parameter. */
const list = (values: readonly unknown[]) => `(${values.map(() => '?').join(', ')})`;
const first = (rows: readonly SchemaMigrationRow[]) => rows[0] ?? null;
/** LIKE's wildcards and escape character, matched literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);
