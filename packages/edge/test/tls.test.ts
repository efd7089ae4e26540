// TLS and mutual TLS on the edge, with certificates from generateCertificates(): mysql2 and the mariadb
// client connect and verify the server; plain connections are refused when TLS is required; a client
// certificate is required in mtls mode. Also covers a client whose TLS ClientHello arrives in the same
// read as its SSLRequest.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scramble } from '../src/auth/scramble.js';
import { Capability } from '../src/protocol/constants.js';
import { handshakeResponsePayload, parseGreeting } from '../src/protocol/handshake.js';
import { frame } from '../src/protocol/wire.js';
import { PacketChannel } from '../src/session/channel.js';
import { generateCertificates, type Edge, type GeneratedCertificates } from '../src/index.js';
import { mariadb } from './support/cli.js';
import { connect, createFixture, failure, startEdge, type Fixture } from './support/fixture.js';

let fx: Fixture;
let certs: GeneratedCertificates;
let dir: string;
let tlsEdge: Edge;
let mtlsEdge: Edge;

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  fx.addCredential('tls_user', 'pw-tls', fx.dev, 'reader');
  certs = generateCertificates();
  dir = await mkdtemp(path.join(tmpdir(), 'edge-tls-'));
  for (const [name, pem] of Object.entries({ 'ca.pem': certs.ca.cert, 'client-cert.pem': certs.client.cert, 'client-key.pem': certs.client.key })) {
    await writeFile(path.join(dir, name), pem);
  }
  tlsEdge = await startEdge(inject('mysqlUrl'), fx, { tls: { mode: 'tls', cert: certs.server.cert, key: certs.server.key } });
  mtlsEdge = await startEdge(inject('mysqlUrl'), fx, { tls: { mode: 'mtls', cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert } });
});
afterAll(async () => {
  await tlsEdge?.close();
  await mtlsEdge?.close();
  await fx?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const isEncrypted = (c: Awaited<ReturnType<typeof connect>>) =>
  (c as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream.encrypted === true;

describe('tls mode', () => {
  it('mysql2 connects over TLS and verifies the server certificate', async () => {
    const c = await connect(tlsEdge, 'tls_user', 'pw-tls', 'shop', { ssl: { ca: certs.ca.cert, rejectUnauthorized: true } });
    expect(isEncrypted(c)).toBe(true);
    const [rows] = await c.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM items');
    expect(rows).toEqual([{ n: 2 }]);
    await c.end();
  });

  it('refuses a plain connection with vtgate\'s message', async () => {
    const err = await failure(connect(tlsEdge, 'tls_user', 'pw-tls', 'shop'));
    expect([err.errno, err.sqlState, err.message]).toEqual([1105, 'HY000', 'server does not allow insecure connections, client must use SSL/TLS']);
  });

  it('is rejected by a client that trusts another CA', async () => {
    const other = generateCertificates();
    const err = await failure(connect(tlsEdge, 'tls_user', 'pw-tls', 'shop', { ssl: { ca: other.ca.cert, rejectUnauthorized: true } }));
    expect(err.code).toBe('HANDSHAKE_SSL_ERROR');
    expect(err.message).toMatch(/certificate/i);
  });

  it('the mariadb client connects with --ssl-verify-server-cert and is refused without TLS', async () => {
    const ok = await mariadb(tlsEdge.port, ['-u', 'tls_user', '-ppw-tls', '--ssl', `--ssl-ca=${path.join(dir, 'ca.pem')}`, '--ssl-verify-server-cert', 'shop'], 'status\nSELECT COUNT(*) AS n FROM items;');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/SSL:\s+Cipher in use is /);
    expect(ok.stdout).toContain('n\n2\n');
    const plain = await mariadb(tlsEdge.port, ['-u', 'tls_user', '-ppw-tls', '--skip-ssl', 'shop'], 'SELECT 1;');
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain('ERROR 1105 (HY000): server does not allow insecure connections, client must use SSL/TLS');
  });

  it('handles a TLS ClientHello that arrives together with the SSLRequest', async () => {
    const raw = net.connect(tlsEdge.port, '127.0.0.1');
    const greetingChannel = new PacketChannel(raw, 1 << 20);
    const greeting = parseGreeting((await greetingChannel.read()).payload);
    greetingChannel.detach();
    const caps = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.SSL | Capability.CONNECT_WITH_DB;
    const sslRequest = Buffer.alloc(32);
    sslRequest.writeUInt32LE(caps, 0);
    sslRequest.writeUInt32LE(1 << 24, 4);
    sslRequest[8] = 45;
    let pending: Buffer | null = frame(sslRequest, 1).bytes;
    const transport = new Duplex({
      read() { /* pushed from raw */ },
      write(chunk: Buffer, _enc, callback) {
        raw.write(pending ? Buffer.concat([pending, chunk]) : chunk);
        pending = null;
        callback();
      },
    });
    raw.on('data', (d: Buffer) => transport.push(d));
    raw.on('end', () => transport.push(null));
    const secure = tls.connect({ socket: transport, ca: certs.ca.cert, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    const channel = new PacketChannel(secure, 1 << 20);
    channel.write(handshakeResponsePayload({
      capabilities: caps, maxPacketSize: 1 << 24, collation: 45, username: 'tls_user',
      authResponse: scramble('mysql_native_password', 'pw-tls', greeting.nonce), database: 'shop', authPlugin: 'mysql_native_password', attributes: null,
    }), 2);
    const ok = await channel.read();
    expect(ok.payload[0]).toBe(0x00);
    channel.write(Buffer.from([0x01]), 0);
    secure.destroy();
    raw.destroy();
  });
});

describe('mtls mode', () => {
  it('accepts a client certificate signed by the CA', async () => {
    const c = await connect(mtlsEdge, 'tls_user', 'pw-tls', 'shop', { ssl: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key } });
    expect(isEncrypted(c)).toBe(true);
    await c.query('SELECT 1');
    await c.end();
    const cli = await mariadb(mtlsEdge.port, [
      '-u', 'tls_user', '-ppw-tls', '--ssl', `--ssl-ca=${path.join(dir, 'ca.pem')}`, '--ssl-verify-server-cert',
      `--ssl-cert=${path.join(dir, 'client-cert.pem')}`, `--ssl-key=${path.join(dir, 'client-key.pem')}`, 'shop',
    ], 'SELECT COUNT(*) AS n FROM items;');
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain('n\n2\n');
  });

  it('refuses a client without a certificate, and plain connections', async () => {
    await failure((async () => {
      const c = await connect(mtlsEdge, 'tls_user', 'pw-tls', 'shop', { ssl: { ca: certs.ca.cert } });
      await c.query('SELECT 1');
    })());
    const plain = await failure(connect(mtlsEdge, 'tls_user', 'pw-tls', 'shop'));
    expect(plain.errno).toBe(1105);
    const cli = await mariadb(mtlsEdge.port, ['-u', 'tls_user', '-ppw-tls', '--ssl', `--ssl-ca=${path.join(dir, 'ca.pem')}`, 'shop'], 'SELECT 1;');
    expect(cli.code).not.toBe(0);
  });
});
