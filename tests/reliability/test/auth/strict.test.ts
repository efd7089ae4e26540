// Strict mode: every operation of the route table except /health refuses a request without a
// credential, with a malformed one, and with a well-formed one that is not configured (service token
// or access token), with 401 and the envelope; a configured token gets past authentication.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { routes, type RouteSpec } from '@localscale/server';
import { call, isEnvelope } from '../support/http.js';
import { note } from '../support/scale.js';
import { startServer, type Server } from '../support/server.js';

let server: Server;
beforeAll(async () => {
  server = await startServer({
    auth: { mode: 'strict', service_tokens: [{ id: 'ci-bot', token: 'pscale_tkn_right' }], access_tokens: ['pscale_oauth_right'] },
    organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'app' }] } } } },
  });
});
afterAll(async () => { await server?.stop(); });

const credentials = {
  missing: '',
  malformed: 'not a credential',
  'unknown service token': 'ci-bot:pscale_tkn_wrong',
  'unknown token id': 'someone:pscale_tkn_right',
  'unknown access token': 'Bearer pscale_oauth_wrong',
  'empty bearer': 'Bearer ',
};

const concrete = (r: RouteSpec) => r.path.replace('{organization}', 'acme').replace('{database}', 'shop').replace('{branch}', 'main')
  .replace('{keyspace}', 'app').replace('{number}', '1').replace('{id}', 'nope');

const guarded = (routes as readonly RouteSpec[]).filter((r) => r.path !== '/health');

it.each(Object.entries(credentials))('%s: every operation but /health answers 401 with the envelope', async (_what, authorization) => {
  const wrong: string[] = [];
  for (const route of guarded) {
    const res = await call(server.ls.url, concrete(route), { method: route.method.toUpperCase(), headers: { authorization }, json: route.method === 'get' ? undefined : {} });
    if (res.status !== 401 || !isEnvelope(res.body) || res.body.code !== 'unauthorized') wrong.push(`${route.operationId}: ${res.status} ${res.text.slice(0, 120)}`);
  }
  expect(wrong).toEqual([]);
  note(`strict auth, ${_what}`, { operations: guarded.length, refused: guarded.length - wrong.length });
});

it('a configured service token or access token gets past authentication on every operation; /health needs none', async () => {
  expect((await call(server.ls.url, '/health', { headers: { authorization: '' } })).status).toBe(200);
  for (const authorization of ['ci-bot:pscale_tkn_right', 'Bearer pscale_oauth_right']) {
    const refused: string[] = [];
    for (const route of guarded) {
      // Reset would wipe the fixtures; it is covered by the refusals above.
      if (route.operationId === 'admin_reset_state' || route.method === 'delete') continue;
      const res = await call(server.ls.url, concrete(route), { method: route.method.toUpperCase(), headers: { authorization }, json: route.method === 'get' ? undefined : {} });
      if (res.status === 401) refused.push(route.operationId);
    }
    expect(refused).toEqual([]);
  }
});
