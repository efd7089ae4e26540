import { describe, expect, it } from 'vitest';
import { apiError, authorized, expectNotFound, expectRefusal, boolean, containing, id, injected, integer, like, list, planetscalePact, regex, sdkFor, timestamp } from './support.js';

const pact = planetscalePact();

const keyspacePath = '/v1/organizations/${organization}/databases/${database}/branches/main/keyspaces/${keyspace}';

/** The one unsharded keyspace of a new database, named after it. */
const keyspace = {
  id: id(), name: like('shop'), shards: 1, sharded: false, ready: true, replicas: integer(2), resizing: boolean(false),
  created_at: timestamp(), updated_at: timestamp(),
};

describe('keyspaces and VSchema', () => {
  it('lists the keyspaces of a branch', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to list keyspaces')
    .withRequest('GET', injected('/v1/organizations/${organization}/databases/${database}/branches/main/keyspaces'), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list(keyspace, { onePage: true })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).keyspaces.list('acme', 'shop', 'main')).data[0]?.shards).toBe(1);
    }));

  it('gets a keyspace', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to get a keyspace')
    .withRequest('GET', injected(keyspacePath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(keyspace); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).keyspaces.get('acme', 'shop', 'main', 'shop')).sharded).toBe(false);
    }));

  it('answers 404 not_found for a keyspace that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to get a keyspace that does not exist',
    method: 'GET', path: '/v1/organizations/${organization}/databases/${database}/branches/main/keyspaces/no_such_keyspace',
    call: (server) => sdkFor(server).keyspaces.get('acme', 'shop', 'main', 'no_such_keyspace'),
  }));

  it('gets the VSchema of a keyspace as a JSON string', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to get the VSchema of a keyspace')
    .withRequest('GET', injected(`${keyspacePath}/vschema`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ raw: regex(/^\s*\{[\s\S]*\}\s*$/, '{}') }); })
    .executeTest(async (server) => {
      const vschema = await sdkFor(server).keyspaces.vschema('acme', 'shop', 'main', 'shop');
      expect(JSON.parse(vschema.raw)).toBeTypeOf('object');
    }));

  it('updates the VSchema of a development branch keyspace', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to update the VSchema of a keyspace')
    .withRequest('PATCH', injected('/v1/organizations/${organization}/databases/${database}/branches/${branch}/keyspaces/${keyspace}/vschema'), (b) => {
      b.headers(authorized);
      b.jsonBody({ vschema: '{"tables":{"widgets":{}}}' });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ raw: containing('"widgets"', '{"tables":{"widgets":{}}}') }); })
    .executeTest(async (server) => {
      const vschema = await sdkFor(server).keyspaces.updateVSchema('acme', 'shop', 'feature', 'shop', { vschema: '{"tables":{"widgets":{}}}' });
      expect(vschema.raw).toContain('widgets');
    }));

  it('refuses a VSchema that is not valid (422)', () => expectRefusal(pact, {
    given: 'a ready development branch feature', receiving: 'a request to update the VSchema of a keyspace with invalid JSON',
    method: 'PATCH', path: '/v1/organizations/${organization}/databases/${database}/branches/${branch}/keyspaces/${keyspace}/vschema', body: { vschema: '{"tables": ' },
    status: 422, error: apiError('unprocessable', { exactCode: false, message: like('invalid VSchema') }),
    call: (server) => sdkFor(server).keyspaces.updateVSchema('acme', 'shop', 'feature', 'shop', { vschema: '{"tables": ' }),
  }));
});
