// Starts a LocalScale for one test file on the shared test MySQL server, in its own metadata schema
// and physical-database prefix, with every response checked against the spec. (Users' suites use
// @localscale/server/testing; LocalScale's own tests also need restarts over the same schemas and
// fast engine ticks, so they start the runtime directly.)
import { inject } from 'vitest';
import { uniqueTag } from '@localscale/mysql/testing';
import { dropPhysicalDatabases, listPhysicalDatabases, quoteIdentifier } from '@localscale/mysql';
import { resolveConfig, type RawConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/logging.js';
import { startLocalScale, type LocalScale } from '../../src/runtime.js';
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
}

export async function startTestServer(raw: RawConfig = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const tag = options.tag ?? uniqueTag();
  const config = resolveConfig({ log_level: 'silent', processor_tick_interval: '100ms', ...raw }, {
    port: 0, mysqlUrl: inject('mysqlUrl'), metadataSchema: `ls_${tag}`, databasePrefix: tag,
  });
  const ls = await startLocalScale(config, { validateResponses: true, clusters: { tickMs: 50, copyChunkRows: 100 }, log: createLogger((process.env.LOCALSCALE_TEST_LOG as 'debug' | undefined) ?? 'silent') });
  const stop = async () => {
    const names = await listPhysicalDatabases(ls.services.admin, tag);
    await dropPhysicalDatabases(ls.services.admin, names);
    await ls.services.admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(config.metadataSchema)}`);
    await ls.stop();
  };
  const call: TestServer['call'] = async (path, init = {}) => {
    const headers = new Headers({ ...auth, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) });
    new Headers(init.headers).forEach((v, k) => headers.set(k, v));
    const res = await fetch(ls.url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body, headers: res.headers };
  };
  const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: 'test-token-id', serviceToken: 'test-token-secret' });
  return { ...ls, stop, shutdown: () => ls.stop(), call, client, tag };
}
