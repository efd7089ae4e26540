// Organizations, databases and keyspaces: configured data is served, and create/delete provision and
// remove the physical MySQL databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPhysicalDatabases, type Row } from '@localscale/mysql';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
beforeAll(async () => {
  ls = await startTestServer({
    organizations: {
      acme: {
        databases: {
          shop: { keyspaces: [{ name: 'shop', shards: 1 }, { name: 'orders', shards: 2 }], require_approval: true },
          blog: {},
        },
      },
      other: { databases: { misc: {} } },
    },
  });
});
afterAll(async () => { await ls?.stop(); });

const physical = () => listPhysicalDatabases(ls.services.admin, ls.config.databasePrefix);

describe('organizations', () => {
  it('lists the configured organizations with the pagination envelope', async () => {
    const res = await ls.call('/v1/organizations');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'list', current_page: 1, next_page: null, prev_page: null });
    expect(res.body.data.map((o: { name: string }) => o.name)).toEqual(['acme', 'other']);
    expect(res.body.data[0].database_count).toBe(2);
  });

  it('pages with page/per_page and stops with next_page null', async () => {
    const first = await ls.call('/v1/organizations?per_page=1');
    expect(first.body.data).toHaveLength(1);
    expect(first.body.next_page).toBe(2);
    expect(first.body.next_page_url).toMatch(/page=2&per_page=1$/);
    const second = await ls.call('/v1/organizations?per_page=1&page=2');
    expect(second.body.data[0].name).toBe('other');
    expect(second.body.next_page).toBeNull();
    expect(second.body.prev_page).toBe(1);
  });

  it('gets one, 404s for others', async () => {
    expect((await ls.call('/v1/organizations/acme')).body.name).toBe('acme');
    expect((await ls.call('/v1/organizations/nope')).status).toBe(404);
  });
});

describe('databases', () => {
  it('serves configured databases with their settings', async () => {
    const res = await ls.call('/v1/organizations/acme/databases');
    expect(res.body.data.map((d: { name: string }) => d.name)).toEqual(['shop', 'blog']);
    const shop = await ls.call('/v1/organizations/acme/databases/shop');
    expect(shop.body).toMatchObject({ name: 'shop', kind: 'mysql', state: 'ready', ready: true, default_branch: 'main', require_approval_for_deploy: true, sharded: true, default_branch_shard_count: 3 });
    expect(shop.body.url).toBe(`${ls.apiUrl}/organizations/acme/databases/shop`);
  });

  it('searches by name with q', async () => {
    const res = await ls.call('/v1/organizations/acme/databases?q=blo');
    expect(res.body.data.map((d: { name: string }) => d.name)).toEqual(['blog']);
  });

  it('keyspaces of main: names, shards, sharded', async () => {
    const res = await ls.call('/v1/organizations/acme/databases/shop/branches/main/keyspaces');
    expect(res.body.data.map((k: any) => [k.name, k.shards, k.sharded, k.default])).toEqual([['orders', 2, true, false], ['shop', 1, false, true]]);
    const one = await ls.call('/v1/organizations/acme/databases/shop/branches/main/keyspaces/orders');
    expect(one.body).toMatchObject({ name: 'orders', shards: 2, ready: true });
    expect((await ls.call('/v1/organizations/acme/databases/shop/branches/main/keyspaces/nope')).status).toBe(404);
  });

  it('provisions one MySQL database per keyspace shard', async () => {
    const names = await physical();
    // shop: 1 + 2 shards; blog: 1; misc: 1.
    expect(names).toHaveLength(5);
  });

  it('creates a database (201) with a keyspace and physical database, then deletes it (204)', async () => {
    const before = await physical();
    const created = await ls.call('/v1/organizations/acme/databases', { method: 'POST', json: { name: 'new-db', cluster_size: 'PS_10', region: 'eu-west' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'new-db', state: 'ready', region: { slug: 'eu-west' } });
    expect((await physical()).length).toBe(before.length + 1);
    const ks = await ls.call('/v1/organizations/acme/databases/new-db/branches/main/keyspaces');
    expect(ks.body.data.map((k: { name: string }) => k.name)).toEqual(['new-db']);
    // The physical database really is a MySQL database one can create tables in.
    const [added] = (await physical()).filter((n) => !before.includes(n));
    await ls.services.admin.query(`CREATE TABLE \`${added}\`.t (id INT PRIMARY KEY)`);
    const [[count]] = await ls.services.admin.query<Row[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [added]);
    expect(count!.n).toBe(1);

    const deleted = await ls.call('/v1/organizations/acme/databases/new-db', { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect(await physical()).toEqual(before);
    expect((await ls.call('/v1/organizations/acme/databases/new-db')).status).toBe(404);
  });

  it('refuses duplicate and invalid names without changing anything', async () => {
    const before = await physical();
    const dup = await ls.call('/v1/organizations/acme/databases', { method: 'POST', json: { name: 'shop', cluster_size: 'PS_10' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ code: 'conflict', message: 'Name has already been taken' });
    for (const name of ['Bad_Name', '`x`', 'a'.repeat(70), '', '../etc']) {
      const res = await ls.call('/v1/organizations/acme/databases', { method: 'POST', json: { name, cluster_size: 'PS_10' } });
      expect(res.status, name).toBe(422);
      expect(res.body.code).toBe('unprocessable');
    }
    expect(await physical()).toEqual(before);
    expect((await ls.call('/v1/organizations/acme/databases')).body.data).toHaveLength(2);
  });
});

describe('through the SDK', () => {
  it('lists and gets with typed responses', async () => {
    const { data, error } = await ls.client.api.GET('/organizations/{organization}/databases/{database}', { params: { path: { organization: 'acme', database: 'shop' } } });
    expect(error).toBeUndefined();
    expect(data!.name).toBe('shop');
    const missing = await ls.client.api.GET('/organizations/{organization}', { params: { path: { organization: 'nope' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ code: 'not_found', message: expect.any(String) });
  });
});
