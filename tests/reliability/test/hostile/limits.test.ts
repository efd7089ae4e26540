// The edges of what a request can be: headers and URLs past Node's limit, a body past LocalScale's
// limit, bodies that are not JSON or not UTF-8. Each is refused with its status and the envelope.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isEnvelope } from '../support/http.js';
import { startServer, type Server } from '../support/server.js';

let server: Server;
beforeAll(async () => { server = await startServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'app' }] } } } } }); });
afterAll(async () => { await server?.stop(); });

const branches = '/v1/organizations/acme/databases/shop/branches';

it.each([
  ['a 20 kB header', 431, () => server.call(branches, { headers: { 'x-padding': 'p'.repeat(20_000) } })],
  ['a 20 kB URL', 431, () => server.call(`${branches}?q=${'q'.repeat(20_000)}`)],
  ['a 20 kB Authorization header', 431, () => server.call(branches, { headers: { authorization: `id:${'t'.repeat(20_000)}` } })],
  ['a body over max_body_bytes', 413, () => server.call(branches, { method: 'POST', raw: JSON.stringify({ name: 'x'.repeat(6 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } })],
  ['a body that is not JSON', 400, () => server.call(branches, { method: 'POST', raw: '{"name": ', headers: { 'content-type': 'application/json' } })],
  ['a body that is not UTF-8', 400, () => server.call(branches, { method: 'POST', raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { 'content-type': 'application/json' } })],
  ['a JSON array for an object body', 422, () => server.call(branches, { method: 'POST', json: [1, 2] })],
])('%s: %i and the envelope', async (_what, status, send) => {
  const res = await send();
  expect(res.status).toBe(status);
  expect(isEnvelope(res.body), res.text.slice(0, 200)).toBe(true);
  expect((await server.call('/health')).status).toBe(200);
});
