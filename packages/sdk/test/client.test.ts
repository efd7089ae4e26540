// What goes on the wire: base URL, credentials (both of PlanetScale's forms, and the pscale CLI's
// environment variables), User-Agent and content headers.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlanetScaleClient, defaultBaseUrl, version } from '../src/index.js';
import { startStubServer, type StubServer } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => { stub = await startStubServer(); });
afterAll(async () => { await stub.close(); });
beforeEach(() => {
  stub.requests.length = 0;
  stub.script({ json: { name: 'acme' } });
  for (const name of ['PLANETSCALE_SERVICE_TOKEN_ID', 'PLANETSCALE_SERVICE_TOKEN', 'PLANETSCALE_ORG']) vi.stubEnv(name, '');
});
afterEach(() => { vi.unstubAllEnvs(); });

const getOrg = (client = createPlanetScaleClient({ baseUrl: stub.baseUrl })) => client.organizations.get('acme');

describe('credentials', () => {
  it('sends a service token as `<id>:<token>` with no scheme', async () => {
    await getOrg(createPlanetScaleClient({ baseUrl: stub.baseUrl, serviceTokenId: 'tok-id', serviceToken: 'pscale_tkn_s3cret' }));
    expect(stub.requests[0]!.headers.authorization).toBe('tok-id:pscale_tkn_s3cret');
  });

  it('sends an access token as Bearer, in preference to a service token', async () => {
    await getOrg(createPlanetScaleClient({ baseUrl: stub.baseUrl, accessToken: 'oauth-abc', serviceTokenId: 'id', serviceToken: 'tok' }));
    expect(stub.requests[0]!.headers.authorization).toBe('Bearer oauth-abc');
  });

  it('reads the service token and organization from the pscale environment variables', async () => {
    vi.stubEnv('PLANETSCALE_SERVICE_TOKEN_ID', 'env-id');
    vi.stubEnv('PLANETSCALE_SERVICE_TOKEN', 'env-secret');
    vi.stubEnv('PLANETSCALE_ORG', 'env-org');
    const client = createPlanetScaleClient({ baseUrl: stub.baseUrl });
    await getOrg(client);
    expect(stub.requests[0]!.headers.authorization).toBe('env-id:env-secret');
    expect(client.organization).toBe('env-org');
  });

  it('lets options win over the environment', async () => {
    vi.stubEnv('PLANETSCALE_SERVICE_TOKEN_ID', 'env-id');
    vi.stubEnv('PLANETSCALE_SERVICE_TOKEN', 'env-secret');
    vi.stubEnv('PLANETSCALE_ORG', 'env-org');
    const client = createPlanetScaleClient({ baseUrl: stub.baseUrl, serviceTokenId: 'opt-id', serviceToken: 'opt-secret', organization: 'opt-org' });
    await getOrg(client);
    expect(stub.requests[0]!.headers.authorization).toBe('opt-id:opt-secret');
    expect(client.organization).toBe('opt-org');
  });

  it('sends no Authorization header when there is no complete credential', async () => {
    vi.stubEnv('PLANETSCALE_SERVICE_TOKEN_ID', 'only-the-id');
    await getOrg();
    expect(stub.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe('requests', () => {
  it("defaults to PlanetScale's API root and accepts another one with a trailing slash", async () => {
    expect(createPlanetScaleClient().baseUrl).toBe('https://api.planetscale.com/v1');
    expect(defaultBaseUrl).toBe('https://api.planetscale.com/v1');
    await getOrg(createPlanetScaleClient({ baseUrl: `${stub.baseUrl}/` }));
    expect(stub.requests[0]!.url).toBe('/v1/organizations/acme');
  });

  it('sends Accept and a versioned User-Agent, or the one given', async () => {
    await getOrg();
    expect(stub.requests[0]!.headers.accept).toBe('application/json');
    expect(stub.requests[0]!.headers['user-agent']).toBe(`localscale-sdk/${version}`);
    await getOrg(createPlanetScaleClient({ baseUrl: stub.baseUrl, userAgent: 'schema-bot/2.1' }));
    expect(stub.requests[1]!.headers['user-agent']).toBe('schema-bot/2.1');
  });

  it('sends JSON bodies with Content-Type and none on bodiless requests', async () => {
    const client = createPlanetScaleClient({ baseUrl: stub.baseUrl });
    stub.script({ status: 201, json: { name: 'shop' } });
    await client.databases.create('acme', { name: 'shop', cluster_size: 'PS_10' });
    const [post] = stub.requests;
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.json).toEqual({ name: 'shop', cluster_size: 'PS_10' });
    stub.script({ status: 204 });
    await client.databases.delete('acme', 'shop');
    expect(stub.requests[1]!.headers['content-type']).toBeUndefined();
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const client = createPlanetScaleClient({ baseUrl: stub.baseUrl, fetch: (request) => { seen.push(`${request.method} ${request.url}`); return fetch(request); } });
    await getOrg(client);
    expect(seen).toEqual([`GET ${stub.baseUrl}/organizations/acme`]);
  });

  it('encodes path parameters', async () => {
    await createPlanetScaleClient({ baseUrl: stub.baseUrl }).databases.get('acme', 'a/b c');
    expect(stub.requests[0]!.url).toBe('/v1/organizations/acme/databases/a%2Fb%20c');
  });
});
