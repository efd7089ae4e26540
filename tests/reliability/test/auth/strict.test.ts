// Strict mode: every operation of the route table except /health refuses a request without a
// credential, with a malformed one, and with a well-formed one that is not configured (service token
// or access token), with 401 and the envelope; a configured token gets past authentication. A service
// token made through the API is held, in every operation, to the access the operation declares in
// the spec: none gets 404/403, every other access but that one gets 403, that one gets through; once
// deleted or expired it gets 401 everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCatalog, operationAccess, routes, type AccessName, type AccessRequirement, type RouteSpec } from '@localscale/server';
import { call, isEnvelope } from '../support/http.js';
import { note } from '../support/scale.js';
import { startServer, type Server } from '../support/server.js';

let server: Server;
beforeAll(async () => {
  server = await startServer({
    auth: { mode: 'strict', service_tokens: [{ id: 'ci-bot', token: 'pscale_tkn_right' }], access_tokens: ['pscale_oauth_right'] },
    organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'app' }] }, other: {} } }, globex: { databases: { plant: {} } } },
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

// Service tokens made through the API: every operation held to exactly the access it declares.
describe('a token made through the API, in every operation', () => {
  const admin = { authorization: 'ci-bot:pscale_tkn_right' };
  const requirements = operationAccess as Readonly<Record<string, AccessRequirement>>;
  const orgLevel = (Object.keys(accessCatalog) as AccessName[]).filter((a) => accessCatalog[a].level === 'organization');
  const dbLevel = (Object.keys(accessCatalog) as AccessName[]).filter((a) => accessCatalog[a].level === 'database');

  /** A token of acme with these accesses (organization-level ones on acme, the rest on shop). */
  async function token(accesses: readonly AccessName[]) {
    const made = await call(server.ls.url, '/v1/organizations/acme/service-tokens', { method: 'POST', headers: admin, json: {} });
    expect(made.status).toBe(200);
    const onOrg = accesses.filter((a) => accessCatalog[a].level === 'organization');
    const onDb = accesses.filter((a) => accessCatalog[a].level === 'database');
    for (const [body, n] of [[{ access: onOrg }, onOrg.length], [{ database: 'shop', access: onDb }, onDb.length]] as const) {
      if (n) expect((await call(server.ls.url, `/v1/organizations/acme/service-tokens/${made.body.id}/access`, { method: 'POST', headers: admin, json: body })).status).toBe(200);
    }
    return { id: made.body.id as string, authorization: `${made.body.id}:${made.body.token}` };
  }
  const send = (route: RouteSpec, authorization: string) =>
    call(server.ls.url, concrete(route), { method: route.method.toUpperCase(), headers: { authorization }, json: route.method === 'get' ? undefined : {} });
  /**
   * A refusal by authentication or the authorization step, told apart by its message from a handler's
   * own answers about the fixtures (a deploy request or service token id that does not exist).
   */
  const refusedByAccess = (r: { status: number; body: any }) => r.status === 401
    || (r.status === 403 && /^Forbidden: (this service token needs|LocalScale's own)/.test(r.body?.message ?? ''))
    || (r.status === 404 && /^(organization acme|database shop) not found$/.test(r.body?.message ?? ''));

  it('with no access at all: 404 for every database, 403 for the organization\'s operations and LocalScale\'s, lists empty', async () => {
    const none = await token([]);
    const wrong: string[] = [];
    for (const route of guarded) {
      const req = requirements[route.operationId]!;
      const expected = req.resource === 'database' || req.resource === 'branch' ? 404
        : req.resource === 'localscale' || req.accesses.length ? 403 : 200;
      const res = await send(route, none.authorization);
      if (res.status !== expected || (expected !== 200 && !isEnvelope(res.body))) wrong.push(`${route.operationId}: expected ${expected}, got ${res.status} ${res.text.slice(0, 100)}`);
    }
    expect(wrong).toEqual([]);
    expect((await call(server.ls.url, '/v1/organizations/acme/databases', { headers: { authorization: none.authorization } })).body.data).toEqual([]);
    expect((await call(server.ls.url, '/v1/organizations', { headers: { authorization: none.authorization } })).body.data.map((o: { name: string }) => o.name)).toEqual(['acme']);
    note('strict auth, API token without accesses', { operations: guarded.length });
  });

  it('holding every access but the operation\'s: 403; holding one of them: past the authorization step', async () => {
    const wrong: string[] = [];
    let allowed = 0, refused = 0;
    for (const route of guarded) {
      const req = requirements[route.operationId]!;
      if (!req.accesses.length) continue;
      const pool = req.resource === 'organization' ? orgLevel : [...orgLevel.filter((a) => !accessCatalog[a].implies.length), ...dbLevel];
      const without = await token(pool.filter((a) => !req.accesses.includes(a)));
      const res = await send(route, without.authorization);
      if (res.status !== 403 || res.body?.code !== 'forbidden') wrong.push(`${route.operationId} without ${req.accesses.join('|')}: ${res.status} ${res.text.slice(0, 100)}`);
      else refused++;
      // Destructive operations are covered by the refusals; carrying them out would take the fixtures away.
      if (route.method === 'delete' || route.operationId === 'admin_reset_state') continue;
      const needed = req.onProductionBranch ?? req.accesses;
      const withOne = await token([needed[needed.length - 1]!]);
      const ok = await send(route, withOne.authorization);
      if (refusedByAccess(ok)) wrong.push(`${route.operationId} with ${needed[needed.length - 1]}: ${ok.status} ${ok.text.slice(0, 100)}`);
      else allowed++;
    }
    expect(wrong).toEqual([]);
    note('strict auth, API token accesses per operation', { refused, allowed });
  });

  it('a deleted token, and an expired one, get 401 on every operation', async () => {
    const doomed = await token(dbLevel);
    expect((await send(guarded.find((r) => r.operationId === 'list_branches')!, doomed.authorization)).status).toBe(200);
    expect((await call(server.ls.url, `/v1/organizations/acme/service-tokens/${doomed.id}`, { method: 'DELETE', headers: admin })).status).toBe(204);
    const expiring = await call(server.ls.url, '/v1/organizations/acme/service-tokens', { method: 'POST', headers: admin, json: { ttl: 1 } });
    await new Promise((r) => setTimeout(r, 1_100));
    const wrong: string[] = [];
    for (const authorization of [doomed.authorization, `${expiring.body.id}:${expiring.body.token}`]) {
      for (const route of guarded) {
        const res = await send(route, authorization);
        if (res.status !== 401 || res.body?.code !== 'unauthorized') wrong.push(`${route.operationId}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
