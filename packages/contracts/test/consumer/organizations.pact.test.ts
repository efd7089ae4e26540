import { describe, expect, it } from 'vitest';
import { createPlanetScaleClient } from '@localscale/sdk';
import {
  apiError, authorized, boolean, id, injected, integer, like, list, planetscalePact, sdkFor, timestamp,
} from './support.js';

const pact = planetscalePact();

const organization = {
  id: id(), name: like('acme'), plan: like('scaler_pro'), created_at: timestamp(), updated_at: timestamp(),
  database_count: integer(1), sso: boolean(false), features: like({}),
  // PlanetScale's spec says number; the API sends a string.
  invoice_budget_amount: like('0.0'),
};

describe('organizations', () => {
  it('lists the organizations the credential can see', () => pact.addInteraction()
    .given('an organization')
    .uponReceiving('a request to list organizations')
    .withRequest('GET', '/v1/organizations', (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list(organization)); })
    .executeTest(async (server) => {
      const page = await sdkFor(server).organizations.list();
      expect(page.data[0]?.name).toBe('acme');
    }));

  it('gets one organization by name', () => pact.addInteraction()
    .given('an organization')
    .uponReceiving('a request to get an organization')
    .withRequest('GET', injected('/v1/organizations/${organization}'), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(organization); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).organizations.get('acme')).name).toBe('acme');
    }));

  it('refuses a request without credentials (401)', () => pact.addInteraction()
    .given('an organization')
    .uponReceiving('a request to list organizations without credentials')
    .withRequest('GET', '/v1/organizations')
    .willRespondWith(401, (b) => { b.jsonBody(apiError('unauthorized', { exactCode: false, message: like('Unauthorized') })); })
    .executeTest(async (server) => {
      // An empty id keeps the SDK from reading credentials from the environment.
      const anonymous = createPlanetScaleClient({ baseUrl: `${server.url}/v1`, serviceTokenId: '', serviceToken: '', retry: false });
      await expect(anonymous.organizations.list()).rejects.toMatchObject({ status: 401, kind: 'unauthorized' });
    }));
});
