import { describe, expect, it } from 'vitest';
import { apiError, authorized, eachLike, expectRefusal, id, injected, like, list, nullValue, planetscalePact, sdkFor, timestamp } from './support.js';

const pact = planetscalePact();

const tokensPath = '/v1/organizations/${organization}/service-tokens';
const tokenPath = `${tokensPath}/\${id}`;

/** PlanetScale's service token object (published spec); `token` is the plain secret, sent only on create. */
const serviceToken = (fields: Record<string, unknown> = {}) => ({
  id: id('k2m9x0abc123'), name: 'pact', display_name: like('pact'), avatar_url: like('https://www.gravatar.com/avatar/x'),
  created_at: timestamp(), updated_at: timestamp(), expires_at: nullValue(), ...fields,
});

/** One access as the Go SDK reads it from .../access: `read_branch` on the database. */
const databaseAccess = {
  id: id(), type: 'DatabaseAccess', access: 'read_branch',
  resource: { id: id(), type: 'Database', name: like('shop'), created_at: timestamp(), updated_at: timestamp() },
};

describe('service tokens', () => {
  it('creates a service token (200, as PlanetScale answers) with its plain token, shown this once', () => pact.addInteraction()
    .given('an organization')
    .uponReceiving('a request to create a service token')
    .withRequest('POST', injected(tokensPath), (b) => {
      b.headers(authorized);
      b.jsonBody({ name: 'pact' });
    })
    .willRespondWith(200, (b) => { b.jsonBody(serviceToken({ token: like('pscale_tkn_example') })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).serviceTokens.create('acme', { name: 'pact' })).token).toBeTruthy();
    }));

  it('lists the organization\'s service tokens, without their secrets', () => pact.addInteraction()
    .given('a service token')
    .uponReceiving('a request to list service tokens')
    .withRequest('GET', injected(tokensPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list({ id: id(), display_name: like('pact'), created_at: timestamp() })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).serviceTokens.list('acme')).data.length).toBeGreaterThan(0);
    }));

  it('gets a service token, without its secret', () => pact.addInteraction()
    .given('a service token')
    .uponReceiving('a request to get a service token')
    .withRequest('GET', injected(tokenPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(serviceToken({ token: nullValue() })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).serviceTokens.get('acme', 'k2m9x0abc123')).token).toBeNull();
    }));

  it('answers 403 forbidden for a service token id the organization does not have (observed on PlanetScale)', () => expectRefusal(pact, {
    given: 'an organization', receiving: 'a request to delete a service token that does not exist',
    method: 'DELETE', path: `${tokensPath}/nosuchtoken0`, status: 403, error: apiError('forbidden', { message: like('Forbidden') }),
    call: (server) => sdkFor(server).serviceTokens.delete('acme', 'nosuchtoken0'),
  }));

  it('grants database accesses and answers with the token\'s accesses on that database', () => pact.addInteraction()
    .given('a service token with read_branch on the database')
    .uponReceiving('a request to grant a service token accesses on a database')
    .withRequest('POST', injected(`${tokenPath}/access`), (b) => {
      b.headers(authorized);
      b.jsonBody({ database: injected('${database}'), access: ['read_branch'] });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ data: eachLike(databaseAccess) }); })
    .executeTest(async (server) => {
      const granted = await sdkFor(server).serviceTokens.addAccess('acme', 'k2m9x0abc123', { database: 'shop', access: ['read_branch'] });
      expect(granted.data.map((a) => a.access)).toContain('read_branch');
    }));

  it('lists a service token\'s accesses', () => pact.addInteraction()
    .given('a service token with read_branch on the database')
    .uponReceiving('a request to list a service token\'s accesses')
    .withRequest('GET', injected(`${tokenPath}/access`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ data: eachLike(databaseAccess) }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).serviceTokens.accesses('acme', 'k2m9x0abc123')).data[0]?.type).toBe('DatabaseAccess');
    }));

  it('lists a service token\'s grants by resource', () => pact.addInteraction()
    .given('a service token with read_branch on the database')
    .uponReceiving('a request to list a service token\'s grants')
    .withRequest('GET', injected(`${tokenPath}/grants`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody({ data: eachLike({ id: id(), resource_name: like('shop'), resource_type: 'Database', resource_id: id(), accesses: eachLike({ access: 'read_branch', description: like('Read branches') }) }) });
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).serviceTokens.grants('acme', 'k2m9x0abc123')).data[0]?.resource_type).toBe('Database');
    }));

  it('removes database accesses (204)', () => pact.addInteraction()
    .given('a service token with read_branch on the database')
    .uponReceiving('a request to remove accesses from a service token')
    .withRequest('DELETE', injected(`${tokenPath}/access`), (b) => {
      b.headers(authorized);
      b.jsonBody({ database: injected('${database}'), access: ['read_branch'] });
    })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).serviceTokens.deleteAccess('acme', 'k2m9x0abc123', { database: 'shop', access: ['read_branch'] })).resolves.toBeUndefined();
    }));

  it('deletes a service token (204)', () => pact.addInteraction()
    .given('a service token')
    .uponReceiving('a request to delete a service token')
    .withRequest('DELETE', injected(tokenPath), (b) => { b.headers(authorized); })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).serviceTokens.delete('acme', 'k2m9x0abc123')).resolves.toBeUndefined();
    }));
});
