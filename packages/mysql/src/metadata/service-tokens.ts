// Service tokens created through the API, and the accesses granted to them. The plain token is
// returned once, at creation; only its SHA-256 digest is stored. An access is granted on the token's
// organization (`databaseId` null) or on one of its databases; deleting the database deletes its
// accesses. Times come in from the caller's clock.
import { createHash, timingSafeEqual } from 'node:crypto';
import { fromSqlTime, inTransaction, toSqlTime, type Pool, type Queryable, type ResultHeader, type Row } from '../sql/pool.js';
import { base62, newId, randomText } from './ids.js';
import type { Page, PageOf } from './records.js';
import { pageOf } from './rows.js';

export interface ServiceTokenRecord {
  id: string; organizationId: string; organization: string; name: string | null; actorId: string | null;
  expiresAt: string | null; lastUsedAt: string | null; createdAt: string; updatedAt: string;
}

export interface TokenAccessRecord {
  id: string; serviceTokenId: string; access: string; createdAt: string;
  /** The database the access is granted on; null for an organization-level access. */
  database: { id: string; name: string; createdAt: string; updatedAt: string } | null;
}

const t = (v: unknown) => fromSqlTime((v as string | null) ?? null);
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** PlanetScale-looking service token secrets. */
export const newServiceTokenSecret = () => `pscale_tkn_${randomText(base62, 43)}`;

const toToken = (r: Row): ServiceTokenRecord => ({
  id: r.id, organizationId: r.organization_id, organization: r.organization_name, name: r.name, actorId: r.actor_id,
  expiresAt: t(r.expires_at), lastUsedAt: t(r.last_used_at), createdAt: t(r.created_at)!, updatedAt: t(r.updated_at)!,
});

const toAccess = (r: Row): TokenAccessRecord => ({
  id: r.id, serviceTokenId: r.service_token_id, access: r.access, createdAt: t(r.created_at)!,
  database: r.database_id === null || r.database_name === null ? null
    : { id: r.database_id, name: r.database_name, createdAt: t(r.database_created_at)!, updatedAt: t(r.database_updated_at)! },
});

const tokenColumns = 't.*, o.name AS organization_name';
const tokenFrom = '`service_tokens` t JOIN `organizations` o ON o.id = t.organization_id';

export interface NewServiceToken { organizationId: string; name: string | null; actorId: string | null; ttlSeconds: number | null }

export async function insertServiceToken(db: Queryable, input: NewServiceToken, now: Date): Promise<{ record: ServiceTokenRecord; plainText: string }> {
  const plainText = newServiceTokenSecret();
  const id = newId();
  const expires = input.ttlSeconds ? new Date(now.getTime() + input.ttlSeconds * 1000) : null;
  await db.query(`INSERT INTO \`service_tokens\` (id, organization_id, name, token_sha256, actor_id, expires_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  [id, input.organizationId, input.name, sha256(plainText), input.actorId, expires && toSqlTime(expires), toSqlTime(now), toSqlTime(now)]);
  return { record: (await findServiceToken(db, input.organizationId, id))!, plainText };
}

export async function findServiceToken(db: Queryable, organizationId: string, id: string): Promise<ServiceTokenRecord | undefined> {
  const [rows] = await db.query<Row[]>(`SELECT ${tokenColumns} FROM ${tokenFrom} WHERE t.organization_id = ? AND t.id = ?`, [organizationId, id]);
  return rows[0] ? toToken(rows[0]) : undefined;
}

export async function listServiceTokens(db: Queryable, organizationId: string, page: Page): Promise<PageOf<ServiceTokenRecord>> {
  return pageOf(db, { columns: tokenColumns, from: tokenFrom, countFrom: '`service_tokens` t', where: 't.organization_id = ?', order: 't.created_at, t.id', args: [organizationId] }, page, toToken);
}

export async function deleteServiceToken(db: Queryable, organizationId: string, id: string): Promise<boolean> {
  const [res] = await db.query<ResultHeader>('DELETE FROM `service_tokens` WHERE organization_id = ? AND id = ?', [organizationId, id]);
  return res.affectedRows === 1;
}

/** The token whose id and secret these are, with its accesses; undefined when there is none (deleted, or a wrong secret). */
export async function authenticateServiceToken(db: Queryable, id: string, secret: string): Promise<{ token: ServiceTokenRecord; accesses: TokenAccessRecord[] } | undefined> {
  if (!/^[a-z0-9]{12}$/.test(id)) return undefined;
  const [rows] = await db.query<Row[]>(`SELECT ${tokenColumns}, t.token_sha256 FROM ${tokenFrom} WHERE t.id = ?`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  const stored = Buffer.from(String(row.token_sha256), 'hex'), given = Buffer.from(sha256(secret), 'hex');
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
  return { token: toToken(row), accesses: (await listAccesses(db, [id])).get(id) ?? [] };
}

/** Accesses of several tokens in one query: the organization's first, then each database's by name; each in the order granted, names alphabetical within one grant. */
export async function listAccesses(db: Queryable, tokenIds: readonly string[]): Promise<Map<string, TokenAccessRecord[]>> {
  const out = new Map<string, TokenAccessRecord[]>(tokenIds.map((id) => [id, []]));
  if (!tokenIds.length) return out;
  const [rows] = await db.query<Row[]>(`SELECT a.*, d.name AS database_name, d.created_at AS database_created_at, d.updated_at AS database_updated_at
      FROM \`service_token_accesses\` a LEFT JOIN \`databases\` d ON d.id = a.database_id
    WHERE a.service_token_id IN (${tokenIds.map(() => '?').join(', ')}) ORDER BY a.database_id IS NOT NULL, d.name, a.created_at, a.access`, [...tokenIds]);
  for (const access of rows.map(toAccess)) out.get(access.serviceTokenId)?.push(access);
  return out;
}

/** Grants each access once (granting one again changes nothing); returns the token's accesses on that resource. */
export async function grantAccesses(pool: Pool, tokenId: string, databaseId: string | null, accesses: readonly string[], now: Date): Promise<TokenAccessRecord[]> {
  await inTransaction(pool, async (tx) => {
    for (const access of accesses) {
      await tx.query(`INSERT IGNORE INTO \`service_token_accesses\` (id, service_token_id, database_id, scope, access, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        [newId(), tokenId, databaseId, databaseId ?? '', access, toSqlTime(now)]);
    }
    await tx.query('UPDATE `service_tokens` SET updated_at = ? WHERE id = ?', [toSqlTime(now), tokenId]);
  });
  return ((await listAccesses(pool, [tokenId])).get(tokenId) ?? []).filter((a) => (a.database?.id ?? null) === databaseId);
}

export async function revokeAccesses(pool: Pool, tokenId: string, databaseId: string | null, accesses: readonly string[], now: Date): Promise<void> {
  if (!accesses.length) return;
  await inTransaction(pool, async (tx) => {
    await tx.query(`DELETE FROM \`service_token_accesses\` WHERE service_token_id = ? AND scope = ? AND access IN (${accesses.map(() => '?').join(', ')})`,
      [tokenId, databaseId ?? '', ...accesses]);
    await tx.query('UPDATE `service_tokens` SET updated_at = ? WHERE id = ?', [toSqlTime(now), tokenId]);
  });
}

/** Who created the service token `id` (an actor id), if it is a token made through the API. */
export async function creatorOf(db: Queryable, id: string): Promise<string | null> {
  const [rows] = await db.query<Row[]>('SELECT actor_id FROM `service_tokens` WHERE id = ?', [id]);
  return (rows[0]?.actor_id as string | null | undefined) ?? null;
}

/** Notes a use, at most once a minute per token: a write per request would cost more than the field is worth. */
export async function touchServiceToken(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE `service_tokens` SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    [toSqlTime(now), id, toSqlTime(new Date(now.getTime() - 60_000))]);
}
