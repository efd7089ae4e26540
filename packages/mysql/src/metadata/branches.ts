import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { newId } from './ids.js';
import type { BranchRecord } from './records.js';
import { toBranch } from './rows.js';

export async function findBranch(db: Queryable, databaseId: string, name: string): Promise<BranchRecord | undefined> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `branches` WHERE database_id = ? AND name = ?', [databaseId, name]);
  return rows[0] ? toBranch(rows[0]) : undefined;
}

export async function getBranch(db: Queryable, databaseId: string, name: string): Promise<BranchRecord> {
  const found = await findBranch(db, databaseId, name);
  if (!found) throw notFound(`branch ${name} not found`);
  return found;
}

export async function listAllBranches(db: Queryable, databaseId: string): Promise<BranchRecord[]> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `branches` WHERE database_id = ? ORDER BY created_at, id', [databaseId]);
  return rows.map(toBranch);
}

export interface NewBranch {
  databaseId: string; name: string; parentBranch: string | null; production: boolean; safeMigrations: boolean;
  ready: boolean; region: string; actorId?: string | null;
}

export async function insertBranch(db: Queryable, input: NewBranch): Promise<string> {
  const now = toSqlTime(new Date());
  const id = newId();
  try {
    await db.query(`INSERT INTO \`branches\` (id, database_id, name, parent_branch, production, safe_migrations, ready, region,
        actor_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.databaseId, input.name, input.parentBranch, input.production ? 1 : 0, input.safeMigrations ? 1 : 0,
        input.ready ? 1 : 0, input.region, input.actorId ?? null, now, now]);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('Name has already been taken');
    throw err;
  }
  return id;
}
