// The upstream server's Unix socket: sessions (MySQL and HTTP) reach MySQL through it when the edge is
// given one, and through host and port when it cannot log in there (with a warning), so a wrong socket
// path never takes the edge down.
import { existsSync } from 'node:fs';
import { connect as connectHttp } from '@planetscale/database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Edge, EdgeLogger } from '../src/index.js';
import { connect, createFixture, startEdge, upstreamOf, type Fixture } from './support/fixture.js';

let fx: Fixture;
let socket: string;

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  fx.addCredential('sock_user', 'pw-sock', fx.dev, 'readwriter');
  const [rows] = await fx.admin.query('SELECT @@socket AS socket');
  socket = String((rows as { socket: string }[])[0]!.socket);
});
afterAll(async () => { await fx?.drop(); });

/** How MySQL sees the session's client: `localhost` over the socket, `127.0.0.1:<port>` over TCP. */
async function upstreamHostOf(edge: Edge): Promise<{ mysql: string; http: string }> {
  const sql = 'SELECT HOST AS host FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()';
  const c = await connect(edge, 'sock_user', 'pw-sock', 'shop');
  const [rows] = await c.query(sql);
  await c.end();
  const viaHttp = await connectHttp({ url: `http://sock_user:pw-sock@127.0.0.1:${edge.http!.port}` }).execute(sql);
  return { mysql: String((rows as { host: string }[])[0]!.host), http: String(viaHttp.rows[0]!.host) };
}

describe('the upstream Unix socket', () => {
  it('carries the sessions when the edge is given one', async (ctx) => {
    if (!existsSync(socket)) ctx.skip(); // a test server elsewhere (LOCALSCALE_TEST_MYSQL_URL)
    const edge = await startEdge(inject('mysqlUrl'), fx, { upstream: { ...upstreamOf(inject('mysqlUrl')), socketPath: socket }, http: {} });
    try {
      expect(await upstreamHostOf(edge)).toEqual({ mysql: 'localhost', http: 'localhost' });
    } finally {
      await edge.close();
    }
  });

  it('falls back to host and port, with a warning, when the socket does not let the edge in', async () => {
    const warnings: string[] = [];
    const log: EdgeLogger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (msg) => warnings.push(msg) };
    const edge = await startEdge(inject('mysqlUrl'), fx, {
      upstream: { ...upstreamOf(inject('mysqlUrl')), socketPath: '/nonexistent/localscale-test.sock' }, http: {}, log,
    });
    try {
      const hosts = await upstreamHostOf(edge);
      expect(hosts.mysql).not.toBe('localhost');
      expect(hosts.http).not.toBe('localhost');
      expect(warnings).toContain("edge cannot use the upstream server's Unix socket; using TCP");
    } finally {
      await edge.close();
    }
  });
});
