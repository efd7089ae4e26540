import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { newId } from './ids.js';
import type { KeyspaceRecord, Page, PageOf } from './records.js';
import { limitClause, toKeyspace } from './rows.js';

export async function listKeyspaces(db: Queryable, branchId: string, page?: Page): Promise<PageOf<KeyspaceRecord>> {
  const [rows] = await db.query<Row[]>(`SELECT * FROM \`keyspaces\` WHERE branch_id = ? ORDER BY name ${page ? limitClause(page) : ''}`, [branchId]);
  const [[count]] = await db.query<Row[]>('SELECT COUNT(*) AS n FROM `keyspaces` WHERE branch_id = ?', [branchId]);
  return { items: rows.map(toKeyspace), total: Number(count!.n) };
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
    await db.query(`INSERT INTO \`keyspaces\` (id, branch_id, name, shards, sharded, vschema, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.branchId, input.name, input.shards, input.sharded ? 1 : 0, input.vschema ?? null, now, now]);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict(`keyspace ${input.name} already exists`);
    throw err;
  }
  return id;
}

export async function setKeyspaceVSchema(db: Queryable, keyspaceId: string, vschema: string | null): Promise<void> {
  await db.query('UPDATE `keyspaces` SET vschema = ?, updated_at = ? WHERE id = ?', [vschema, toSqlTime(new Date()), keyspaceId]);
}
