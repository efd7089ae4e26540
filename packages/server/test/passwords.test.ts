// Branch passwords: shown once, stored hashed, renewable with a TTL, 404 after delete.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '@localscale/mysql';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
beforeAll(async () => { ls = await startTestServer(); });
afterAll(async () => { await ls?.stop(); });

const base = '/v1/organizations/localscale/databases/app/branches/main/passwords';

describe('passwords', () => {
  it('creates (201) with the secret once, then never shows it again', async () => {
    const created = await ls.call(base, { method: 'POST', json: { name: 'ci', role: 'readwriter', ttl: 3600 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'readwriter', ttl_seconds: 3600, renewable: true, expired: false, database_branch: { name: 'main', production: true } });
    expect(created.body.plain_text).toMatch(/^pscale_pw_[0-9A-Za-z]{43}$/);
    expect(created.body.username).toMatch(/^[a-z0-9]{20}$/);
    expect(Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)).toBe(3_600_000);

    const got = await ls.call(`${base}/${created.body.id}`);
    expect(got.body.plain_text).toBeNull();
    const list = await ls.call(base);
    expect(list.body.data.map((p: any) => p.id)).toContain(created.body.id);
    expect(list.body.data.every((p: any) => p.plain_text === null)).toBe(true);

    // Only digests are stored.
    const [rows] = await ls.services.metadata.query<Row[]>('SELECT * FROM passwords WHERE id = ?', [created.body.id]);
    expect(JSON.stringify(rows)).not.toContain(created.body.plain_text);
    const stage2 = createHash('sha1').update(createHash('sha1').update(created.body.plain_text).digest()).digest('hex');
    expect(rows[0]!.native_stage2).toBe(stage2);
  });

  it('defaults to admin without expiry; such a password cannot be renewed', async () => {
    const created = await ls.call(base, { method: 'POST', json: {} });
    expect(created.body).toMatchObject({ role: 'admin', ttl_seconds: null, expires_at: null, renewable: false });
    const renew = await ls.call(`${base}/${created.body.id}/renew`, { method: 'POST' });
    expect(renew.status).toBe(422);
  });

  it('renews a TTL password, updates names, deletes (204) and then 404s', async () => {
    const created = await ls.call(base, { method: 'POST', json: { ttl: 60 } });
    const renewed = await ls.call(`${base}/${created.body.id}/renew`, { method: 'POST' });
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expires_at)).toBeGreaterThanOrEqual(Date.parse(created.body.expires_at));
    const renamed = await ls.call(`${base}/${created.body.id}`, { method: 'PATCH', json: { name: 'renamed', cidrs: ['10.0.0.0/8'] } });
    expect(renamed.body).toMatchObject({ name: 'renamed', cidrs: ['10.0.0.0/8'] });
    expect((await ls.call(`${base}/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await ls.call(`${base}/${created.body.id}`)).status).toBe(404);
    expect((await ls.call(`${base}/${created.body.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses bad roles, TTLs and CIDRs, and unknown branches', async () => {
    expect((await ls.call(base, { method: 'POST', json: { role: 'root' } })).status).toBe(422);
    expect((await ls.call(base, { method: 'POST', json: { ttl: -5 } })).status).toBe(422);
    expect((await ls.call(base, { method: 'POST', json: { cidrs: ['everything'] } })).status).toBe(422);
    expect((await ls.call('/v1/organizations/localscale/databases/app/branches/nope/passwords', { method: 'POST', json: {} })).status).toBe(404);
  });
});
