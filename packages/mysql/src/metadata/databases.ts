import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { cachedRead, writing } from './cache.js';
import { newId } from './ids.js';
import type { DatabaseRecord, Page, PageOf } from './records.js';
import { pageOf, toDatabase } from './rows.js';

const selectColumns = 'd.*, o.name AS organization_name';
const selectFrom = '`databases` d JOIN `organizations` o ON o.id = d.organization_id';
const select = `SELECT ${selectColumns} FROM ${selectFrom}`;

/** `only`: the names a caller may see (a service token's databases); undefined for every database. */
export async function listDatabases(db: Queryable, organizationId: string, page: Page, search?: string, only?: readonly string[]): Promise<PageOf<DatabaseRecord>> {
  const conditions = ['d.organization_id = ?'];
  const args: unknown[] = [organizationId];
  if (search) { conditions.push('d.name LIKE ?'); args.push(`%${search.replace(/[\\%_]/g, '\\$&')}%`); }
  if (only) { conditions.push(only.length ? `d.name IN (${only.map(() => '?').join(', ')})` : 'FALSE'); args.push(...only); }
  const where = conditions.join(' AND ');
  return cachedRead(db, `dbs\u0000${JSON.stringify([organizationId, page, search ?? null, only ?? null])}`,
    () => pageOf(db, { columns: selectColumns, from: selectFrom, countFrom: '`databases` d', where, order: 'd.created_at, d.id', args }, page, toDatabase));
}

export async function findDatabase(db: Queryable, organizationId: string, name: string): Promise<DatabaseRecord | undefined> {
  return cachedRead(db, `db\u0000${organizationId}\u0000${name}`, async () => {
    const [rows] = await db.query<Row[]>(`${select} WHERE d.organization_id = ? AND d.name = ?`, [organizationId, name]);
    return rows[0] ? toDatabase(rows[0]) : undefined;
  });
}

export async function getDatabase(db: Queryable, organizationId: string, name: string): Promise<DatabaseRecord> {
  const found = await findDatabase(db, organizationId, name);
  if (!found) throw notFound(`database ${name} not found`);
  return found;
}

export interface NewDatabase {
  organizationId: string; name: string; region: string; clusterSize: string; state?: string;
  requireApprovalForDeploy?: boolean; allowDataBranching?: boolean; notes?: string | null;
}

export async function insertDatabase(db: Queryable, input: NewDatabase): Promise<string> {
  const now = toSqlTime(new Date());
  const id = newId();
  try {
    await writing(() => db.query(`INSERT INTO \`databases\` (id, organization_id, name, region, cluster_size, state, default_branch,
        require_approval_for_deploy, allow_data_branching, notes, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'main', ?, ?, ?, ?, ?)`,
      [id, input.organizationId, input.name, input.region, input.clusterSize, input.state ?? 'pending',
        input.requireApprovalForDeploy ? 1 : 0, input.allowDataBranching ? 1 : 0, input.notes ?? null, now, now]));
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('Name has already been taken');
    throw err;
  }
  return id;
}

export async function setDatabaseState(db: Queryable, id: string, state: string): Promise<void> {
  await writing(() => db.query('UPDATE `databases` SET state = ?, updated_at = ? WHERE id = ?', [state, toSqlTime(new Date()), id]));
}

export async function deleteDatabaseRow(db: Queryable, id: string): Promise<void> {
  await writing(() => db.query('DELETE FROM `databases` WHERE id = ?', [id]));
}

export async function countBranches(db: Queryable, databaseId: string): Promise<{ total: number; production: number }> {
  return cachedRead(db, `branchcount\u0000${databaseId}`, async () => {
    const [[row]] = await db.query<Row[]>('SELECT COUNT(*) AS total, COALESCE(SUM(production), 0) AS production FROM `branches` WHERE database_id = ?', [databaseId]);
    return { total: Number(row!.total), production: Number(row!.production) };
  });
}

export async function findDatabaseById(db: Queryable, id: string): Promise<DatabaseRecord | undefined> {
  const [rows] = await db.query<Row[]>(`${select} WHERE d.id = ?`, [id]);
  return rows[0] ? toDatabase(rows[0]) : undefined;
}

/**
 * A database by its organization's name and its own, in one query (every API path names both): the
 * organization is looked up too, so a missing one is still told apart from a missing database.
 */
export async function findDatabaseByNames(db: Queryable, organization: string, name: string): Promise<{ organization: boolean; database: DatabaseRecord | undefined }> {
  return cachedRead(db, `dbnames\u0000${organization}\u0000${name}`, async () => {
    const [rows] = await db.query<Row[]>(
      'SELECT d.*, o.name AS organization_name FROM `organizations` o LEFT JOIN `databases` d ON d.organization_id = o.id AND d.name = ? WHERE o.name = ?',
      [name, organization]);
    const row = rows[0];
    return { organization: row !== undefined, database: row && row.id !== null ? toDatabase(row) : undefined };
  });
}
