// Starts a LocalScale for one test file on the shared test MySQL server, in its own metadata schema
// and physical-database prefix (the users' helper does that), with every response checked against
// the spec, fast engine ticks, and restarts over the same schemas.
import { inject } from 'vitest';
import type { RawConfig } from '../../src/config/load.js';
import type { LogLevel } from '../../src/logging.js';
import type { LocalScale } from '../../src/runtime.js';
import { startInProcess, type InProcessOptions } from '../../src/testing/in-process.js';
import { createPlanetScaleClient, type PlanetScaleClient } from '@localscale/sdk';

export const auth = { Authorization: 'test-token-id:test-token-secret' };

export interface TestServer extends LocalScale {
  /** fetch relative to the server root, with a credential unless `headers` says otherwise. */
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; body: any; headers: Headers }>;
  /** The SDK, pointed at this server with the test credential. */
  client: PlanetScaleClient;
  /** Stops the server but keeps its metadata and databases, for a restart with `startTestServer(raw, { tag })`. */
  shutdown(): Promise<void>;
  readonly tag: string;
}

export interface TestServerOptions {
  /** Reuse another server's metadata schema and databases (restart tests). */
  tag?: string;
  /** Webhook delivery tuning. */
  webhooks?: InProcessOptions['webhooks'];
  /** Where time comes from (a ManualClock in tests of retries and expiry). */
  clock?: InProcessOptions['clock'];
  /** The credential of `call` and `client`; default the permissive test token. */
  credential?: { id: string; token: string };
}

export async function startTestServer(raw: RawConfig = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const ls = await startInProcess({ processor_tick_interval: '100ms', ...raw }, {
    mysqlUrl: inject('mysqlUrl'), tag: options.tag, validateResponses: true, clusters: { tickMs: 50, copyChunkRows: 100 },
    webhooks: options.webhooks, clock: options.clock,
    logLevel: (process.env.LOCALSCALE_TEST_LOG as LogLevel | undefined) ?? 'silent',
  });
  const call: TestServer['call'] = async (path, init = {}) => {
    const credential = options.credential ? { Authorization: `${options.credential.id}:${options.credential.token}` } : auth;
    const headers = new Headers({ ...credential, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) });
    new Headers(init.headers).forEach((v, k) => headers.set(k, v));
    const res = await fetch(ls.url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body, headers: res.headers };
  };
  const client = createPlanetScaleClient({
    baseUrl: ls.apiUrl, serviceTokenId: options.credential?.id ?? 'test-token-id', serviceToken: options.credential?.token ?? 'test-token-secret',
  });
  return { ...ls, call, client, tag: ls.tag! };
}
