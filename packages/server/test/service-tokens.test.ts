// Service tokens made through the API, in strict mode: created (the secret shown once), given
// PlanetScale's accesses on the organization or a database, authenticated, held to exactly those
// accesses in every kind of operation (404 where the token cannot see, 403 where it lacks the access,
// lists filtered), refused with 401 once deleted or expired; approvals keep PlanetScale's rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanetScaleClient, type PlanetScaleClient, type PlanetScaleError } from '@localscale/sdk';
import { branchWith, seedMain, waitFor } from './deploy/support.js';
import { ManualClock } from './support/clock.js';
import { startTestServer, type TestServer } from './support/localscale.js';

const admin = { id: 'ci-admin', token: 'pscale_tkn_configured_admin' };
const config = {
  auth: { mode: 'strict' as const, service_tokens: [admin] },
  organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] }, other: {} } }, globex: { databases: { plant: {} } } },
};
const org = 'acme';

const outcome = async (p: Promise<unknown>) => p.then(() => 'ok', (e: PlanetScaleError) => `${e.status} ${e.code}`);

let ls: TestServer;
const clock = new ManualClock();
const clientFor = (t: { id: string; token?: string | null }) =>
  createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: t.id, serviceToken: t.token!, retry: false });

beforeAll(async () => {
  ls = await startTestServer(config, { clock, credential: admin });
  await seedMain(ls, 'shop', ['CREATE TABLE t (id bigint PRIMARY KEY)']);
});
afterAll(async () => { await ls?.stop(); });

async function tokenWith(accesses: { database?: string; access: string[] }[], body: { name?: string; ttl?: number } = {}, by: PlanetScaleClient = ls.client) {
  const token = await by.serviceTokens.create(org, body);
  for (const a of accesses) await ls.client.serviceTokens.addAccess(org, token.id, a);
  return { token, client: clientFor(token) };
}

describe('service tokens', () => {
  it('are created with the plain token shown once, listed and read without it, and carry their accesses', async () => {
    const created = await ls.client.serviceTokens.create(org, { name: 'ci' });
    expect(created).toMatchObject({ name: 'ci', display_name: 'ci', actor_id: admin.id, actor_type: 'ServiceToken', expires_at: null, last_used_at: null, service_token_accesses: [], oauth_accesses_by_resource: null });
    expect(created.token).toMatch(/^pscale_tkn_[0-9A-Za-z]{43}$/);
    expect((await ls.client.serviceTokens.get(org, created.id)).token).toBeNull();
    expect((await ls.client.serviceTokens.list(org)).data.find((t) => t.id === created.id)?.token).toBeNull();

    const onShop = await ls.client.serviceTokens.addAccess(org, created.id, { database: 'shop', access: ['read_branch', 'create_branch', 'read_branch'] });
    expect(onShop.data.map((a) => [a.type, a.access, a.resource.type, a.resource.name])).toEqual([
      ['DatabaseAccess', 'create_branch', 'Database', 'shop'], ['DatabaseAccess', 'read_branch', 'Database', 'shop']]);
    const onOrg = await ls.client.serviceTokens.addAccess(org, created.id, { access: ['create_databases'] });
    expect(onOrg.data.map((a) => [a.type, a.access, a.resource.name])).toEqual([['OrganizationAccess', 'create_databases', 'acme']]);
    // The organization's accesses first, then each database's.
    expect((await ls.client.serviceTokens.accesses(org, created.id)).data.map((a) => a.access)).toEqual(['create_databases', 'create_branch', 'read_branch']);
    expect((await ls.client.serviceTokens.grants(org, created.id)).data.map((g) => [g.resource_type, g.resource_name, g.accesses.map((a) => a.access)])).toEqual([
      ['Organization', 'acme', ['create_databases']], ['Database', 'shop', ['create_branch', 'read_branch']]]);
    const shown = await ls.client.serviceTokens.get(org, created.id);
    expect(shown.service_token_accesses?.map((a) => [a.access, a.resource_type, a.resource_name, a.description])).toEqual([
      ['create_databases', 'Organization', 'acme', 'Create databases'], ['create_branch', 'Database', 'shop', 'Create branches'],
      ['read_branch', 'Database', 'shop', 'Read branches, their schema and keyspaces']]);

    await ls.client.serviceTokens.deleteAccess(org, created.id, { database: 'shop', access: ['create_branch', 'approve_deploy_request'] });
    expect((await ls.client.serviceTokens.accesses(org, created.id)).data.map((a) => a.access)).toEqual(['create_databases', 'read_branch']);
  });

  it('refuses unknown access names, accesses at the wrong level, unknown databases; an unknown token id is 403 as on PlanetScale', async () => {
    const { id } = await ls.client.serviceTokens.create(org, {});
    expect(await outcome(ls.client.serviceTokens.addAccess(org, id, { database: 'shop', access: ['read_everything'] }))).toBe('422 unprocessable');
    expect(await outcome(ls.client.serviceTokens.addAccess(org, id, { access: ['read_branch'] }))).toBe('422 unprocessable');
    expect(await outcome(ls.client.serviceTokens.addAccess(org, id, { database: 'shop', access: ['create_databases'] }))).toBe('422 unprocessable');
    expect(await outcome(ls.client.serviceTokens.addAccess(org, id, { database: 'nope', access: ['read_branch'] }))).toBe('404 not_found');
    expect(await outcome(ls.client.serviceTokens.addAccess(org, id, { database: 'plant', access: ['read_branch'] }))).toBe('404 not_found');
    expect(await outcome(ls.client.serviceTokens.get(org, 'nosuchtoken0'))).toBe('403 forbidden');
    expect(await outcome(ls.client.serviceTokens.delete(org, 'nosuchtoken0'))).toBe('403 forbidden');
  });
});

describe('a token made through the API reads only what its accesses allow', () => {
  it('sees only its organization and the databases it has accesses on; needs the operation\'s access there', async () => {
    const { token, client } = await tokenWith([{ database: 'shop', access: ['read_branch'] }]);
    expect((await client.organizations.list()).data.map((o) => o.name)).toEqual(['acme']);
    expect((await client.databases.list(org)).data.map((d) => d.name)).toEqual(['shop']);
    expect(await outcome(client.databases.get(org, 'shop'))).toBe('ok');
    expect(await outcome(client.branches.list(org, 'shop'))).toBe('ok');
    expect(await outcome(client.branches.get(org, 'shop', 'main'))).toBe('ok');
    expect(await outcome(client.keyspaces.list(org, 'shop', 'main'))).toBe('ok');
    // Lacking the access on a database it can see: 403.
    expect(await outcome(client.branches.create(org, 'shop', { name: 'nope', parent_branch: 'main' }))).toBe('403 forbidden');
    expect(await outcome(client.deployRequests.list(org, 'shop'))).toBe('403 forbidden');
    expect(await outcome(client.webhooks.list(org, 'shop'))).toBe('403 forbidden');
    expect(await outcome(client.databases.delete(org, 'shop'))).toBe('403 forbidden');
    expect(await outcome(client.organizations.get(org))).toBe('403 forbidden');
    expect(await outcome(client.databases.create(org, { name: 'more', cluster_size: 'PS_10' }))).toBe('403 forbidden');
    expect(await outcome(client.serviceTokens.list(org))).toBe('403 forbidden');
    // What it cannot see at all: 404, whether it exists or not.
    expect(await outcome(client.databases.get(org, 'other'))).toBe('404 not_found');
    expect(await outcome(client.branches.list(org, 'other'))).toBe('404 not_found');
    expect(await outcome(client.databases.get(org, 'no-such-database'))).toBe('404 not_found');
    expect(await outcome(client.databases.list('globex'))).toBe('404 not_found');
    expect(await outcome(client.databases.get('globex', 'plant'))).toBe('404 not_found');
    // LocalScale's own surface is for configured tokens.
    const adminCall = await fetch(`${ls.url}/admin/webhook-deliveries`, { headers: { authorization: `${token.id}:${token.token}` } });
    expect(adminCall.status).toBe(403);
    expect(await adminCall.json()).toMatchObject({ code: 'forbidden' });
  });

  it('organization-level accesses: create_databases creates, read_databases reads every database', async () => {
    const creator = await tokenWith([{ access: ['create_databases'] }]);
    expect(await outcome(creator.client.databases.create(org, { name: 'fresh', cluster_size: 'PS_10' }))).toBe('ok');
    expect((await creator.client.databases.list(org)).data).toEqual([]);
    const reader = await tokenWith([{ access: ['read_databases'] }]);
    expect((await reader.client.databases.list(org)).data.map((d) => d.name).sort()).toEqual(['fresh', 'other', 'shop']);
    expect(await outcome(reader.client.databases.get(org, 'other'))).toBe('ok');
    expect(await outcome(reader.client.branches.list(org, 'other'))).toBe('403 forbidden');
    await ls.client.databases.delete(org, 'fresh');
  });

  it('development-branch accesses do not reach a production branch', async () => {
    await branchWith(ls, 'feature', {});
    const { client } = await tokenWith([{ database: 'shop', access: ['connect_branch', 'read_branch'] }]);
    expect(await outcome(client.passwords.create(org, 'shop', 'feature', { role: 'reader' }))).toBe('ok');
    const refused = await client.passwords.create(org, 'shop', 'main', { role: 'reader' }).catch((e: PlanetScaleError) => e);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden', message: expect.stringContaining('production branch') });
    // A branch that does not exist is the handler's 404, not a refusal.
    expect(await outcome(client.passwords.create(org, 'shop', 'ghost', { role: 'reader' }))).toBe('404 not_found');
  });

  it('a deleted token is refused with 401 at once; so is an expired one', async () => {
    const { token, client } = await tokenWith([{ database: 'shop', access: ['read_branch'] }], { ttl: 60 });
    expect(await outcome(client.branches.list(org, 'shop'))).toBe('ok');
    clock.advance(61_000);
    const expired = await client.branches.list(org, 'shop').catch((e: PlanetScaleError) => e);
    expect(expired).toMatchObject({ status: 401, code: 'unauthorized', message: expect.stringContaining('expired') });

    const other = await tokenWith([{ database: 'shop', access: ['read_branch'] }]);
    expect(await outcome(other.client.branches.list(org, 'shop'))).toBe('ok');
    expect((await ls.client.serviceTokens.get(org, other.token.id)).last_used_at).toEqual(expect.any(String));
    await ls.client.serviceTokens.delete(org, other.token.id);
    expect(await outcome(other.client.branches.list(org, 'shop'))).toBe('401 unauthorized');
    expect(await outcome(other.client.organizations.list())).toBe('401 unauthorized');
    expect(token.expires_at).toEqual(expect.any(String));
  });
});

describe('approvals', () => {
  it('a token cannot approve what it opened, nor can whoever created that token; anyone else with approve_deploy_request can', async () => {
    await ls.call('/admin/metadata-query', { method: 'POST', json: { query: 'UPDATE `databases` SET require_approval_for_deploy = 1 WHERE name = ?', args: ['shop'] } });
    await branchWith(ls, 'approve-me', { shop: ['ALTER TABLE t ADD COLUMN c int'] });
    const deployer = [{ database: 'shop', access: ['create_deploy_request', 'read_deploy_request', 'approve_deploy_request'] }];
    const author = await tokenWith(deployer);
    const dr = await author.client.deployRequests.create(org, 'shop', { branch: 'approve-me', into_branch: 'main' });
    await waitFor(ls, dr.number, ['ready']);
    const own = await author.client.deployRequests.approve(org, 'shop', dr.number).catch((e: PlanetScaleError) => e);
    expect(own).toMatchObject({ status: 403, message: 'You cannot approve your own deploy request' });
    const byCreator = await ls.client.deployRequests.approve(org, 'shop', dr.number).catch((e: PlanetScaleError) => e);
    expect(byCreator).toMatchObject({ status: 403, message: 'You cannot approve a deploy request opened by a service token you created' });
    const reviewer = await tokenWith(deployer);
    expect(await outcome(reviewer.client.deployRequests.approve(org, 'shop', dr.number))).toBe('ok');
    expect(await outcome(author.client.deployRequests.deploy(org, 'shop', dr.number))).toBe('ok');
  });
});

describe('permissive mode', () => {
  it('is unchanged: any well-formed credential, a token made through the API included, may do everything', async () => {
    const open = await startTestServer({ organizations: config.organizations });
    try {
      const made = await open.client.serviceTokens.create(org, {});
      const client = createPlanetScaleClient({ baseUrl: open.apiUrl, serviceTokenId: made.id, serviceToken: made.token!, retry: false });
      expect((await client.databases.list(org)).data.map((d) => d.name)).toEqual(['shop', 'other']);
      await open.client.serviceTokens.delete(org, made.id);
      expect(await outcome(client.databases.list(org))).toBe('ok');
    } finally {
      await open.stop();
    }
  });
});
