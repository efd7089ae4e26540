// Strict mode: only configured service tokens (or access tokens) get in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
beforeAll(async () => {
  ls = await startTestServer({ auth: { mode: 'strict', service_tokens: [{ id: 'ci-bot', token: 'pscale_tkn_secret123' }], access_tokens: ['oauth-token-123'] } });
});
afterAll(async () => { await ls?.stop(); });

describe('strict auth', () => {
  it('accepts the configured service token and access token', async () => {
    expect((await ls.call('/v1/organizations', { headers: { Authorization: 'ci-bot:pscale_tkn_secret123' } })).status).toBe(200);
    expect((await ls.call('/v1/organizations', { headers: { Authorization: 'Bearer oauth-token-123' } })).status).toBe(200);
  });

  it('refuses unknown ids, wrong secrets, unknown bearer tokens and missing headers with 401', async () => {
    for (const Authorization of ['ci-bot:wrong', 'other:pscale_tkn_secret123', 'Bearer nope-nope', '']) {
      const res = await ls.call('/v1/organizations/localscale/databases', { headers: { Authorization } });
      expect(res.status, Authorization).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
  });

  it('protects the admin surface too, but not /health', async () => {
    const health = await fetch(`${ls.url}/health`);
    expect(health.status).toBe(200);
    const admin = await fetch(`${ls.url}/admin/reset-state`, { method: 'POST', body: '{}' });
    expect(admin.status).toBe(401);
  });
});
