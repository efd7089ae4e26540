// @planetscale/database against the edge's HTTP API: the API's own port serves HTTP, the edge port
// serves both protocols when detection is asked for, every failure has the shape the driver parses,
// and sessions are bounded.
import net from 'node:net';
import { connect, DatabaseError, type Connection } from '@planetscale/database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Edge } from '../../src/index.js';
import { connect as mysqlConnect, createFixture, startEdge, type Fixture } from '../support/fixture.js';

let fx: Fixture;
let edge: Edge;
let now = new Date('2030-01-01T00:00:00Z');

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  edge = await startEdge(inject('mysqlUrl'), fx, {
    now: () => now,
    http: { port: 0, detectMs: 100, maxRows: 5, maxResultBytes: 4096, maxBodyBytes: 64 * 1024, transactionTimeoutMs: 400, reservedIdleMs: 400, maxReserved: 2, maxConnections: 4 },
  });
  fx.addCredential('dev_admin', 'pw-dev-admin', fx.dev, 'admin');
  fx.addCredential('dev_reader', 'pw-dev-reader', fx.dev, 'reader');
  fx.addCredential('main_admin', 'pw-main-admin', fx.main, 'admin');
  fx.addCredential('expiring', 'pw-expiring', fx.dev, 'admin', new Date('2030-01-01T01:00:00Z'));
  await fx.admin.query(`CREATE TABLE \`${fx.dev.keyspaces[0]!.databases[0]}\`.numbers (n INT PRIMARY KEY)`);
  await fx.admin.query(`INSERT INTO \`${fx.dev.keyspaces[0]!.databases[0]}\`.numbers VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)`);
});
afterAll(async () => {
  await edge?.close();
  await fx?.drop();
});

const url = (user: string, password: string, port = edge.port) => `http://${user}:${password}@127.0.0.1:${port}`;
const dev = () => connect({ url: url('dev_admin', 'pw-dev-admin') });

async function refusal(p: Promise<unknown>): Promise<DatabaseError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseError);
    return err as DatabaseError;
  }
  throw new Error('expected a DatabaseError');
}

async function post(path: string, init: { body?: string; headers?: Record<string, string>; method?: string } = {}) {
  const res = await fetch(`http://127.0.0.1:${edge.port}${path}`, {
    method: init.method ?? 'POST', body: init.body,
    headers: { authorization: `Basic ${Buffer.from('dev_admin:pw-dev-admin').toString('base64')}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

describe('the API on a port of its own (the default)', () => {
  it('leaves the edge port to MySQL, which is greeted without waiting', async () => {
    const plain = await startEdge(inject('mysqlUrl'), fx, { http: {} });
    try {
      expect(plain.http).toEqual({ onEdgePort: false, port: expect.any(Number) });
      const greeting = await new Promise<Buffer>((resolve, reject) => {
        const s = net.connect(plain.port, '127.0.0.1');
        s.once('data', (b: Buffer) => { resolve(b); s.destroy(); });
        s.once('error', reject);
      });
      expect(greeting[4]).toBe(10); // protocol version 10: a MySQL greeting, sent before the client said anything
      const viaPort = await connect({ url: url('dev_admin', 'pw-dev-admin', plain.http!.port!) }).execute('SELECT COUNT(*) AS n FROM items');
      expect(viaPort.rows).toEqual([{ n: '2' }]);
      const mysql = await mysqlConnect(plain, 'dev_admin', 'pw-dev-admin', 'shop');
      expect((await mysql.query('SELECT 1 AS one'))[0]).toEqual([{ one: 1 }]);
      await mysql.end();
    } finally {
      await plain.close();
    }
  });
});

describe('one port, two protocols (detection on the edge port, opt-in)', () => {
  it('serves the driver on the edge port and on the HTTP port, and MySQL clients on the edge port', async () => {
    expect(edge.http).toEqual({ onEdgePort: true, port: expect.any(Number) });
    const viaEdge = await dev().execute('SELECT id, name FROM items ORDER BY id');
    expect(viaEdge.rows).toEqual([{ id: 1, name: 'dev-one' }, { id: 2, name: 'dev-two' }]);
    expect(viaEdge.fields.map((f) => [f.name, f.type, f.database])).toEqual([['id', 'INT32', 'shop'], ['name', 'VARCHAR', 'shop']]);
    const viaPort = await connect({ url: url('dev_admin', 'pw-dev-admin', edge.http!.port!) }).execute('SELECT COUNT(*) AS n FROM items');
    expect(viaPort.rows).toEqual([{ n: '2' }]);
    const mysql = await mysqlConnect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    const [rows] = await mysql.query('SELECT name FROM items WHERE id = 2');
    expect(rows).toEqual([{ name: 'dev-two' }]);
    await mysql.end();
  });

  it('answers CreateSession with the branch, the user and a session the next Execute uses', async () => {
    const { status, body } = await post('/psdb.v1alpha1.Database/CreateSession', { body: '{}' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ branch: 'dev', user: { username: 'dev_admin', role: 'admin' }, session: { signature: expect.any(String) } });
    const exec = await post('/psdb.v1alpha1.Database/Execute', { body: JSON.stringify({ query: 'SELECT 1 AS one', session: body.session }) });
    expect(exec.body).toMatchObject({ result: { fields: [{ name: 'one', type: 'INT32' }], rows: [{ lengths: ['1'], values: 'MQ==' }] }, timing: expect.any(Number) });
  });
});

describe('refusals', () => {
  it('wrong, unknown and expired credentials get 401 with the error the driver raises', async () => {
    const wrong = await refusal(connect({ url: url('dev_admin', 'nope') }).execute('SELECT 1'));
    expect(wrong.status).toBe(401);
    expect(wrong.message).toBe("Access denied for user 'dev_admin'@'127.0.0.1' (using password: YES)");
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    expect((await refusal(connect({ url: url('ghost', 'pw') }).execute('SELECT 1'))).status).toBe(401);
    const conn = connect({ url: url('expiring', 'pw-expiring') });
    await conn.execute('SELECT 1');
    now = new Date('2030-01-01T02:00:00Z');
    try {
      expect((await refusal(conn.execute('SELECT 1'))).status).toBe(401);
    } finally {
      now = new Date('2030-01-01T00:00:00Z');
    }
    const missing = await post('/psdb.v1alpha1.Database/Execute', { body: '{"query":"select 1"}', headers: { authorization: '' } });
    expect(missing).toEqual({ status: 401, body: { code: 'unauthenticated', message: expect.any(String), error: { code: 'UNAUTHENTICATED', message: expect.any(String) } } });
  });

  it('malformed requests get Connect errors and change nothing', async () => {
    expect(await post('/psdb.v1alpha1.Database/Execute', { body: '{not json' })).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });
    expect(await post('/psdb.v1alpha1.Database/Execute', { body: '[1]' })).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });
    expect(await post('/psdb.v1alpha1.Database/Execute', { body: '{"query": 7}' })).toMatchObject({ status: 400, body: { code: 'invalid_argument', message: expect.stringMatching(/query/) } });
    expect(await post('/psdb.v1alpha1.Database/Execute', { body: '{"query":"select 1","session":{"signature":"AAAA","vitessSession":{}}}' }))
      .toMatchObject({ status: 400, body: { code: 'invalid_argument', message: expect.stringMatching(/session/) } });
    expect(await post('/psdb.v1alpha1.Database/Nope', { body: '{}' })).toMatchObject({ status: 404, body: { code: 'unimplemented' } });
    expect(await post('/psdb.v1alpha1.Database/Execute', { method: 'GET' })).toMatchObject({ status: 405 });
    const big = JSON.stringify({ query: `SELECT '${'x'.repeat(70 * 1024)}'` });
    expect(await post('/psdb.v1alpha1.Database/Execute', { body: big })).toMatchObject({ status: 429, body: { code: 'resource_exhausted' } });
  });

  it('survives junk on both ports', async () => {
    for (const port of [edge.port, edge.http!.port!]) {
      await new Promise<void>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => s.end('GET \0\0\0 garbage\r\n\r\n'));
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.resume();
      });
    }
    expect((await dev().execute('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});

describe('statements', () => {
  it('errors are DatabaseError with MySQL\'s message, errno and the vtrpc code', async () => {
    const syntax = await refusal(dev().execute('SELEC 1'));
    expect(syntax.status).toBe(400);
    expect(syntax.body.code).toBe('INVALID_ARGUMENT');
    expect(syntax.message).toMatch(/You have an error in your SQL syntax.*\(errno 1064\) \(sqlstate 42000\)/);
    const dup = await refusal(dev().execute('INSERT INTO items VALUES (1, ?)', ['again']));
    expect(dup.body.code).toBe('ALREADY_EXISTS');
    expect(dup.message).toMatch(/^target: shop\.-\.primary: vttablet: rpc error: code = AlreadyExists desc = Duplicate entry '1' for key .*\(errno 1062\)/);
    const two = await refusal(dev().execute('SELECT 1; SELECT 2'));
    expect(two.message).toMatch(/^syntax error at position \d+ near 'SELECT'/);
  });

  it('roles and safe migrations are the MySQL edge\'s', async () => {
    const reader = connect({ url: url('dev_reader', 'pw-dev-reader') });
    expect((await reader.execute('SELECT COUNT(*) AS n FROM items')).rows).toEqual([{ n: '2' }]);
    const denied = await refusal(reader.execute("INSERT INTO items VALUES (9, 'no')"));
    expect(denied.body.code).toBe('PERMISSION_DENIED');
    expect(denied.message).toMatch(/Insert command denied to user 'dev_reader', in groups \[planetscale-reader\]/);
    const main = connect({ url: url('main_admin', 'pw-main-admin') });
    expect((await refusal(main.execute('CREATE TABLE sneaky (id INT PRIMARY KEY)'))).message).toBe('direct DDL is disabled');
    expect((await main.execute('SELECT name FROM items ORDER BY id')).rows).toEqual([{ name: 'main-one' }, { name: 'main-two' }]);
    expect((await refusal(main.execute('SELECT * FROM numbers'))).message).toMatch(/doesn't exist/);
  });

  it('keeps USE, vtgate variables and session settings across requests of one connection', async () => {
    const conn = dev();
    expect((await conn.execute('SELECT DATABASE() AS db')).rows).toEqual([{ db: 'shop' }]);
    await conn.execute('USE information_schema');
    expect((await conn.execute('SELECT DATABASE() AS db')).rows).toEqual([{ db: 'information_schema' }]);
    await conn.execute('USE shop');
    await conn.execute("SET @@ddl_strategy = 'vitess --postpone-completion'");
    expect((await conn.execute('SELECT @@ddl_strategy AS s')).rows).toEqual([{ s: 'vitess --postpone-completion' }]);
    await conn.execute('SET @answer = 42');
    expect((await conn.execute('SELECT @answer AS a')).rows).toEqual([{ a: '42' }]);
    expect(edge.stats().httpReserved).toBe(1);
    expect((await dev().execute('SELECT @answer AS a')).rows).toEqual([{ a: null }]);
    expect((await dev().execute('SELECT @@ddl_strategy AS s')).rows).toEqual([{ s: 'direct' }]);
    await closeSession(conn);
    expect(edge.stats().httpReserved).toBe(0);
  });

  it('limits rows and bytes per result with vttablet\'s errors, and the session goes on', async () => {
    const conn = dev();
    const rows = await refusal(conn.execute('SELECT n FROM numbers'));
    expect(rows.message).toMatch(/code = Aborted desc = caller id: dev_admin: row count exceeded 5 \(errno 10001\)/);
    expect((await conn.execute('SELECT n FROM numbers WHERE n <= 5')).size).toBe(5);
    const bytes = await refusal(conn.execute(`SELECT REPEAT('x', 5000) AS big`));
    expect(bytes.body.code).toBe('RESOURCE_EXHAUSTED');
    expect((await conn.execute('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });
});

async function closeSession(conn: Connection): Promise<void> {
  const session = (conn as unknown as { session: unknown }).session;
  const res = await fetch(`http://127.0.0.1:${edge.port}/psdb.v1alpha1.Database/CloseSession`, {
    method: 'POST', body: JSON.stringify({ session }),
    headers: { authorization: `Basic ${Buffer.from('dev_admin:pw-dev-admin').toString('base64')}`, 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

describe('transactions', () => {
  it('commit and roll back across requests, and give the connection back', async () => {
    await dev().transaction(async (tx) => {
      await tx.execute("INSERT INTO items VALUES (10, 'committed')");
      expect((await tx.execute('SELECT COUNT(*) AS n FROM items')).rows).toEqual([{ n: '3' }]);
    });
    await expect(dev().transaction(async (tx) => {
      await tx.execute("INSERT INTO items VALUES (11, 'rolled back')");
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect((await dev().execute('SELECT id FROM items WHERE id >= 10')).rows).toEqual([{ id: 10 }]);
    expect(edge.stats().httpReserved).toBe(0);
  });

  it('ends a transaction at the transaction timeout, and the session learns why', async () => {
    const conn = dev();
    await conn.execute('BEGIN');
    await conn.execute("INSERT INTO items VALUES (12, 'too slow')");
    await new Promise((r) => setTimeout(r, 700));
    const ended = await refusal(conn.execute('COMMIT'));
    expect(ended.message).toMatch(/code = Aborted desc = transaction \d+: ended at .* \(exceeded timeout: 400ms\)/);
    expect((await conn.execute('SELECT COUNT(*) AS n FROM items WHERE id = 12')).rows).toEqual([{ n: '0' }]);
    expect(edge.stats().httpReserved).toBe(0);
  });

  it('refuses a transaction past the reservation limit, and a password\'s deletion ends its sessions', async () => {
    const a = dev(), b = dev(), c = dev();
    await a.execute('BEGIN');
    await b.execute('BEGIN');
    const full = await refusal(c.execute('BEGIN'));
    expect(full.body.code).toBe('RESOURCE_EXHAUSTED');
    expect(full.message).toMatch(/transaction pool connection limit exceeded/);
    await a.execute('ROLLBACK');
    await c.execute('BEGIN');
    await c.execute('ROLLBACK');
    expect(edge.disconnect('dev_admin')).toBeGreaterThanOrEqual(1);
    expect(edge.stats().httpReserved).toBe(0);
    expect((await refusal(b.execute('SELECT 1'))).message).toMatch(/transaction \d+: not found/);
    expect((await b.execute('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('bounds upstream connections under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => dev().execute('SELECT ? AS i', [i])));
    expect(results.map((r) => r.rows[0]!.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(edge.stats().httpUpstreamConnections).toBeLessThanOrEqual(4);
  });
});
