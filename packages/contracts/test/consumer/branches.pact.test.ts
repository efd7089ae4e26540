import { describe, expect, it } from 'vitest';
import {
  apiError, authorized, expectNotFound, expectRefusal, boolean, branchStates, eachLike, id, injected, like, list, nullValue, oneOf, planetscalePact,
  region, regex, sdkFor, timestamp, url,
} from './support.js';

const pact = planetscalePact();

const branchPath = '/v1/organizations/${organization}/databases/${database}/branches/${branch}';

/** A development branch of `main`, ready. */
const developmentBranch = {
  id: id(), name: like('feature'), parent_branch: 'main', kind: 'mysql', state: 'ready', ready: true, production: false,
  safe_migrations: false, sharded: false, mysql_address: like('aws.connect.psdb.cloud'), deleted_at: nullValue(),
  html_url: url('https://app.planetscale.com/acme/shop/feature'), region, created_at: timestamp(), updated_at: timestamp(),
};

describe('branches', () => {
  it('lists branches', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to list branches')
    .withRequest('GET', injected('/v1/organizations/${organization}/databases/${database}/branches'), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody(list({ id: id(), name: like('main'), production: boolean(true), ready: boolean(true), state: oneOf(branchStates, 'ready'), created_at: timestamp() }));
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.list('acme', 'shop')).data.length).toBeGreaterThan(0);
    }));

  it('gets a development branch', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to get a branch')
    .withRequest('GET', injected(branchPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(developmentBranch); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.get('acme', 'shop', 'feature')).production).toBe(false);
    }));

  it('answers 404 not_found for a branch that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to get a branch that does not exist',
    method: 'GET', path: '/v1/organizations/${organization}/databases/${database}/branches/no-such-branch',
    call: (server) => sdkFor(server).branches.get('acme', 'shop', 'no-such-branch'),
  }));

  it('creates a branch of main (201), which becomes ready later', () => pact.addInteraction()
    .given('a database and a branch name that is not taken')
    .uponReceiving('a request to create a branch')
    .withRequest('POST', injected('/v1/organizations/${organization}/databases/${database}/branches'), (b) => {
      b.headers(authorized);
      b.jsonBody({ name: injected('${branch}'), parent_branch: 'main' });
    })
    .willRespondWith(201, (b) => {
      b.jsonBody({ ...developmentBranch, state: oneOf(branchStates, 'pending'), ready: boolean(false) });
    })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.create('acme', 'shop', { name: 'feature', parent_branch: 'main' })).name).toBe('feature');
    }));

  it('refuses a branch name PlanetScale does not allow (422)', () => expectRefusal(pact, {
    given: 'a database', receiving: 'a request to create a branch with an invalid name',
    method: 'POST', path: '/v1/organizations/${organization}/databases/${database}/branches', body: { name: 'Not a valid name!', parent_branch: 'main' },
    status: 422, error: apiError('unprocessable', { exactCode: false, message: like('Name is invalid') }),
    call: (server) => sdkFor(server).branches.create('acme', 'shop', { name: 'Not a valid name!', parent_branch: 'main' }),
  }));

  it('deletes a branch (204)', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to delete a branch')
    .withRequest('DELETE', injected(branchPath), (b) => { b.headers(authorized); })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).branches.delete('acme', 'shop', 'feature')).resolves.toBeUndefined();
    }));

  it('promotes a branch to production', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to promote a branch')
    .withRequest('POST', injected(`${branchPath}/promote`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ id: id(), name: like('feature'), production: true }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.promote('acme', 'shop', 'feature')).production).toBe(true);
    }));

  it('demotes a production branch', () => pact.addInteraction()
    .given('a branch feature promoted to production')
    .uponReceiving('a request to demote a branch')
    .withRequest('POST', injected(`${branchPath}/demote`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ id: id(), name: like('feature'), production: false }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.demote('acme', 'shop', 'feature')).production).toBe(false);
    }));

  it('enables safe migrations on a production branch', () => pact.addInteraction()
    .given('a branch feature promoted to production')
    .uponReceiving('a request to enable safe migrations')
    .withRequest('POST', injected(`${branchPath}/safe-migrations`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ id: id(), name: like('feature'), safe_migrations: true }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.enableSafeMigrations('acme', 'shop', 'feature')).safe_migrations).toBe(true);
    }));

  it('disables safe migrations (200 with the branch, not 204)', () => pact.addInteraction()
    .given('a production branch feature with safe migrations on')
    .uponReceiving('a request to disable safe migrations')
    .withRequest('DELETE', injected(`${branchPath}/safe-migrations`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ id: id(), name: like('feature'), production: true, safe_migrations: false }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.disableSafeMigrations('acme', 'shop', 'feature')).safe_migrations).toBe(false);
    }));

  it('shows the schema of a branch, with the column it added', () => pact.addInteraction()
    .given('a ready branch feature with one added column')
    .uponReceiving('a request to get the schema of a branch')
    .withRequest('GET', injected(`${branchPath}/schema`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => {
      b.jsonBody({
        data: eachLike({
          name: 'widgets',
          raw: regex(/^CREATE TABLE `widgets` \([\s\S]*`note[\s\S]*$/, 'CREATE TABLE `widgets` (\n  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n  `name` varchar(255) NOT NULL,\n  `note` varchar(255) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4'),
          html: like('<span class="k">CREATE</span> ...'),
        }),
      });
    })
    .executeTest(async (server) => {
      const schema = await sdkFor(server).branches.schema('acme', 'shop', 'feature');
      expect(schema.data[0]?.raw).toContain('`note`');
    }));

  it('answers 404 not_found for the schema of a branch that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to get the schema of a branch that does not exist',
    method: 'GET', path: '/v1/organizations/${organization}/databases/${database}/branches/no-such-branch/schema',
    call: (server) => sdkFor(server).branches.schema('acme', 'shop', 'no-such-branch'),
  }));

  it('lints a clean schema: no errors', () => pact.addInteraction()
    .given('a ready branch feature with one added column')
    .uponReceiving('a request to lint the schema of a branch')
    .withRequest('GET', injected(`${branchPath}/schema/lint`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ type: 'list', current_page: 1, next_page: nullValue(), prev_page: nullValue(), data: [] }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).branches.lintSchema('acme', 'shop', 'feature')).data).toEqual([]);
    }));
});
