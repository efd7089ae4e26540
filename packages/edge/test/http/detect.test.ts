// Protocol detection on real sockets: silence means MySQL, a request line (even split across
// packets) means HTTP, a TLS record means HTTPS, and the bytes read are handed on untouched.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect, type Detected } from '../../src/http/detect.js';

let server: net.Server;
let port: number;
const accepted: ((d: Detected, socket: net.Socket) => void)[] = [];

beforeAll(async () => {
  server = net.createServer((socket) => {
    void detect(socket, 50).then((d) => accepted.shift()!(d, socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

/** Connects, runs `client`, and resolves with what detection decided and the bytes that followed it. */
function detected(client: (s: net.Socket) => void): Promise<{ protocol: string; head: string; rest: string }> {
  return new Promise((resolve) => {
    accepted.push((d, socket) => {
      const rest: Buffer[] = [];
      socket.on('data', (c: Buffer) => rest.push(c));
      socket.on('end', () => resolve({ protocol: d.protocol, head: d.head.toString('latin1'), rest: Buffer.concat(rest).toString('latin1') }));
      socket.resume();
    });
    const s = net.connect(port, '127.0.0.1', () => client(s));
    s.on('error', () => undefined);
  });
}

describe('detect', () => {
  it('greets a silent client as MySQL', async () => {
    const d = await detected((s) => setTimeout(() => s.end('late'), 200));
    expect(d.protocol).toBe('mysql');
    expect(d.head + d.rest).toBe('late');
  });

  it('recognises a request line split across writes', async () => {
    const d = await detected((s) => { s.write('PO'); setTimeout(() => s.end('ST / HTTP/1.1\r\n\r\n'), 5); });
    expect(d.protocol).toBe('http');
    expect(d.head + d.rest).toBe('POST / HTTP/1.1\r\n\r\n');
  });

  it('recognises a TLS ClientHello, and hands anything else to MySQL with its bytes', async () => {
    expect((await detected((s) => s.end(Buffer.from([0x16, 0x03, 0x01, 0x00])))).protocol).toBe('tls');
    const other = await detected((s) => s.end('\x05\x00\x00\x00junk'));
    expect(other.protocol).toBe('mysql');
    expect(other.head + other.rest).toBe('\x05\x00\x00\x00junk');
  });
});
