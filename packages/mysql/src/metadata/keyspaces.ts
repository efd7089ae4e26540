import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { cachedRead, writing } from './cache.js';
import { newId } from './ids.js';
import type { KeyspaceRecord, Page, PageOf } from './records.js';
import { pageOf, toKeyspace } from './rows.js';

export async function listKeyspaces(db: Queryable, branchId: string, page?: Page): Promise<PageOf<KeyspaceRecord>> {
  if (page) return pageOf(db, { columns: '*', from: '`keyspaces`', where: 'branch_id = ?', order: 'name', args: [branchId] }, page, toKeyspace);
  // Every row is read, so the total is their number: no second query (this runs for every branch
  // and deploy request shown).
  return cachedRead(db, `keyspaces\u0000${branchId}`, async () => {
    const [rows] = await db.query<Row[]>('SELECT * FROM `keyspaces` WHERE branch_id = ? ORDER BY name', [branchId]);
    return { items: rows.map(toKeyspace), total: rows.length };
  });
}

/** The keyspaces of several branches in one query (a page of branches), by branch id, each in name order. */
export async function listKeyspacesOfBranches(db: Queryable, branchIds: readonly string[]): Promise<Map<string, KeyspaceRecord[]>> {
  if (!branchIds.length) return new Map();
  return cachedRead(db, `keyspacesof\u0000${branchIds.join('\u0000')}`, async () => {
    const out = new Map<string, KeyspaceRecord[]>(branchIds.map((id) => [id, []]));
    const [rows] = await db.query<Row[]>(
      `SELECT * FROM \`keyspaces\` WHERE branch_id IN (${branchIds.map(() => '?').join(', ')}) ORDER BY branch_id, name`, [...branchIds]);
    for (const r of rows) out.get(r.branch_id)?.push(toKeyspace(r));
    return out;
  });
}

/** The keyspaces of a database's branch named `branch`, in name order (none when there is no such branch): one query instead of two. */
export async function listKeyspacesOfBranchNamed(db: Queryable, databaseId: string, branch: string): Promise<KeyspaceRecord[]> {
  return cachedRead(db, `keyspacesnamed\u0000${databaseId}\u0000${branch}`, async () => {
    const [rows] = await db.query<Row[]>(
      'SELECT k.* FROM `keyspaces` k JOIN `branches` b ON b.id = k.branch_id WHERE b.database_id = ? AND b.name = ? ORDER BY k.name', [databaseId, branch]);
    return rows.map(toKeyspace);
  });
}

export async function getKeyspace(db: Queryable, branchId: string, name: string): Promise<KeyspaceRecord> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `keyspaces` WHERE branch_id = ? AND name = ?', [branchId, name]);
  if (!rows[0]) throw notFound(`keyspace ${name} not found`);
  return toKeyspace(rows[0]);
}

export interface NewKeyspace { branchId: string; name: string; shards: number; sharded: boolean; vschema?: string | null }

export async function insertKeyspace(db: Queryable, input: NewKeyspace): Promise<string> {
  const now = toSqlTime(new Date());
  const id = newId();
  try {
    await writing(() => db.query(`INSERT INTO \`keyspaces\` (id, branch_id, name, shards, sharded, vschema, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.branchId, input.name, input.shards, input.sharded ? 1 : 0, input.vschema ?? null, now, now]));
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(`keyspace ${input.name} already exists`);
    throw err;
  }
  return id;
}

export async function setKeyspaceVSchema(db: Queryable, keyspaceId: string, vschema: string | null): Promise<void> {
  await writing(() => db.query('UPDATE `keyspaces` SET vschema = ?, updated_at = ? WHERE id = ?', [vschema, toSqlTime(new Date()), keyspaceId]));
}
