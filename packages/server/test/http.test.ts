// The HTTP edge: the error envelope for every failure class, request ids, body limits, 501s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
beforeAll(async () => { ls = await startTestServer({ max_body_bytes: 4096 }); });
afterAll(async () => { await ls?.stop(); });

const envelope = (body: unknown) => {
  expect(body).toEqual({ code: expect.any(String), message: expect.any(String) });
  expect(Object.keys(body as object).sort()).toEqual(['code', 'message']);
};

describe('error envelope', () => {
  it('400 bad_request for malformed JSON', async () => {
    const res = await ls.call('/v1/organizations/localscale/databases', { method: 'POST', body: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    envelope(res.body);
    expect(res.body.code).toBe('bad_request');
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('400 bad_request for a path parameter of the wrong type, naming it', async () => {
    const res = await ls.call('/v1/organizations/localscale/databases/app/deploy-requests/abc');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
    expect(res.body.message).toMatch(/number/);
  });

  it('401 unauthorized without a credential, and for a malformed one', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'just-a-token' }, { Authorization: 'Basic Zm9vOmJhcg==' }]) {
      const res = await ls.call('/v1/organizations', { headers });
      expect(res.status).toBe(401);
      envelope(res.body);
      expect(res.body.code).toBe('unauthorized');
    }
  });

  it('404 not_found for unknown paths and unknown resources', async () => {
    for (const path of ['/nope', '/v1/organizations/localscale/databases/app/nope', '/v1/organizations/nobody',
      '/v1/organizations/localscale/databases/missing', '/v1/organizations/localscale/databases/app/branches/nope/keyspaces',
      "/v1/organizations/localscale/databases/app'%20OR%201=1--", '/v1/organizations/%60drop%60']) {
      const res = await ls.call(path);
      expect(res.status, path).toBe(404);
      envelope(res.body);
      expect(res.body.code).toBe('not_found');
    }
  });

  it('422 unprocessable for a body that breaks the spec, naming the field', async () => {
    const missing = await ls.call('/v1/organizations/localscale/databases', { method: 'POST', json: { name: 'x' } });
    expect(missing.status).toBe(422);
    envelope(missing.body);
    expect(missing.body).toEqual({ code: 'unprocessable', message: 'Invalid request body: cluster_size is required' });
    const wrongType = await ls.call('/v1/organizations/localscale/databases', { method: 'POST', json: { name: 5, cluster_size: 'PS_10' } });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.message).toMatch(/name/);
    const notObject = await ls.call('/v1/organizations/localscale/databases', { method: 'POST', json: [1, 2] });
    expect(notObject.status).toBe(422);
  });

  it('413 for a body over the limit, without reading it all', async () => {
    const res = await ls.call('/v1/organizations/localscale/databases', { method: 'POST', json: { name: 'x'.repeat(10_000), cluster_size: 'PS_10' } });
    expect(res.status).toBe(413);
    envelope(res.body);
  });

});

describe('requests', () => {
  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const mine = await ls.call('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(mine.headers.get('x-request-id')).toBe('abc-123');
    const made = await ls.call('/health', { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('/health needs no credential', async () => {
    const res = await fetch(`${ls.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: expect.any(String) });
  });

  it('accepts both credential forms', async () => {
    for (const Authorization of ['abc:def', 'Bearer some-oauth-token']) {
      const res = await ls.call('/v1/organizations', { headers: { Authorization } });
      expect(res.status).toBe(200);
    }
  });
});
