// Reads and writes `schema_migrations` rows. Every update goes through `update`, which re-reads the
// row and reports it, so subscribers hear about each status or progress change without polling.
import { qualified, type Pool, type ResultHeader, type Row } from '@localscale/mysql';
import { decodeMigrationRow, schemaMigrationColumns, type SchemaMigrationColumn, type SchemaMigrationRow } from '../../port/index.js';

/** A raw SQL expression as an update value, e.g. `retries + 1`. */
export class RawSql {
  constructor(readonly sql: string) {}
}
export const raw = (sql: string) => new RawSql(sql);

export type Patch = Partial<Record<SchemaMigrationColumn, string | number | null | RawSql>>;

export interface MigrationKey { uuid: string; shard: string }

const watched: readonly SchemaMigrationColumn[] = [
  'migration_status', 'ready_to_complete', 'progress', 'rows_copied', 'message', 'postpone_completion', 'postpone_launch',
  'stage', 'artifacts', 'cleanup_timestamp', 'cutover_attempts', 'user_throttle_ratio', 'force_cutover', 'retries',
  'ddl_action', 'mysql_table', 'reviewed_timestamp', 'retain_artifacts_seconds', 'table_rows',
];

export class MigrationStore {
  readonly table: string;
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

  async get(key: MigrationKey): Promise<SchemaMigrationRow | null> {
    const rows = await this.find('migration_uuid = ? AND shard = ?', [key.uuid, key.shard]);
    return rows[0] ?? null;
  }

  /** Rows matching `where` (SQL over the table's columns), in `order` (id order by default). */
  async find(where: string, params: readonly unknown[] = [], order = 'id'): Promise<SchemaMigrationRow[]> {
    const [rows] = await this.pool.query<Row[]>(`SELECT ${columnList} FROM ${this.table} WHERE ${where} ORDER BY ${order}`, [...params]);
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
