import { conflict, isDuplicateKey, notFound } from '../errors.js';
import { toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { cachedRead, writing } from './cache.js';
import { newId } from './ids.js';
import type { OrganizationRecord, Page, PageOf } from './records.js';
import { limitClause, toOrganization } from './rows.js';

/** `only`: the names a caller may see (a service token's organization); undefined for every organization. */
export async function listOrganizations(db: Queryable, page: Page, only?: readonly string[]): Promise<PageOf<OrganizationRecord>> {
  const where = only ? (only.length ? `WHERE name IN (${only.map(() => '?').join(', ')})` : 'WHERE FALSE') : '';
  const args = only ?? [];
  const [rows] = await db.query<Row[]>(`SELECT * FROM \`organizations\` ${where} ORDER BY created_at, id ${limitClause(page)}`, [...args]);
  const [[count]] = await db.query<Row[]>(`SELECT COUNT(*) AS n FROM \`organizations\` ${where}`, [...args]);
  return { items: rows.map(toOrganization), total: Number(count!.n) };
}

export async function findOrganization(db: Queryable, name: string): Promise<OrganizationRecord | undefined> {
  return cachedRead(db, `org\u0000${name}`, async () => {
    const [rows] = await db.query<Row[]>('SELECT * FROM `organizations` WHERE name = ?', [name]);
    return rows[0] ? toOrganization(rows[0]) : undefined;
  });
}

export async function getOrganization(db: Queryable, name: string): Promise<OrganizationRecord> {
  const org = await findOrganization(db, name);
  if (!org) throw notFound(`organization ${name} not found`);
  return org;
}

export async function createOrganization(db: Queryable, input: { name: string; billingEmail?: string | null; plan?: string }): Promise<OrganizationRecord> {
  const now = toSqlTime(new Date());
  const id = newId();
  try {
    await writing(() => db.query('INSERT INTO `organizations` (id, name, billing_email, plan, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, input.name, input.billingEmail ?? null, input.plan ?? 'scaler_pro', now, now]));
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('Name has already been taken');
    throw err;
  }
  return getOrganization(db, input.name);
}
