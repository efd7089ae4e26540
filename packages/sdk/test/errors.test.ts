// Every failure becomes one PlanetScaleError whose kind comes from the status, so bodies that are
// empty, `null`, not JSON or missing `code` still give a usable error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlanetScaleClient, isPlanetScaleError, parseRetryAfter, PlanetScaleError, unwrap } from '../src/index.js';
import { startStubServer, type Reply, type StubServer } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => { stub = await startStubServer(); });
afterAll(async () => { await stub.close(); });
beforeEach(() => { stub.requests.length = 0; });

const client = () => createPlanetScaleClient({ baseUrl: stub.baseUrl, retry: false });

async function failure(reply: Reply): Promise<PlanetScaleError> {
  stub.script(reply);
  const error = await client().databases.get('acme', 'shop').then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlanetScaleError);
  return error as PlanetScaleError;
}

describe('PlanetScaleError', () => {
  it.each([
    [400, 'bad_request'], [401, 'unauthorized'], [403, 'forbidden'], [404, 'not_found'], [409, 'conflict'],
    [422, 'unprocessable'], [429, 'rate_limited'], [500, 'server'], [501, 'server'], [502, 'server'], [503, 'server'], [413, 'other'],
  ] as const)('maps %i to %s and keeps the body code and message', async (status, kind) => {
    const error = await failure({ status, json: { code: 'some_code', message: 'Something specific' }, headers: { 'x-request-id': `req-${status}` } });
    expect(error).toMatchObject({ name: 'PlanetScaleError', status, kind, code: 'some_code', message: 'Something specific', requestId: `req-${status}` });
    expect(error.body).toEqual({ code: 'some_code', message: 'Something specific' });
    expect(error).toBeInstanceOf(Error);
    expect(isPlanetScaleError(error, kind)).toBe(true);
    expect(isPlanetScaleError(error, kind === 'not_found' ? 'conflict' : 'not_found')).toBe(false);
  });

  it('keeps PlanetScale codes that are not the status name', async () => {
    const error = await failure({ status: 422, json: { code: 'schema_mutation_blocked', message: 'MoveTables create in progress' } });
    expect(error).toMatchObject({ kind: 'unprocessable', code: 'schema_mutation_blocked', message: 'MoveTables create in progress' });
  });

  it('falls back to the status for an empty body', async () => {
    const error = await failure({ status: 404 });
    expect(error).toMatchObject({ kind: 'not_found', code: 'not_found', message: 'Not Found', body: undefined, requestId: undefined });
  });

  it('falls back to the status for a `null` body', async () => {
    const error = await failure({ status: 404, text: 'null', headers: { 'content-type': 'application/json' } });
    expect(error).toMatchObject({ kind: 'not_found', code: 'not_found', message: 'Not Found', body: null });
  });

  it('falls back to the status for a non-JSON body and keeps the text', async () => {
    const html = '<html><body>502 Bad Gateway</body></html>';
    const error = await failure({ status: 502, text: html, headers: { 'content-type': 'text/html' } });
    expect(error).toMatchObject({ kind: 'server', code: 'bad_gateway', message: 'Bad Gateway', body: html });
  });

  it('falls back to the status for JSON without code or message, and for odd statuses', async () => {
    expect(await failure({ status: 403, json: {} })).toMatchObject({ kind: 'forbidden', code: 'forbidden', message: 'Forbidden', body: {} });
    expect(await failure({ status: 418, json: { errors: ['teapot'] } })).toMatchObject({ kind: 'other', code: 'http_418', message: 'HTTP 418' });
    expect(await failure({ status: 401, json: { code: '', message: 42 } })).toMatchObject({ code: 'unauthorized', message: 'Unauthorized' });
  });

  it('carries Retry-After on a rate-limit error', async () => {
    const error = await failure({ status: 429, json: { code: 'too_many_requests', message: 'slow down' }, headers: { 'retry-after': '7' } });
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    expect(error.url).toBe(`${stub.baseUrl}/organizations/acme/databases/shop`);
  });

  it('is what unwrap throws for the low-level client too', async () => {
    stub.script({ status: 404, json: { code: 'not_found', message: 'Not Found' } });
    const api = client().api;
    const raw = await api.GET('/organizations/{organization}', { params: { path: { organization: 'nope' } } });
    expect(raw.error).toEqual({ code: 'not_found', message: 'Not Found' });
    await expect(unwrap(api.GET('/organizations/{organization}', { params: { path: { organization: 'nope' } } }))).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('is not raised for a 204 with no body', async () => {
    stub.script({ status: 204 });
    await expect(client().databases.delete('acme', 'shop')).resolves.toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});
