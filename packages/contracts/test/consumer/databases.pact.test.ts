import { describe, expect, it } from 'vitest';
import {
  apiError, authorized, expectNotFound, expectRefusal, boolean, databaseStates, id, injected, integer, like, list, oneOf, planetscalePact, region, sdkFor, timestamp, url,
} from './support.js';

const pact = planetscalePact();

const database = {
  id: id(), name: like('shop'), kind: 'mysql', state: 'ready', ready: true, default_branch: 'main', sharded: false,
  require_approval_for_deploy: boolean(false), branches_count: integer(1), region,
  url: url('https://api.planetscale.com/v1/organizations/acme/databases/shop'),
  branches_url: url('https://api.planetscale.com/v1/organizations/acme/databases/shop/branches'),
  html_url: url('https://app.planetscale.com/acme/shop'),
  created_at: timestamp(), updated_at: timestamp(),
};

describe('databases', () => {
  it('lists databases', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to list databases')
    .withRequest('GET', injected('/v1/organizations/${organization}/databases'), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list({ id: id(), name: like('shop'), kind: 'mysql', state: oneOf(databaseStates, 'ready'), created_at: timestamp() })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).databases.list('acme')).data.map((d) => d.name)).toContain('shop');
    }));

  it('gets a database', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to get a database')
    .withRequest('GET', injected('/v1/organizations/${organization}/databases/${database}'), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(database); })
    .executeTest(async (server) => {
      const db = await sdkFor(server).databases.get('acme', 'shop');
      expect(db.ready).toBe(true);
    }));

  it('answers 404 not_found for a database that does not exist', () => expectNotFound(pact, {
    given: 'an organization', receiving: 'a request to get a database that does not exist',
    method: 'GET', path: '/v1/organizations/${organization}/databases/no-such-database',
    call: (server) => sdkFor(server).databases.get('acme', 'no-such-database'),
  }));

  it('creates a database (201)', () => pact.addInteraction()
    .given('a database name that is not taken')
    .uponReceiving('a request to create a database')
    .withRequest('POST', injected('/v1/organizations/${organization}/databases'), (b) => {
      b.headers(authorized);
      b.jsonBody({ name: injected('${name}'), cluster_size: 'PS_10' });
    })
    .willRespondWith(201, (b) => {
      b.jsonBody({ ...database, state: oneOf(databaseStates, 'pending'), ready: boolean(false), branches_count: integer(1) });
    })
    .executeTest(async (server) => {
      const db = await sdkFor(server).databases.create('acme', { name: 'shop', cluster_size: 'PS_10' });
      expect(db.name).toBe('shop');
    }));

  it('refuses to create a database without a cluster size (422)', () => expectRefusal(pact, {
    given: 'a database name that is not taken', receiving: 'a request to create a database without a cluster size',
    method: 'POST', path: '/v1/organizations/${organization}/databases', body: { name: injected('${name}') },
    status: 422, error: apiError('unprocessable', { exactCode: false, message: like('cluster_size is required') }),
    // JavaScript callers can send what the types forbid.
    call: (server) => sdkFor(server).databases.create('acme', { name: 'shop' } as unknown as { name: string; cluster_size: string }),
  }));

  it('deletes a database (204)', () => pact.addInteraction()
    .given('a database that may be deleted')
    .uponReceiving('a request to delete a database')
    .withRequest('DELETE', injected('/v1/organizations/${organization}/databases/${database}'), (b) => { b.headers(authorized); })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).databases.delete('acme', 'shop')).resolves.toBeUndefined();
    }));
});
