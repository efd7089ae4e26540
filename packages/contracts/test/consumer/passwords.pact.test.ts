import { describe, expect, it } from 'vitest';
import { apiError, authorized, expectNotFound, expectRefusal, boolean, id, injected, like, list, nullValue, oneOf, passwordRoles, planetscalePact, sdkFor, timestamp } from './support.js';

const pact = planetscalePact();

const passwordsPath = '/v1/organizations/${organization}/databases/${database}/branches/${branch}/passwords';
const passwordPath = `${passwordsPath}/\${id}`;

/** A readwriter password named `ci` with a one-hour TTL on a development branch; `plain_text` only on create. */
const password = {
  id: id('k2m9x0abc123'), name: 'ci', role: 'readwriter', username: like('x7f3q9z1ab2c'), access_host_url: like('aws.connect.psdb.cloud'),
  ttl_seconds: 3600, expires_at: timestamp('2026-01-20T11:00:00.000Z'), expired: false, renewable: boolean(true), replica: false,
  deleted_at: nullValue(), created_at: timestamp(),
  database_branch: { id: id(), name: like('feature'), production: false, mysql_edge_address: like('aws.connect.psdb.cloud') },
};

describe('passwords', () => {
  it('creates a password (201), the only answer with the secret', () => pact.addInteraction()
    .given('a ready development branch feature')
    .uponReceiving('a request to create a password')
    .withRequest('POST', injected(passwordsPath), (b) => {
      b.headers(authorized);
      b.jsonBody({ name: 'ci', role: 'readwriter', ttl: 3600 });
    })
    .willRespondWith(201, (b) => { b.jsonBody({ ...password, plain_text: like('pscale_pw_example') }); })
    .executeTest(async (server) => {
      const created = await sdkFor(server).passwords.create('acme', 'shop', 'feature', { name: 'ci', role: 'readwriter', ttl: 3600 });
      expect(created.plain_text).toBeTruthy();
    }));

  it('refuses an unknown role (422)', () => expectRefusal(pact, {
    given: 'a ready development branch feature', receiving: 'a request to create a password with an unknown role',
    method: 'POST', path: passwordsPath, body: { name: 'ci', role: 'superuser' },
    status: 422, error: apiError('unprocessable', { exactCode: false, message: like('role is invalid') }),
    call: (server) => sdkFor(server).passwords.create('acme', 'shop', 'feature', { name: 'ci', role: 'superuser' } as unknown as { name: string }),
  }));

  it('answers 404 not_found for a password on a branch that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to create a password on a branch that does not exist',
    method: 'POST', path: '/v1/organizations/${organization}/databases/${database}/branches/no-such-branch/passwords', body: { name: 'ci', role: 'readwriter' },
    call: (server) => sdkFor(server).passwords.create('acme', 'shop', 'no-such-branch', { name: 'ci', role: 'readwriter' }),
  }));

  it('lists the passwords of a branch', () => pact.addInteraction()
    .given('a password with a TTL on branch feature')
    .uponReceiving('a request to list passwords')
    .withRequest('GET', injected(passwordsPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list({ id: id(), name: 'ci', role: oneOf(passwordRoles, 'readwriter'), created_at: timestamp() }, { onePage: true })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).passwords.list('acme', 'shop', 'feature')).data[0]?.name).toBe('ci');
    }));

  it('gets a password', () => pact.addInteraction()
    .given('a password with a TTL on branch feature')
    .uponReceiving('a request to get a password')
    .withRequest('GET', injected(passwordPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(password); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).passwords.get('acme', 'shop', 'feature', 'k2m9x0abc123')).role).toBe('readwriter');
    }));

  it('answers 404 not_found for a password that does not exist', () => expectNotFound(pact, {
    given: 'a ready development branch feature', receiving: 'a request to get a password that does not exist',
    method: 'GET', path: `${passwordsPath}/nosuchpassword`,
    call: (server) => sdkFor(server).passwords.get('acme', 'shop', 'feature', 'nosuchpassword'),
  }));

  it('renames a password', () => pact.addInteraction()
    .given('a password with a TTL on branch feature')
    .uponReceiving('a request to rename a password')
    .withRequest('PATCH', injected(passwordPath), (b) => {
      b.headers(authorized);
      b.jsonBody({ name: 'ci-renamed' });
    })
    .willRespondWith(200, (b) => { b.jsonBody({ ...password, name: 'ci-renamed' }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).passwords.update('acme', 'shop', 'feature', 'k2m9x0abc123', { name: 'ci-renamed' })).name).toBe('ci-renamed');
    }));

  it('renews a password with a TTL', () => pact.addInteraction()
    .given('a password with a TTL on branch feature')
    .uponReceiving('a request to renew a password')
    .withRequest('POST', injected(`${passwordPath}/renew`), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody({ id: id('k2m9x0abc123'), name: 'ci', ttl_seconds: 3600, expires_at: timestamp('2026-01-20T11:30:00.000Z'), expired: false }); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).passwords.renew('acme', 'shop', 'feature', 'k2m9x0abc123')).expired).toBe(false);
    }));

  it('deletes a password (204)', () => pact.addInteraction()
    .given('a password with a TTL on branch feature')
    .uponReceiving('a request to delete a password')
    .withRequest('DELETE', injected(passwordPath), (b) => { b.headers(authorized); })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).passwords.delete('acme', 'shop', 'feature', 'k2m9x0abc123')).resolves.toBeUndefined();
    }));
});
