// branch_tls_mode: the edge requires TLS with a CA LocalScale generated, served by /admin/tls-certs.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';

let tls: TestServer, mtls: TestServer, plain: TestServer;
beforeAll(async () => {
  [tls, mtls, plain] = await Promise.all([
    startTestServer({ branch_tls_mode: 'tls' }), startTestServer({ branch_tls_mode: 'mtls' }), startTestServer(),
  ]);
});
afterAll(async () => { await Promise.all([tls?.stop(), mtls?.stop(), plain?.stop()]); });

async function password(ls: TestServer) {
  return ls.client.passwords.create('localscale', 'app', 'main', { role: 'reader' });
}

describe('edge TLS', () => {
  it('tls: /admin/tls-certs hands out the CA; TLS clients connect, plain ones are refused', async () => {
    const certs = await tls.call('/admin/tls-certs');
    expect(certs.status).toBe(200);
    expect(certs.body.ca_cert).toMatch(/BEGIN CERTIFICATE/);
    expect(certs.body.client_cert).toBeUndefined();
    const pw = await password(tls);
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: tls.edge.port, user: pw.username, password: pw.plain_text!, database: 'app', ssl: { ca: certs.body.ca_cert } });
    const [rows] = await conn.query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    await conn.end();
    await expect(mysql.createConnection({ host: '127.0.0.1', port: tls.edge.port, user: pw.username, password: pw.plain_text!, database: 'app' })).rejects.toThrow();
  });

  it('mtls: a client certificate is required', async () => {
    const certs = (await mtls.call('/admin/tls-certs')).body;
    expect(certs.client_cert).toMatch(/BEGIN CERTIFICATE/);
    const pw = await password(mtls);
    const base = { host: '127.0.0.1', port: mtls.edge.port, user: pw.username, password: pw.plain_text!, database: 'app' };
    const conn = await mysql.createConnection({ ...base, ssl: { ca: certs.ca_cert, cert: certs.client_cert, key: certs.client_key } });
    await conn.end();
    await expect(mysql.createConnection({ ...base, ssl: { ca: certs.ca_cert } })).rejects.toThrow();
  });

  it('none: /admin/tls-certs is 404', async () => {
    expect((await plain.call('/admin/tls-certs')).status).toBe(404);
  });
});
