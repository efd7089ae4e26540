// Retries: 429/502/503/504 and network errors on repeatable requests, with backoff or the server's
// Retry-After; never for POST/PATCH unless asked; off when asked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlanetScaleClient, type RetryEvent, type RetryOptions } from '../src/index.js';
import { startStubServer, type StubServer } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => { stub = await startStubServer(); });
afterAll(async () => { await stub.close(); });
beforeEach(() => { stub.requests.length = 0; });

const ok = { json: { name: 'acme' } };
const unavailable = { status: 503, json: { code: 'service_unavailable', message: 'Service Unavailable' } };

function client(retry: RetryOptions | false = {}) {
  const events: RetryEvent[] = [];
  const c = createPlanetScaleClient({ baseUrl: stub.baseUrl, retry: retry && { minDelayMs: 1, maxDelayMs: 5, ...retry, onRetry: (e) => events.push(e) } });
  return { c, events };
}

describe('retrying repeatable requests', () => {
  it.each([429, 502, 503, 504])('retries a GET answered %i until it succeeds', async (status) => {
    stub.script({ status }, { status }, ok);
    const { c, events } = client();
    await expect(c.organizations.get('acme')).resolves.toEqual({ name: 'acme' });
    expect(stub.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status, e.method])).toEqual([[1, status, 'GET'], [2, status, 'GET']]);
    expect(events.every((e) => e.delayMs >= 0 && e.delayMs <= 5)).toBe(true);
  });

  it('does not retry other failures', async () => {
    stub.script({ status: 500 }, ok);
    await expect(client().c.organizations.get('acme')).rejects.toMatchObject({ status: 500 });
    stub.script({ status: 404 }, ok);
    await expect(client().c.organizations.get('acme')).rejects.toMatchObject({ kind: 'not_found' });
    expect(stub.requests).toHaveLength(2);
  });

  it('retries a network error', async () => {
    stub.script('destroy', ok);
    const { c, events } = client();
    await expect(c.organizations.get('acme')).resolves.toEqual({ name: 'acme' });
    expect(stub.requests).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]!.status).toBeUndefined();
    expect(events[0]!.error).toBeInstanceOf(Error);
  });

  it('gives up after `retries` more attempts and reports the last answer', async () => {
    stub.script(unavailable);
    await expect(client({ retries: 2 }).c.organizations.get('acme')).rejects.toMatchObject({ kind: 'server', status: 503, code: 'service_unavailable' });
    expect(stub.requests).toHaveLength(3);
    stub.requests.length = 0;
    stub.script('destroy');
    await expect(client({ retries: 1 }).c.organizations.get('acme')).rejects.toThrow(TypeError);
    expect(stub.requests).toHaveLength(2);
  });

  it('resends the body of a PUT on every attempt', async () => {
    stub.script(unavailable, ok);
    await client().c.deployRequests.autoApply('acme', 'shop', 3, true);
    expect(stub.requests.map((r) => [r.method, r.json])).toEqual([['PUT', { enable: true }], ['PUT', { enable: true }]]);
  });
});

describe('Retry-After', () => {
  it('waits the seconds the server asks for', async () => {
    stub.script({ status: 429, headers: { 'retry-after': '1' } }, ok);
    const { c, events } = client();
    await expect(c.organizations.get('acme')).resolves.toEqual({ name: 'acme' });
    expect(events.map((e) => e.delayMs)).toEqual([1000]);
  });

  it('waits until an HTTP date', async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    stub.script({ status: 503, headers: { 'retry-after': at } }, ok);
    const { c, events } = client();
    await c.organizations.get('acme');
    // HTTP dates have whole seconds, so the wait is up to a second shorter than 2 s.
    expect(events[0]!.delayMs).toBeGreaterThan(0);
    expect(events[0]!.delayMs).toBeLessThanOrEqual(2000);
  });

  it('hands back a Retry-After longer than maxRetryAfterMs instead of waiting', async () => {
    stub.script({ status: 429, json: { code: 'too_many_requests', message: 'later' }, headers: { 'retry-after': '120' } }, ok);
    const { c, events } = client({ maxRetryAfterMs: 60_000 });
    await expect(c.organizations.get('acme')).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000 });
    expect(events).toHaveLength(0);
    expect(stub.requests).toHaveLength(1);
  });
});

describe('requests that are not repeated', () => {
  it('never retries a POST or PATCH by default', async () => {
    stub.script(unavailable);
    const { c, events } = client();
    await expect(c.deployRequests.deploy('acme', 'shop', 3)).rejects.toMatchObject({ status: 503 });
    await expect(c.deployRequests.close('acme', 'shop', 3)).rejects.toMatchObject({ status: 503 });
    expect(stub.requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(events).toHaveLength(0);
  });

  it('never retries a POST after a network error, when it may have been carried out', async () => {
    stub.script('destroy', ok);
    await expect(client().c.deployRequests.cancel('acme', 'shop', 3)).rejects.toThrow(TypeError);
    expect(stub.requests).toHaveLength(1);
  });

  it('retries a POST when told it is safe to', async () => {
    stub.script(unavailable, { json: { number: 3 } });
    const { c } = client({ methods: ['GET', 'POST'] });
    await expect(c.deployRequests.deploy('acme', 'shop', 3, { instant_ddl: true })).resolves.toEqual({ number: 3 });
    expect(stub.requests.map((r) => [r.method, r.json])).toEqual([['POST', { instant_ddl: true }], ['POST', { instant_ddl: true }]]);
  });

  it('does not retry at all with retry: false or retries: 0', async () => {
    stub.script(unavailable, ok);
    await expect(client(false).c.organizations.get('acme')).rejects.toMatchObject({ status: 503 });
    stub.script(unavailable, ok);
    await expect(client({ retries: 0 }).c.organizations.get('acme')).rejects.toMatchObject({ status: 503 });
    expect(stub.requests).toHaveLength(2);
  });

  it('stops waiting when the request is aborted during the backoff', async () => {
    stub.script(unavailable, ok);
    const controller = new AbortController();
    const c = createPlanetScaleClient({ baseUrl: stub.baseUrl, retry: { minDelayMs: 60_000, maxDelayMs: 60_000, onRetry: () => controller.abort() } });
    const call = c.api.GET('/organizations/{organization}', { params: { path: { organization: 'acme' } }, signal: controller.signal });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.requests).toHaveLength(1);
  });
});
