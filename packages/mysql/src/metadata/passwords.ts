// Branch passwords as stored: never the secret, only the two digests MySQL's authentication plugins
// verify against (SHA1(SHA1(pw)) for mysql_native_password, SHA256(SHA256(pw)) for
// caching_sha2_password's fast path).
import { createHash } from 'node:crypto';
import { notFound } from '../errors.js';
import { fromSqlTime, toSqlTime, type Queryable, type Row } from '../sql/pool.js';
import { base62, newId, randomText } from './ids.js';
import type { Page, PageOf } from './records.js';
import { limitClause } from './rows.js';

export type PasswordRole = 'reader' | 'writer' | 'readwriter' | 'admin';

export interface PasswordRecord {
  id: string; branchId: string; name: string; role: PasswordRole; username: string;
  nativeStage2: string; sha2Stage2: string; ttlSeconds: number | null; expiresAt: string | null; lastUsedAt: string | null;
  cidrs: string[] | null; replica: boolean; actorId: string | null; createdAt: string; updatedAt: string;
}

const digest = (algo: 'sha1' | 'sha256', data: Buffer | string) => createHash(algo).update(data).digest();
export const nativeStage2 = (password: string) => digest('sha1', digest('sha1', password)).toString('hex');
export const sha2Stage2 = (password: string) => digest('sha256', digest('sha256', password)).toString('hex');

/** PlanetScale-looking secrets and usernames. */
export const newPlainText = () => `pscale_pw_${randomText(base62, 43)}`;
export const newUsername = () => randomText('abcdefghijklmnopqrstuvwxyz0123456789', 20);

const toRecord = (r: Row): PasswordRecord => ({
  id: r.id, branchId: r.branch_id, name: r.name, role: r.role, username: r.username, nativeStage2: r.native_stage2,
  sha2Stage2: r.sha2_stage2, ttlSeconds: r.ttl_seconds === null ? null : Number(r.ttl_seconds),
  expiresAt: fromSqlTime(r.expires_at), lastUsedAt: fromSqlTime(r.last_used_at), cidrs: r.cidrs === null ? null : JSON.parse(r.cidrs),
  replica: Number(r.replica) === 1, actorId: r.actor_id, createdAt: fromSqlTime(r.created_at)!, updatedAt: fromSqlTime(r.updated_at)!,
});

export interface NewPassword { branchId: string; name: string; role: PasswordRole; ttlSeconds: number | null; cidrs: string[] | null; replica: boolean; actorId: string | null }

/** Creates a password; the plain text is returned once and never stored. */
export async function insertPassword(db: Queryable, input: NewPassword): Promise<{ record: PasswordRecord; plainText: string }> {
  const plainText = newPlainText();
  const id = newId();
  const now = new Date();
  const expires = input.ttlSeconds ? new Date(now.getTime() + input.ttlSeconds * 1000) : null;
  await db.query(`INSERT INTO \`passwords\` (id, branch_id, name, role, username, native_stage2, sha2_stage2, ttl_seconds, expires_at,
      cidrs, replica, actor_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  [id, input.branchId, input.name, input.role, newUsername(), nativeStage2(plainText), sha2Stage2(plainText), input.ttlSeconds,
    expires && toSqlTime(expires), input.cidrs && JSON.stringify(input.cidrs), input.replica ? 1 : 0, input.actorId, toSqlTime(now), toSqlTime(now)]);
  return { record: await getPassword(db, input.branchId, id), plainText };
}

export async function getPassword(db: Queryable, branchId: string, id: string): Promise<PasswordRecord> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `passwords` WHERE branch_id = ? AND id = ?', [branchId, id]);
  if (!rows[0]) throw notFound(`password ${id} not found`);
  return toRecord(rows[0]);
}

export async function findPasswordByUsername(db: Queryable, username: string): Promise<PasswordRecord | undefined> {
  const [rows] = await db.query<Row[]>('SELECT * FROM `passwords` WHERE username = ?', [username]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function listPasswords(db: Queryable, branchId: string, page: Page): Promise<PageOf<PasswordRecord>> {
  const [rows] = await db.query<Row[]>(`SELECT * FROM \`passwords\` WHERE branch_id = ? ORDER BY created_at, id ${limitClause(page)}`, [branchId]);
  const [[count]] = await db.query<Row[]>('SELECT COUNT(*) AS n FROM `passwords` WHERE branch_id = ?', [branchId]);
  return { items: rows.map(toRecord), total: Number(count!.n) };
}

export async function deletePassword(db: Queryable, branchId: string, id: string): Promise<void> {
  await getPassword(db, branchId, id);
  await db.query('DELETE FROM `passwords` WHERE branch_id = ? AND id = ?', [branchId, id]);
}

export async function updatePassword(db: Queryable, branchId: string, id: string, fields: { name?: string; cidrs?: string[] | null }): Promise<PasswordRecord> {
  const current = await getPassword(db, branchId, id);
  await db.query('UPDATE `passwords` SET name = ?, cidrs = ?, updated_at = ? WHERE id = ?',
    [fields.name ?? current.name, fields.cidrs === undefined ? (current.cidrs && JSON.stringify(current.cidrs)) : (fields.cidrs && JSON.stringify(fields.cidrs)), toSqlTime(new Date()), id]);
  return getPassword(db, branchId, id);
}

/** Renewing pushes the expiry one TTL into the future. */
export async function renewPassword(db: Queryable, branchId: string, id: string): Promise<PasswordRecord> {
  const current = await getPassword(db, branchId, id);
  const expires = current.ttlSeconds ? toSqlTime(new Date(Date.now() + current.ttlSeconds * 1000)) : null;
  await db.query('UPDATE `passwords` SET expires_at = ?, updated_at = ? WHERE id = ?', [expires, toSqlTime(new Date()), id]);
  return getPassword(db, branchId, id);
}

export async function touchPassword(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE `passwords` SET last_used_at = ? WHERE id = ?', [toSqlTime(new Date()), id]);
}
