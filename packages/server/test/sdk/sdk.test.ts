// The SDK against a real LocalScale, for every operation LocalScale implements so far: the same calls a
// user makes against PlanetScale, with their typed results and PlanetScaleErrors.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPlanetScaleClient, isPlanetScaleError, PlanetScaleError } from '@localscale/sdk';
import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';
import { startTestServer, type TestServer } from '../support/localscale.js';

let ls: TestServer;
beforeAll(async () => {
  ls = await startTestServer({
    organizations: {
      acme: {
        databases: {
          shop: { keyspaces: [{ name: 'shop', shards: 1 }, { name: 'orders', shards: 2 }] },
          blog: {},
          wiki: {},
        },
      },
      other: { databases: { misc: {} } },
    },
  });
});
afterAll(async () => { await ls?.stop(); });
afterEach(() => { vi.unstubAllEnvs(); });

const collect = async <T>(items: AsyncIterable<T>) => { const out: T[] = []; for await (const item of items) out.push(item); return out; };
const failure = (call: Promise<unknown>) => call.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e as PlanetScaleError);

describe('health', () => {
  it('answers /health with fetch and through the LocalScale admin client', async () => {
    const res = await fetch(`${ls.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(await createLocalScaleAdminClient({ baseUrl: ls.url }).health()).toMatchObject({ status: 'ok', version: expect.any(String) });
    // LocalScale prints the API root; the admin client accepts it too.
    expect((await createLocalScaleAdminClient({ baseUrl: ls.apiUrl }).health()).status).toBe('ok');
  });
});

describe('organizations', () => {
  it('lists, pages and gets', async () => {
    const page = await ls.client.organizations.list();
    expect(page.data.map((o) => o.name)).toEqual(['acme', 'other']);
    expect(page.next_page).toBeNull();
    const all = await collect(ls.client.paginate('/organizations', { params: { query: { per_page: 1 } } }));
    expect(all.map((o) => [o.name, o.database_count])).toEqual([['acme', 3], ['other', 1]]);
    expect(await ls.client.organizations.get('other')).toMatchObject({ name: 'other', database_count: 1 });
  });

  it('throws not_found with the request id for an unknown organization', async () => {
    const error = await failure(ls.client.organizations.get('nope'));
    expect(isPlanetScaleError(error, 'not_found')).toBe(true);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(error.requestId).toMatch(/\S/);
  });

  it('throws unauthorized without a credential', async () => {
    for (const name of ['PLANETSCALE_SERVICE_TOKEN_ID', 'PLANETSCALE_SERVICE_TOKEN']) vi.stubEnv(name, '');
    const anonymous = createPlanetScaleClient({ baseUrl: ls.apiUrl });
    expect(await failure(anonymous.organizations.list())).toMatchObject({ kind: 'unauthorized', status: 401, code: 'unauthorized' });
  });

  it('accepts an OAuth access token as Bearer', async () => {
    const bearer = createPlanetScaleClient({ baseUrl: ls.apiUrl, accessToken: 'pscale_oauth_test' });
    expect((await bearer.organizations.get('acme')).name).toBe('acme');
  });
});

describe('databases', () => {
  it('lists with search, pages and gets', async () => {
    expect((await ls.client.databases.list('acme', { q: 'bl' })).data.map((d) => d.name)).toEqual(['blog']);
    const all = await collect(ls.client.paginate((page) => ls.client.databases.list('acme', { page, per_page: 2 })));
    expect(all.map((d) => d.name)).toEqual(['shop', 'blog', 'wiki']);
    const shop = await ls.client.databases.get('acme', 'shop');
    expect(shop).toMatchObject({ name: 'shop', kind: 'mysql', state: 'ready', ready: true, sharded: true });
    expect(shop.url).toBe(`${ls.apiUrl}/organizations/acme/databases/shop`);
  });

  it('creates and deletes a database', async () => {
    const created = await ls.client.databases.create('acme', { name: 'sdk-made', cluster_size: 'PS_10', region: 'eu-west' });
    expect(created).toMatchObject({ name: 'sdk-made', state: 'ready', region: { slug: 'eu-west' } });
    expect((await ls.client.keyspaces.list('acme', 'sdk-made', 'main')).data.map((k) => k.name)).toEqual(['sdk-made']);
    await expect(ls.client.databases.delete('acme', 'sdk-made')).resolves.toBeUndefined();
    expect(await failure(ls.client.databases.get('acme', 'sdk-made'))).toMatchObject({ kind: 'not_found' });
    expect(await failure(ls.client.databases.delete('acme', 'sdk-made'))).toMatchObject({ kind: 'not_found' });
  });

  it('throws conflict for a duplicate name and unprocessable for a bad one, with the server message', async () => {
    expect(await failure(ls.client.databases.create('acme', { name: 'shop', cluster_size: 'PS_10' })))
      .toMatchObject({ kind: 'conflict', status: 409, code: 'conflict', message: 'Name has already been taken' });
    const bad = await failure(ls.client.databases.create('acme', { name: 'Bad_Name', cluster_size: 'PS_10' }));
    expect(bad).toMatchObject({ kind: 'unprocessable', status: 422, code: 'unprocessable' });
    expect(bad.message).toMatch(/name/i);
    expect(bad.body).toEqual({ code: 'unprocessable', message: bad.message });
  });
});

describe('keyspaces', () => {
  it('lists, pages and gets the keyspaces of main', async () => {
    const page = await ls.client.keyspaces.list('acme', 'shop', 'main');
    expect(page.data.map((k) => [k.name, k.shards, k.sharded])).toEqual([['orders', 2, true], ['shop', 1, false]]);
    const all = await collect(ls.client.paginate('/organizations/{organization}/databases/{database}/branches/{branch}/keyspaces', {
      params: { path: { organization: 'acme', database: 'shop', branch: 'main' }, query: { per_page: 1 } },
    }));
    expect(all.map((k) => k.name)).toEqual(['orders', 'shop']);
    expect(await ls.client.keyspaces.get('acme', 'shop', 'main', 'orders')).toMatchObject({ name: 'orders', shards: 2, ready: true });
    expect(await failure(ls.client.keyspaces.get('acme', 'shop', 'main', 'nope'))).toMatchObject({ kind: 'not_found' });
  });
});
