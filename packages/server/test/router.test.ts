// The router without storage: declared-but-unimplemented operations answer 501, and a handler that
// returns what the spec forbids is caught by response validation.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Handlers } from '../src/http/operation-types.js';
import { createLogger } from '../src/logging.js';
import { routes } from '../src/generated/routes.js';

const servers: { close(): void }[] = [];
afterEach(() => { servers.splice(0).forEach((s) => s.close()); });

async function serve(handlers: Handlers) {
  const app = createApp({ handlers, auth: { mode: 'permissive', serviceTokens: [], accessTokens: [] }, log: createLogger('silent'), maxBodyBytes: 1024, validateResponses: true });
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('router', () => {
  it('answers 501 with the envelope for every declared operation that has no handler', async () => {
    const base = await serve({});
    for (const route of routes.filter((r) => r.method === 'get' && r.path !== '/health')) {
      const path = route.path.replace(/\{number\}/g, '1').replace(/\{[^}]+\}/g, 'x');
      const res = await fetch(base + path, { headers: { Authorization: 'a:b' } });
      expect(res.status, path).toBe(501);
      expect(await res.json()).toEqual({ code: 'not_implemented', message: expect.stringContaining(route.operationId) });
    }
  });

  it('turns a response the spec does not allow into a 500 instead of sending it', async () => {
    const base = await serve({
      // Deliberately wrong at runtime (the cast hides it from tsc): a string where an object is due.
      get_organization: (async () => ({ status: 200, body: 'not an organization' })) as unknown as Handlers['get_organization'],
    });
    const res = await fetch(`${base}/v1/organizations/x`, { headers: { Authorization: 'a:b' } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'internal_server_error', message: expect.any(String) });
  });

  it('never leaks a stack trace', async () => {
    const base = await serve({ get_organization: async () => { throw new Error('secret internals at /src/x.ts:1'); } });
    const res = await fetch(`${base}/v1/organizations/x`, { headers: { Authorization: 'a:b' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret|\.ts/);
  });
});
