// The LocalScale-only client (`@localscale/sdk/localscale`): server-root paths, credentials, errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalScaleAdminClient, defaultLocalScaleUrl } from '../src/localscale/index.js';
import { startStubServer, type StubServer } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => { stub = await startStubServer(); });
afterAll(async () => { await stub.close(); });
beforeEach(() => { stub.requests.length = 0; stub.script({ json: { ok: true } }); });

const root = () => stub.baseUrl.replace(/\/v1$/, '');

describe('createLocalScaleAdminClient', () => {
  it('talks to the server root, also when given the /v1 API root', async () => {
    expect(createLocalScaleAdminClient().baseUrl).toBe(defaultLocalScaleUrl);
    expect(createLocalScaleAdminClient({ baseUrl: stub.baseUrl }).baseUrl).toBe(root());
    stub.script({ json: { status: 'ok', version: '0.1.0' } });
    await expect(createLocalScaleAdminClient({ baseUrl: `${root()}/` }).health()).resolves.toEqual({ status: 'ok', version: '0.1.0' });
    expect(stub.requests[0]!.url).toBe('/health');
  });

  it('sends the credential and the typed bodies of the admin and compatibility endpoints', async () => {
    const admin = createLocalScaleAdminClient({ baseUrl: root(), serviceTokenId: 'id', serviceToken: 'secret' });
    await admin.seedDdl({ org: 'acme', database: 'shop', keyspace: 'shop', statements: ['CREATE TABLE t (id INT PRIMARY KEY)'], strategy: 'direct' });
    await admin.metadataQuery({ query: 'SELECT 1' });
    await admin.resetState();
    await admin.applyBranchSchema('acme', 'shop', 'dev', { ddl: { shop: ['ALTER TABLE t ADD COLUMN c INT'] } });
    await admin.refreshBranchSchema('acme', 'shop', 'dev');
    await admin.throttleDeployRequest('acme', 'shop', 3, { throttle_ratio: 0.5 });
    await admin.webhookDeliveries({ organization: 'acme', database: 'shop', limit: 5 });
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /admin/seed-ddl',
      'POST /admin/metadata-query',
      'POST /admin/reset-state',
      'POST /v1/organizations/acme/databases/shop/branches/dev/schema',
      'POST /v1/organizations/acme/databases/shop/branches/dev/refresh-schema',
      'PUT /v1/organizations/acme/databases/shop/deploy-requests/3/throttle',
      'GET /admin/webhook-deliveries?organization=acme&database=shop&limit=5',
    ]);
    expect(stub.requests.every((r) => r.headers.authorization === 'id:secret')).toBe(true);
    expect(stub.requests[5]!.json).toEqual({ throttle_ratio: 0.5 });
  });

  it('throws PlanetScaleError for failures', async () => {
    stub.script({ status: 404, json: { code: 'not_found', message: 'branch TLS is off' } });
    await expect(createLocalScaleAdminClient({ baseUrl: root(), retry: false }).tlsCerts()).rejects.toMatchObject({ name: 'PlanetScaleError', kind: 'not_found', message: 'branch TLS is off' });
  });
});
