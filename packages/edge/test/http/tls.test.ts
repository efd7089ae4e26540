// HTTPS when the edge has TLS material, on the API's own port and on the edge port with detection: a
// TLS ClientHello as the first bytes means an HTTPS client (MySQL clients only start TLS after the
// greeting). Plain HTTP is refused as plain MySQL is when TLS is required, and mtls asks HTTPS clients
// for their certificate too.
import https from 'node:https';
import { connect, DatabaseError } from '@planetscale/database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateCertificates, type Edge, type GeneratedCertificates } from '../../src/index.js';
import { connect as mysqlConnect, createFixture, startEdge, type Fixture } from '../support/fixture.js';

let fx: Fixture;
let certs: GeneratedCertificates;
let tlsEdge: Edge;
let mtlsEdge: Edge;

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  fx.addCredential('tls_user', 'pw-tls', fx.dev, 'reader');
  certs = generateCertificates();
  tlsEdge = await startEdge(inject('mysqlUrl'), fx, { tls: { mode: 'tls', cert: certs.server.cert, key: certs.server.key }, http: { detectMs: 100 } });
  mtlsEdge = await startEdge(inject('mysqlUrl'), fx, { tls: { mode: 'mtls', cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert }, http: {} });
});
afterAll(async () => {
  await tlsEdge?.close();
  await mtlsEdge?.close();
  await fx?.drop();
});

type Fetch = NonNullable<Parameters<typeof connect>[0]['fetch']>;

/** The driver's fetch over node:https, trusting the edge's CA (and presenting a client certificate). */
function httpsFetch(client?: { cert: string; key: string }): Fetch {
  return (input, init) => new Promise((resolve, reject) => {
    const req = https.request(input, { method: init?.method, headers: init?.headers, ca: certs.ca.cert, ...client }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ ok: res.statusCode! < 300, status: res.statusCode!, statusText: res.statusMessage ?? '', text: async () => text });
      });
    });
    req.on('error', reject);
    req.end(init?.body);
  });
}

describe('HTTPS', () => {
  it('the driver connects with host and TLS (the PlanetScale default); MySQL still works there', async () => {
    const conn = connect({ host: `localhost:${tlsEdge.port}`, username: 'tls_user', password: 'pw-tls', fetch: httpsFetch() });
    expect((await conn.execute('SELECT COUNT(*) AS n FROM items')).rows).toEqual([{ n: '2' }]);
    const mysql = await mysqlConnect(tlsEdge, 'tls_user', 'pw-tls', 'shop', { ssl: { ca: certs.ca.cert } });
    const [rows] = await mysql.query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    await mysql.end();
  });

  it('the API port speaks HTTPS too', async () => {
    const conn = connect({ host: `localhost:${tlsEdge.http!.port}`, username: 'tls_user', password: 'pw-tls', fetch: httpsFetch() });
    expect((await conn.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('refuses plain HTTP when TLS is required', async () => {
    const err = await connect({ url: `http://tls_user:pw-tls@127.0.0.1:${tlsEdge.port}` }).execute('SELECT 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err).toMatchObject({ status: 403, message: 'server does not allow insecure connections, client must use SSL/TLS' });
  });

  it('mtls wants the client certificate (here on the API port)', async () => {
    const withCert = connect({ host: `localhost:${mtlsEdge.http!.port}`, username: 'tls_user', password: 'pw-tls', fetch: httpsFetch(certs.client) });
    expect((await withCert.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const without = connect({ host: `localhost:${mtlsEdge.http!.port}`, username: 'tls_user', password: 'pw-tls', fetch: httpsFetch() });
    await expect(without.execute('SELECT 1')).rejects.toThrow();
  });
});
