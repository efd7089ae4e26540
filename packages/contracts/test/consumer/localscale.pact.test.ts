// LocalScale's own surface: health, the /admin test helpers and the upstream Go LocalScale's
// compatibility endpoints. Expectations follow the upstream server's shapes (the promise is that its
// clients keep working); only LocalScale is verified against this contract.
import { describe, expect, it } from 'vitest';
import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';
import { adminFor, apiError, authorized, expectNotFound, expectRefusal, eachLike, injected, integer, like, localscalePact } from './support.js';

const pact = localscalePact();

const branchPath = '/v1/organizations/${organization}/databases/${database}/branches/${branch}';
const target = { org: 'acme', database: 'shop', keyspace: 'shop' };
const createGadgets = 'CREATE TABLE `gadgets` (`id` bigint NOT NULL, PRIMARY KEY (`id`))';

describe('LocalScale surface', () => {
  it('reports health without a credential', () => pact.addInteraction()
    .uponReceiving('a request for the health of the server')
    .withRequest('GET', '/health')
    .willRespondWith(200, (b) => { b.jsonBody({ status: 'ok', version: like('0.1.0') }); })
    .executeTest(async (server) => {
      const anonymous = createLocalScaleAdminClient({ baseUrl: server.url, serviceTokenId: '', serviceToken: '', retry: false });
      expect((await anonymous.health()).status).toBe('ok');
    }));

  it('applies DDL to a development branch (compatibility endpoint)', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to apply DDL to a branch')
    .withRequest('POST', injected(`${branchPath}/schema`), (b) => {
      b.headers(authorized);
      b.jsonBody({ ddl: { shop: [createGadgets] } });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ ok: true, total_ddl: 1, vschema_count: 0 }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).applyBranchSchema('acme', 'shop', 'feature', { ddl: { shop: [createGadgets] } })).total_ddl).toBe(1);
    }));

  it('answers 404 not_found when applying DDL to a branch that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to apply DDL to a branch that does not exist',
    method: 'POST', path: '/v1/organizations/${organization}/databases/${database}/branches/no-such-branch/schema', body: { ddl: { shop: [createGadgets] } },
    call: (server) => adminFor(server).applyBranchSchema('acme', 'shop', 'no-such-branch', { ddl: { shop: [createGadgets] } }),
  }));

  it('re-snapshots a branch from main (compatibility endpoint)', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to refresh the schema of a branch')
    .withRequest('POST', injected(`${branchPath}/refresh-schema`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ name: 'feature', ready: false }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).refreshBranchSchema('acme', 'shop', 'feature')).ready).toBe(false);
    }));

  it('throttles a deploy request with a Vitess fraction (compatibility endpoint)', () => pact.addInteraction()
    .given('deploy request 1 is open and ready to deploy')
    .uponReceiving('a request to throttle a deploy request with a fraction')
    .withRequest('PUT', injected('/v1/organizations/${organization}/databases/${database}/deploy-requests/${number}/throttle'), (b) => {
      b.headers(authorized);
      b.jsonBody({ throttle_ratio: 0.5 });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ status: 'ok' }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).throttleDeployRequest('acme', 'shop', 1, { throttle_ratio: 0.5 })).status).toBe('ok');
    }));

  it('refuses a throttle fraction above 0.95 (422)', () => expectRefusal(pact, {
    given: 'deploy request 1 is open and ready to deploy', receiving: 'a request to throttle a deploy request with a fraction above 0.95',
    method: 'PUT', path: '/v1/organizations/${organization}/databases/${database}/deploy-requests/${number}/throttle', body: { throttle_ratio: 1 },
    status: 422, error: apiError('unprocessable', { message: like('throttle_ratio must be between 0.0 and 0.95') }),
    call: (server) => adminFor(server).throttleDeployRequest('acme', 'shop', 1, { throttle_ratio: 1 }),
  }));
});

describe('LocalScale admin helpers', () => {
  it('runs DDL directly on the base branch (seed-ddl)', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to seed DDL')
    .withRequest('POST', '/admin/seed-ddl', (b) => {
      b.headers(authorized);
      b.jsonBody({ ...target, statements: [createGadgets] });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ ok: true, executed: 1 }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).seedDdl({ ...target, statements: [createGadgets] })).executed).toBe(1);
    }));

  it('answers 404 not_found when seeding a database that does not exist', () => expectNotFound(pact, {
    given: 'an organization', receiving: 'a request to seed DDL into a database that does not exist',
    method: 'POST', path: '/admin/seed-ddl', body: { ...target, database: 'no-such-database', statements: [createGadgets] },
    call: (server) => adminFor(server).seedDdl({ ...target, database: 'no-such-database', statements: [createGadgets] }),
  }));

  it('sets the VSchema of the base branch (seed-vschema)', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to seed a VSchema')
    .withRequest('POST', '/admin/seed-vschema', (b) => {
      b.headers(authorized);
      b.jsonBody({ ...target, vschema: { tables: { widgets: {} } } });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ ok: true }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).seedVSchema({ ...target, vschema: { tables: { widgets: {} } } })).ok).toBe(true);
    }));

  it('reads through the keyspace, every value a string (vtgate-exec)', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to run a query through vtgate')
    .withRequest('POST', '/admin/vtgate-exec', (b) => {
      b.headers(authorized);
      b.jsonBody({ ...target, query: 'SELECT COUNT(*) AS n FROM widgets' });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ columns: ['n'], rows: [['0']] }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).vtgateExec({ ...target, query: 'SELECT COUNT(*) AS n FROM widgets' })).rows).toEqual([['0']]);
    }));

  it('reads LocalScale\'s metadata (metadata-query)', () => pact.addInteraction()
    .given('an organization')
    .uponReceiving('a request to query the metadata')
    .withRequest('POST', '/admin/metadata-query', (b) => {
      b.headers(authorized);
      b.jsonBody({ query: 'SELECT 1 AS one' });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ columns: ['one'], rows: [['1']] }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).metadataQuery({ query: 'SELECT 1 AS one' })).columns).toEqual(['one']);
    }));

  it('reads a branch\'s own database (branch-db-query)', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to query the database of a branch')
    .withRequest('POST', '/admin/branch-db-query', (b) => {
      b.headers(authorized);
      b.jsonBody({ branch: 'feature', keyspace: 'shop', query: 'SHOW TABLES' });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ columns: eachLike(like('Tables_in_shop')), rows: [['widgets']] }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).branchDbQuery({ branch: 'feature', keyspace: 'shop', query: 'SHOW TABLES' })).rows).toEqual([['widgets']]);
    }));

  it('resets the state (reset-state)', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to reset the state')
    .withRequest('POST', '/admin/reset-state', (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ ok: true }); })
    .executeTest(async (server) => {
      expect((await adminFor(server).resetState()).ok).toBe(true);
    }));

  it('lists recent webhook deliveries with their attempts (webhook-deliveries)', () => pact.addInteraction()
    .given('a webhook that was sent a test event')
    .uponReceiving('a request for the recent webhook deliveries of a database')
    .withRequest('GET', '/admin/webhook-deliveries', (b) => {
      b.headers(authorized);
      b.query({ organization: 'acme', database: 'shop' });
    })
    .willRespondWith(200, (b) => {
      b.jsonBody({ data: eachLike({ id: integer(1), webhook_id: like('k2m9x0abc123'), organization: 'acme', database: 'shop', event: 'webhook.test', state: like('pending'), attempts: integer(0), body: like('{}') }) });
    })
    .executeTest(async (server) => {
      expect((await adminFor(server).webhookDeliveries({ organization: 'acme', database: 'shop' })).data[0]?.event).toBe('webhook.test');
    }));

  it('answers 404 for the TLS material while branch TLS is off (tls-certs)', () => expectNotFound(pact, {
    given: 'an organization', receiving: 'a request for the TLS material with TLS off',
    method: 'GET', path: '/admin/tls-certs', message: like('TLS not enabled (BranchTLSMode is none)'),
    call: (server) => adminFor(server).tlsCerts(),
  }));
});
