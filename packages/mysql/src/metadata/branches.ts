import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { cachedRead, writing } from './cache.js';
import { newId } from './ids.js';
import type { BranchRecord, Page, PageOf } from './records.js';
import { pageOf, toBranch } from './rows.js';

export async function findBranch(db: Queryable, databaseId: string, name: string): Promise<BranchRecord | undefined> {
  return cachedRead(db, `branch\u0000${databaseId}\u0000${name}`, async () => {
    const [rows] = await db.query<Row[]>('SELECT * FROM `branches` WHERE database_id = ? AND name = ?', [databaseId, name]);
    return rows[0] ? toBranch(rows[0]) : undefined;
  });
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
    await writing(() => db.query(`INSERT INTO \`branches\` (id, database_id, name, parent_branch, production, safe_migrations, ready, region,
        actor_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.databaseId, input.name, input.parentBranch, input.production ? 1 : 0, input.safeMigrations ? 1 : 0,
        input.ready ? 1 : 0, input.region, input.actorId ?? null, now, now]));
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('Name has already been taken');
    throw err;
  }
  return id;
}

export interface BranchFilter { q?: string; production?: boolean; safeMigrations?: boolean; order?: 'asc' | 'desc' }

export async function listBranches(db: Queryable, databaseId: string, filter: BranchFilter, page: Page): Promise<PageOf<BranchRecord>> {
  const where = ['database_id = ?'];
  const args: unknown[] = [databaseId];
  if (filter.q) { where.push('name LIKE ?'); args.push(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`); }
  if (filter.production !== undefined) { where.push('production = ?'); args.push(filter.production ? 1 : 0); }
  if (filter.safeMigrations !== undefined) { where.push('safe_migrations = ?'); args.push(filter.safeMigrations ? 1 : 0); }
  const clause = where.join(' AND ');
  const dir = filter.order === 'desc' ? 'DESC' : 'ASC';
  return cachedRead(db, `branches\u0000${JSON.stringify([clause, args, dir, page])}`,
    () => pageOf(db, { columns: '*', from: '`branches`', where: clause, order: `created_at ${dir}, id ${dir}`, args }, page, toBranch));
}

export interface BranchChanges {
  ready?: boolean; errorMessage?: string | null; production?: boolean; safeMigrations?: boolean; schemaLastUpdatedAt?: string | null;
}

const columnOf: Record<keyof BranchChanges, string> = {
  ready: 'ready', errorMessage: 'error_message', production: 'production', safeMigrations: 'safe_migrations', schemaLastUpdatedAt: 'schema_last_updated_at',
};

export async function updateBranch(db: Queryable, id: string, changes: BranchChanges): Promise<void> {
  const sets: string[] = [];
  const args: unknown[] = [];
  for (const [key, value] of Object.entries(changes) as [keyof BranchChanges, unknown][]) {
    if (value === undefined) continue;
    sets.push(`\`${columnOf[key]}\` = ?`);
    args.push(typeof value === 'boolean' ? (value ? 1 : 0) : key === 'schemaLastUpdatedAt' && value ? toSqlTime(new Date(value as string)) : value);
  }
  sets.push('updated_at = ?');
  args.push(toSqlTime(new Date()), id);
  await writing(() => db.query(`UPDATE \`branches\` SET ${sets.join(', ')} WHERE id = ?`, args));
}

export async function deleteBranchRow(db: Queryable, id: string): Promise<void> {
  await writing(() => db.query('DELETE FROM `branches` WHERE id = ?', [id]));
}

/** Branches waiting for their schema snapshot (not ready, no error): resumed after a restart. */
export async function listPendingSnapshots(db: Queryable): Promise<BranchRecord[]> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `branches` WHERE ready = 0 AND error_message IS NULL ORDER BY created_at');
  return rows.map(toBranch);
}

export async function findBranchById(db: Queryable, id: string): Promise<BranchRecord | undefined> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `branches` WHERE id = ?', [id]);
  return rows[0] ? toBranch(rows[0]) : undefined;
}
