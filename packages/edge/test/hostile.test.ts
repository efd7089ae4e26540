// Hostile and broken clients: garbage instead of a handshake, malformed and oversized packets, clients
// vanishing mid-handshake or mid-query, and 200 connections opening and closing at once. The edge must
// stay up and leave no socket open on either side.
import net from 'node:net';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Edge } from '../src/index.js';
import { UpstreamAccounts } from '../src/session/accounts.js';
import { frame } from '../src/protocol/wire.js';
import { connect, createFixture, failure, startEdge, type Fixture } from './support/fixture.js';
import { closed, errorOf, rawConnect, rawLogin } from './support/raw.js';

let fx: Fixture;
let edge: Edge;
const maxPacketBytes = 1024 * 1024;

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  fx.addCredential('h_admin', 'pw-h', fx.dev, 'admin');
  edge = await startEdge(inject('mysqlUrl'), fx, { maxPacketBytes, handshakeTimeoutMs: 300 });
});
afterAll(async () => {
  await edge?.close();
  await fx?.drop();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const tcpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
/** Upstream sessions of this file's credential (other test files run their own edges on the same server). */
const upstreamSessions = async () => {
  const [rows] = await fx.admin.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER LIKE ?', [UpstreamAccounts.userFor('%', 'h_admin')]);
  return Number(rows[0]!.n);
};

async function stillServes(on: Edge = edge): Promise<void> {
  const c = await connect(on, 'h_admin', 'pw-h', 'shop');
  const [rows] = await c.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM items');
  expect(rows).toEqual([{ n: 2 }]);
  await c.end();
}

describe('handshake', () => {
  it('answers garbage instead of a handshake response with Bad handshake and closes', async () => {
    const client = await rawConnect(edge.port);
    client.socket.write(frame(Buffer.from('GET / HTTP/1.1\r\n\r\n'), 1).bytes);
    const reply = await client.channel.read();
    expect(errorOf(reply.payload)).toEqual({ errno: 1043, message: 'Bad handshake' });
    await closed(client.socket);
    await stillServes();
  });

  it('closes on a truncated handshake response and on bytes that are not packets at all', async () => {
    const truncated = await rawConnect(edge.port);
    truncated.socket.write(frame(Buffer.from([0x05, 0x02, 0x00]), 1).bytes);
    expect(errorOf((await truncated.channel.read()).payload)?.errno).toBe(1043);
    await closed(truncated.socket);

    const noise = await rawConnect(edge.port);
    noise.socket.write(Buffer.from('\xff\xff\xff\x01'.repeat(64), 'latin1'));
    await closed(noise.socket);
    await stillServes();
  });

  it('closes a handshake packet announcing more than the limit without buffering it', async () => {
    const client = await rawConnect(edge.port);
    const header = Buffer.from([0xff, 0xff, 0xfe, 1]);
    client.socket.write(Buffer.concat([header, Buffer.alloc(1024)]));
    await closed(client.socket);
    await stillServes();
  });

  it('survives clients that disconnect mid-handshake or never answer', async () => {
    for (let i = 0; i < 20; i++) {
      const s = net.connect(edge.port, '127.0.0.1');
      s.on('error', () => undefined);
      if (i % 2) s.once('data', () => s.destroy());
      else s.once('connect', () => s.destroy());
      await closed(s);
    }
    const half = await rawConnect(edge.port);
    half.socket.write(Buffer.from([0x40, 0x00, 0x00, 0x01, 0x0f]));
    half.socket.destroy();
    const silent = await rawConnect(edge.port);
    await closed(silent.socket); // the handshake timeout closes it
    await stillServes();
    await until(() => edge.stats().connections === 0, 'sessions to close');
  });
});

describe('commands', () => {
  it('refuses a command larger than max_allowed_packet and closes the session', async () => {
    const c = await connect(edge, 'h_admin', 'pw-h', 'shop');
    const err = await failure(c.query(`SELECT '${'x'.repeat(maxPacketBytes + 10)}'`));
    expect([err.errno, err.message]).toEqual([1153, "Got a packet bigger than 'max_allowed_packet' bytes"]);
    c.destroy();
    await stillServes();
  });

  it('answers unknown command bytes, empty packets and broken SQL without dropping the session', async () => {
    const client = await rawLogin(edge.port, 'h_admin', 'pw-h', 'shop');
    const send = async (payload: Buffer) => {
      client.channel.write(payload, 0);
      return (await client.channel.read()).payload;
    };
    expect(errorOf(await send(Buffer.from([0xee])))?.errno).toBe(1047);
    expect(errorOf(await send(Buffer.alloc(0)))?.errno).toBe(1047);
    expect(errorOf(await send(Buffer.from([0x11, 1, 2, 3])))?.errno).toBe(1047); // COM_CHANGE_USER
    expect(errorOf(await send(Buffer.from([0x03, ...Buffer.from("SELECT 'unterminated")])))?.errno).toBe(1064);
    expect([1064, 1065]).toContain(errorOf(await send(Buffer.from([0x03, ...Buffer.from('/* never closed')])))?.errno);
    expect(errorOf(await send(Buffer.from([0x03, 0xc3, 0x28, 0xa0, 0xa1, 0xfe])))?.errno).toBe(1064);
    expect(errorOf(await send(Buffer.from([0x03, ...Buffer.from('USE `unterminated')])))?.errno).toBe(1049);
    expect(errorOf(await send(Buffer.from([0x17, 0xff, 0xff, 0xff, 0x7f, 0, 1, 0, 0, 0])))?.errno).toBe(1243); // unknown statement id
    expect(errorOf(await send(Buffer.from([0x0c, 0x01])))?.errno).toBe(1094); // COM_PROCESS_KILL without an id
    const pong = await send(Buffer.from([0x0e]));
    expect(pong[0]).toBe(0x00);
    client.socket.destroy();
    await stillServes();
  });

  it('translates KILL QUERY to the upstream thread of the same credential only', async () => {
    const victim = await connect(edge, 'h_admin', 'pw-h', 'shop');
    const id = victim.threadId!;
    const running = victim.query('SELECT SLEEP(30) AS s');
    const killer = await connect(edge, 'h_admin', 'pw-h', 'shop');
    await until(async () => {
      const [rows] = await fx.admin.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(30)%'");
      return Number(rows[0]!.n) === 1;
    }, 'the query to start');
    await killer.query(`KILL QUERY ${id}`);
    // MySQL returns 1 from an interrupted SLEEP; MariaDB reports the interruption (1317).
    const outcome = await running.then(([rows]) => rows, (err: { errno: number }) => err.errno);
    expect([[{ s: 1 }], 1317]).toContainEqual(outcome);
    const [after] = await victim.query<RowDataPacket[]>('SELECT 1 AS still');
    expect(after).toEqual([{ still: 1 }]);
    expect((await failure(killer.query('KILL 999999'))).errno).toBe(1094);
    fx.addCredential('h_other', 'pw-other', fx.dev, 'admin');
    const stranger = await connect(edge, 'h_other', 'pw-other', 'shop');
    expect((await failure(stranger.query(`KILL ${id}`))).errno).toBe(1094);
    await Promise.all([victim.end(), killer.end(), stranger.end()]);
  });
});

describe('load', () => {
  // An edge of its own with the default handshake timeout: the file's edge gives a handshake 300 ms
  // (to test the timeout), which 200 handshakes at once on a loaded machine can outlast.
  let edge: Edge;
  beforeAll(async () => { edge = await startEdge(inject('mysqlUrl'), fx, { maxPacketBytes }); });
  afterAll(async () => { await edge?.close(); });

  it('handles 200 concurrent connections opening and closing and leaks no sockets', async () => {
    await stillServes(edge);
    await until(() => edge.stats().connections === 0, 'warm-up sessions to close');
    const baseline = tcpSockets();
    const before = edge.stats();
    await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      const c = await connect(edge, 'h_admin', 'pw-h', 'shop');
      if (i % 4 === 0) {
        // Vanish while a query is running.
        void c.query('SELECT SLEEP(0.2)').catch(() => undefined);
        c.destroy();
        return;
      }
      const [rows] = await c.query<RowDataPacket[]>('SELECT id FROM items WHERE id = ?', [1 + (i % 2)]);
      expect(rows).toEqual([{ id: 1 + (i % 2) }]);
      await c.end();
    }));
    expect(edge.stats().authenticated - before.authenticated).toBe(200);
    await until(() => edge.stats().connections === 0 && edge.stats().upstreamConnections === 0, 'every session to close');
    await until(() => tcpSockets() <= baseline, `TCP sockets back to ${baseline}`);
    await until(async () => (await upstreamSessions()) === 0, 'upstream sessions to end');
    await stillServes(edge);
  });
});
