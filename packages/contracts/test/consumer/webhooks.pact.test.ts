import { describe, expect, it } from 'vitest';
import { authorized, boolean, expectNotFound, id, injected, like, list, nullValue, planetscalePact, sdkFor, timestamp } from './support.js';

const pact = planetscalePact();

const webhooksPath = '/v1/organizations/${organization}/databases/${database}/webhooks';
const webhookPath = `${webhooksPath}/\${id}`;
const url = 'https://hooks.example.com/planetscale';

/** PlanetScale's webhook object (published spec): the secret is part of it. */
const webhook = (fields: Record<string, unknown> = {}) => ({
  id: id('k2m9x0abc123'), url, secret: like('0123456789abcdef0123456789abcdef01234567'), enabled: true,
  last_sent_result: like(''), last_sent_success: boolean(false), created_at: timestamp(), updated_at: timestamp(),
  events: ['deploy_request.opened'], ...fields,
});

describe('webhooks', () => {
  it('creates a webhook (201) with its secret', () => pact.addInteraction()
    .given('a database')
    .uponReceiving('a request to create a webhook')
    .withRequest('POST', injected(webhooksPath), (b) => {
      b.headers(authorized);
      b.jsonBody({ url, enabled: true, events: ['deploy_request.opened'] });
    })
    .willRespondWith(201, (b) => { b.jsonBody(webhook({ last_sent_at: nullValue() })); })
    .executeTest(async (server) => {
      const created = await sdkFor(server).webhooks.create('acme', 'shop', { url, enabled: true, events: ['deploy_request.opened'] });
      expect(created.secret).toBeTruthy();
    }));

  it('lists the webhooks of a database', () => pact.addInteraction()
    .given('a database with a webhook')
    .uponReceiving('a request to list webhooks')
    .withRequest('GET', injected(webhooksPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(list(webhook(), { onePage: true })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).webhooks.list('acme', 'shop')).data[0]?.url).toBe(url);
    }));

  it('gets a webhook', () => pact.addInteraction()
    .given('a database with a webhook')
    .uponReceiving('a request to get a webhook')
    .withRequest('GET', injected(webhookPath), (b) => { b.headers(authorized); })
    .willRespondWith(200, (b) => { b.jsonBody(webhook()); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).webhooks.get('acme', 'shop', 'k2m9x0abc123')).enabled).toBe(true);
    }));

  it('answers 404 not_found for a webhook that does not exist', () => expectNotFound(pact, {
    given: 'a database', receiving: 'a request to get a webhook that does not exist',
    method: 'GET', path: `${webhooksPath}/nosuchwebhook`,
    call: (server) => sdkFor(server).webhooks.get('acme', 'shop', 'nosuchwebhook'),
  }));

  it('disables a webhook and changes its events', () => pact.addInteraction()
    .given('a database with a webhook')
    .uponReceiving('a request to update a webhook')
    .withRequest('PATCH', injected(webhookPath), (b) => {
      b.headers(authorized);
      b.jsonBody({ enabled: false, events: ['deploy_request.closed'] });
    })
    .willRespondWith(200, (b) => { b.jsonBody(webhook({ enabled: false, events: ['deploy_request.closed'] })); })
    .executeTest(async (server) => {
      expect((await sdkFor(server).webhooks.update('acme', 'shop', 'k2m9x0abc123', { enabled: false, events: ['deploy_request.closed'] })).enabled).toBe(false);
    }));

  it('sends a test event (204)', () => pact.addInteraction()
    .given('a database with a webhook')
    .uponReceiving('a request to test a webhook')
    .withRequest('POST', injected(`${webhookPath}/test`), (b) => { b.headers(authorized); })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).webhooks.test('acme', 'shop', 'k2m9x0abc123')).resolves.toBeUndefined();
    }));

  it('deletes a webhook (204)', () => pact.addInteraction()
    .given('a database with a webhook')
    .uponReceiving('a request to delete a webhook')
    .withRequest('DELETE', injected(webhookPath), (b) => { b.headers(authorized); })
    .willRespondWith(204)
    .executeTest(async (server) => {
      await expect(sdkFor(server).webhooks.delete('acme', 'shop', 'k2m9x0abc123')).resolves.toBeUndefined();
    }));
});
