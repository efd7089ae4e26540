import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { newId } from './ids.js';
import type { DatabaseRecord, Page, PageOf } from './records.js';
import { limitClause, toDatabase } from './rows.js';

const select = `SELECT d.*, o.name AS organization_name FROM \`databases\` d JOIN \`organizations\` o ON o.id = d.organization_id`;

export async function listDatabases(db: Queryable, organizationId: string, page: Page, search?: string): Promise<PageOf<DatabaseRecord>> {
  const where = search ? 'd.organization_id = ? AND d.name LIKE ?' : 'd.organization_id = ?';
  const args = search ? [organizationId, `%${search.replace(/[\\%_]/g, '\\$&')}%`] : [organizationId];
  const [rows] = await db.query<Row[]>(`${select} WHERE ${where} ORDER BY d.created_at, d.id ${limitClause(page)}`, args);
  const [[count]] = await db.query<Row[]>(`SELECT COUNT(*) AS n FROM \`databases\` d WHERE ${where}`, args);
  return { items: rows.map(toDatabase), total: Number(count!.n) };
}

export async function findDatabase(db: Queryable, organizationId: string, name: string): Promise<DatabaseRecord | undefined> {
  const [rows] = await db.query<Row[]>(`${select} WHERE d.organization_id = ? AND d.name = ?`, [organizationId, name]);
  return rows[0] ? toDatabase(rows[0]) : undefined;
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
    await db.query(`INSERT INTO \`databases\` (id, organization_id, name, region, cluster_size, state, default_branch,
        require_approval_for_deploy, allow_data_branching, notes, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'main', ?, ?, ?, ?, ?)`,
      [id, input.organizationId, input.name, input.region, input.clusterSize, input.state ?? 'pending',
        input.requireApprovalForDeploy ? 1 : 0, input.allowDataBranching ? 1 : 0, input.notes ?? null, now, now]);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('Name has already been taken');
    throw err;
  }
  return id;
}

export async function setDatabaseState(db: Queryable, id: string, state: string): Promise<void> {
  await db.query('UPDATE `databases` SET state = ?, updated_at = ? WHERE id = ?', [state, toSqlTime(new Date()), id]);
}

export async function deleteDatabaseRow(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM `databases` WHERE id = ?', [id]);
}

export async function countBranches(db: Queryable, databaseId: string): Promise<{ total: number; production: number }> {
  const [[row]] = await db.query<Row[]>('SELECT COUNT(*) AS total, COALESCE(SUM(production), 0) AS production FROM `branches` WHERE database_id = ?', [databaseId]);
  return { total: Number(row!.total), production: Number(row!.production) };
}

export async function findDatabaseById(db: Queryable, id: string): Promise<DatabaseRecord | undefined> {
  const [rows] = await db.query<Row[]>(`${select} WHERE d.id = ?`, [id]);
  return rows[0] ? toDatabase(rows[0]) : undefined;
}
