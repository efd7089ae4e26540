// Each resource method calls the PlanetScale operation it is named after: method, path, query and body.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createPlanetScaleClient, verifyWebhookSignature, type PlanetScaleClient } from '../src/index.js';
import { startStubServer, type StubServer } from './support/stub-server.js';

let stub: StubServer;
let c: PlanetScaleClient;
beforeAll(async () => {
  stub = await startStubServer();
  c = createPlanetScaleClient({ baseUrl: stub.baseUrl, retry: false });
});
afterAll(async () => { await stub.close(); });
beforeEach(() => { stub.requests.length = 0; stub.script({ json: { ok: true } }); });

const db = '/v1/organizations/acme/databases/shop';
const dr = `${db}/deploy-requests/7`;
const br = `${db}/branches/dev`;

type Case = [name: string, call: () => Promise<unknown>, method: string, url: string, body?: unknown];

const cases: Case[] = [
  ['organizations.list', () => c.organizations.list({ per_page: 5 }), 'GET', '/v1/organizations?per_page=5'],
  ['organizations.get', () => c.organizations.get('acme'), 'GET', '/v1/organizations/acme'],
  ['databases.list', () => c.databases.list('acme', { q: 'sh' }), 'GET', '/v1/organizations/acme/databases?q=sh'],
  ['databases.get', () => c.databases.get('acme', 'shop'), 'GET', db],
  ['databases.create', () => c.databases.create('acme', { name: 'shop', cluster_size: 'PS_10' }), 'POST', '/v1/organizations/acme/databases', { name: 'shop', cluster_size: 'PS_10' }],
  ['databases.delete', () => c.databases.delete('acme', 'shop'), 'DELETE', db],
  ['databases.throttler', () => c.databases.throttler('acme', 'shop'), 'GET', `${db}/throttler`],
  ['databases.updateThrottler', () => c.databases.updateThrottler('acme', 'shop', { ratio: 50 }), 'PATCH', `${db}/throttler`, { ratio: 50 }],
  ['branches.list', () => c.branches.list('acme', 'shop', { production: false }), 'GET', `${db}/branches?production=false`],
  ['branches.get', () => c.branches.get('acme', 'shop', 'dev'), 'GET', br],
  ['branches.create', () => c.branches.create('acme', 'shop', { name: 'dev', parent_branch: 'main' }), 'POST', `${db}/branches`, { name: 'dev', parent_branch: 'main' }],
  ['branches.delete', () => c.branches.delete('acme', 'shop', 'dev'), 'DELETE', br],
  ['branches.promote', () => c.branches.promote('acme', 'shop', 'dev'), 'POST', `${br}/promote`],
  ['branches.demote', () => c.branches.demote('acme', 'shop', 'dev'), 'POST', `${br}/demote`],
  ['branches.enableSafeMigrations', () => c.branches.enableSafeMigrations('acme', 'shop', 'dev'), 'POST', `${br}/safe-migrations`],
  ['branches.disableSafeMigrations', () => c.branches.disableSafeMigrations('acme', 'shop', 'dev'), 'DELETE', `${br}/safe-migrations`],
  ['branches.schema', () => c.branches.schema('acme', 'shop', 'dev', { keyspace: 'shop' }), 'GET', `${br}/schema?keyspace=shop`],
  ['branches.lintSchema', () => c.branches.lintSchema('acme', 'shop', 'dev'), 'GET', `${br}/schema/lint`],
  ['keyspaces.list', () => c.keyspaces.list('acme', 'shop', 'dev'), 'GET', `${br}/keyspaces`],
  ['keyspaces.get', () => c.keyspaces.get('acme', 'shop', 'dev', 'orders'), 'GET', `${br}/keyspaces/orders`],
  ['keyspaces.vschema', () => c.keyspaces.vschema('acme', 'shop', 'dev', 'orders'), 'GET', `${br}/keyspaces/orders/vschema`],
  ['keyspaces.updateVSchema', () => c.keyspaces.updateVSchema('acme', 'shop', 'dev', 'orders', { vschema: '{}' }), 'PATCH', `${br}/keyspaces/orders/vschema`, { vschema: '{}' }],
  ['passwords.list', () => c.passwords.list('acme', 'shop', 'dev'), 'GET', `${br}/passwords`],
  ['passwords.create', () => c.passwords.create('acme', 'shop', 'dev', { name: 'ci', role: 'admin' }), 'POST', `${br}/passwords`, { name: 'ci', role: 'admin' }],
  ['passwords.get', () => c.passwords.get('acme', 'shop', 'dev', 'pw1'), 'GET', `${br}/passwords/pw1`],
  ['passwords.update', () => c.passwords.update('acme', 'shop', 'dev', 'pw1', { name: 'renamed' }), 'PATCH', `${br}/passwords/pw1`, { name: 'renamed' }],
  ['passwords.delete', () => c.passwords.delete('acme', 'shop', 'dev', 'pw1'), 'DELETE', `${br}/passwords/pw1`],
  ['passwords.renew', () => c.passwords.renew('acme', 'shop', 'dev', 'pw1'), 'POST', `${br}/passwords/pw1/renew`],
  ['deployRequests.list', () => c.deployRequests.list('acme', 'shop', { state: 'open' }), 'GET', `${db}/deploy-requests?state=open`],
  ['deployRequests.create', () => c.deployRequests.create('acme', 'shop', { branch: 'dev', notes: 'add index' }), 'POST', `${db}/deploy-requests`, { branch: 'dev', notes: 'add index' }],
  ['deployRequests.get', () => c.deployRequests.get('acme', 'shop', 7), 'GET', dr],
  ['deployRequests.close', () => c.deployRequests.close('acme', 'shop', 7), 'PATCH', dr, { state: 'closed' }],
  ['deployRequests.deploy', () => c.deployRequests.deploy('acme', 'shop', 7, { instant_ddl: true }), 'POST', `${dr}/deploy`, { instant_ddl: true }],
  ['deployRequests.applyDeploy', () => c.deployRequests.applyDeploy('acme', 'shop', 7), 'POST', `${dr}/apply-deploy`],
  ['deployRequests.cancel', () => c.deployRequests.cancel('acme', 'shop', 7), 'POST', `${dr}/cancel`],
  ['deployRequests.completeDeploy', () => c.deployRequests.completeDeploy('acme', 'shop', 7), 'POST', `${dr}/complete-deploy`],
  ['deployRequests.forceCutover', () => c.deployRequests.forceCutover('acme', 'shop', 7), 'POST', `${dr}/force-cutover`],
  ['deployRequests.revert', () => c.deployRequests.revert('acme', 'shop', 7), 'POST', `${dr}/revert`],
  ['deployRequests.skipRevert', () => c.deployRequests.skipRevert('acme', 'shop', 7), 'POST', `${dr}/skip-revert`],
  ['deployRequests.autoApply', () => c.deployRequests.autoApply('acme', 'shop', 7, false), 'PUT', `${dr}/auto-apply`, { enable: false }],
  ['deployRequests.autoDeleteBranch', () => c.deployRequests.autoDeleteBranch('acme', 'shop', 7, true), 'PUT', `${dr}/auto-delete-branch`, { enable: true }],
  ['deployRequests.deployment', () => c.deployRequests.deployment('acme', 'shop', 7), 'GET', `${dr}/deployment`],
  ['deployRequests.operations', () => c.deployRequests.operations('acme', 'shop', 7, { page: 2 }), 'GET', `${dr}/operations?page=2`],
  ['deployRequests.diff', () => c.deployRequests.diff('acme', 'shop', 7), 'GET', `${dr}/diff`],
  ['deployRequests.reviews', () => c.deployRequests.reviews('acme', 'shop', 7), 'GET', `${dr}/reviews`],
  ['deployRequests.review', () => c.deployRequests.review('acme', 'shop', 7, { state: 'commented', body: 'hmm' }), 'POST', `${dr}/reviews`, { state: 'commented', body: 'hmm' }],
  ['deployRequests.approve', () => c.deployRequests.approve('acme', 'shop', 7, 'ship it'), 'POST', `${dr}/reviews`, { state: 'approved', body: 'ship it' }],
  ['deployRequests.throttler', () => c.deployRequests.throttler('acme', 'shop', 7), 'GET', `${dr}/throttler`],
  ['deployRequests.throttle', () => c.deployRequests.throttle('acme', 'shop', 7, { ratio: 80 }), 'PATCH', `${dr}/throttler`, { ratio: 80 }],
  ['deployRequests.queue', () => c.deployRequests.queue('acme', 'shop'), 'GET', `${db}/deploy-queue`],
  ['webhooks.list', () => c.webhooks.list('acme', 'shop', { page: 2 }), 'GET', `${db}/webhooks?page=2`],
  ['webhooks.create', () => c.webhooks.create('acme', 'shop', { url: 'https://h.example/x', events: ['branch.ready'] }), 'POST', `${db}/webhooks`, { url: 'https://h.example/x', events: ['branch.ready'] }],
  ['webhooks.get', () => c.webhooks.get('acme', 'shop', 'wh1'), 'GET', `${db}/webhooks/wh1`],
  ['webhooks.update', () => c.webhooks.update('acme', 'shop', 'wh1', { enabled: false }), 'PATCH', `${db}/webhooks/wh1`, { enabled: false }],
  ['webhooks.delete', () => c.webhooks.delete('acme', 'shop', 'wh1'), 'DELETE', `${db}/webhooks/wh1`],
  ['webhooks.test', () => c.webhooks.test('acme', 'shop', 'wh1'), 'POST', `${db}/webhooks/wh1/test`],
  ['serviceTokens.list', () => c.serviceTokens.list('acme'), 'GET', '/v1/organizations/acme/service-tokens'],
  ['serviceTokens.create', () => c.serviceTokens.create('acme', { name: 'ci', ttl: 60 }), 'POST', '/v1/organizations/acme/service-tokens', { name: 'ci', ttl: 60 }],
  ['serviceTokens.get', () => c.serviceTokens.get('acme', 'tk1'), 'GET', '/v1/organizations/acme/service-tokens/tk1'],
  ['serviceTokens.delete', () => c.serviceTokens.delete('acme', 'tk1'), 'DELETE', '/v1/organizations/acme/service-tokens/tk1'],
  ['serviceTokens.accesses', () => c.serviceTokens.accesses('acme', 'tk1'), 'GET', '/v1/organizations/acme/service-tokens/tk1/access'],
  ['serviceTokens.addAccess', () => c.serviceTokens.addAccess('acme', 'tk1', { database: 'shop', access: ['read_branch'] }), 'POST', '/v1/organizations/acme/service-tokens/tk1/access', { database: 'shop', access: ['read_branch'] }],
  ['serviceTokens.deleteAccess', () => c.serviceTokens.deleteAccess('acme', 'tk1', { access: ['create_databases'] }), 'DELETE', '/v1/organizations/acme/service-tokens/tk1/access', { access: ['create_databases'] }],
  ['serviceTokens.grants', () => c.serviceTokens.grants('acme', 'tk1'), 'GET', '/v1/organizations/acme/service-tokens/tk1/grants'],
];

describe('resource methods', () => {
  it.each(cases)('%s', async (_name, call, method, url, body) => {
    await call();
    expect(stub.requests).toHaveLength(1);
    const [sent] = stub.requests;
    expect([sent!.method, sent!.url]).toEqual([method, url]);
    expect(sent!.json).toEqual(body);
  });

  it('returns the parsed body', async () => {
    stub.script({ json: { number: 7, deployment_state: 'ready' } });
    expect(await c.deployRequests.get('acme', 'shop', 7)).toEqual({ number: 7, deployment_state: 'ready' });
  });

  it('verifyWebhookSignature accepts the hex HMAC-SHA256 of the raw body under the secret, and nothing else', async () => {
    const body = '{"timestamp":1768903200,"event":"webhook.test"}';
    const signature = createHmac('sha256', 's3cret').update(body).digest('hex');
    expect(await verifyWebhookSignature(body, signature, 's3cret')).toBe(true);
    expect(await verifyWebhookSignature(new TextEncoder().encode(body), signature.toUpperCase(), 's3cret')).toBe(true);
    expect(await verifyWebhookSignature(`${body} `, signature, 's3cret')).toBe(false);
    expect(await verifyWebhookSignature(body, signature, 'other')).toBe(false);
    expect(await verifyWebhookSignature(body, undefined, 's3cret')).toBe(false);
    expect(await verifyWebhookSignature(body, 'zz', 's3cret')).toBe(false);
  });

  it('approve without a comment sends only the state', async () => {
    await c.deployRequests.approve('acme', 'shop', 7);
    expect(stub.requests[0]!.json).toEqual({ state: 'approved' });
  });
});
