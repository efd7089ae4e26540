// mysql2 through the edge: database-name routing, branch isolation, authentication failures, password
// roles and safe migrations.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Edge } from '../src/index.js';
import { UpstreamAccounts } from '../src/session/accounts.js';
import { connect, createFixture, failure, startEdge, type Fixture } from './support/fixture.js';

let fx: Fixture;
let edge: Edge;
let now = new Date('2030-01-01T00:00:00Z');

beforeAll(async () => {
  fx = await createFixture(inject('mysqlUrl'));
  edge = await startEdge(inject('mysqlUrl'), fx, { now: () => now });
  fx.addCredential('dev_admin', 'pw-dev-admin', fx.dev, 'admin');
  fx.addCredential('dev_reader', 'pw-dev-reader', fx.dev, 'reader');
  fx.addCredential('dev_writer', 'pw-dev-writer', fx.dev, 'writer');
  fx.addCredential('dev_rw', 'pw-dev-rw', fx.dev, 'readwriter');
  fx.addCredential('main_admin', 'pw-main-admin', fx.main, 'admin');
  fx.addCredential('expiring', 'pw-expiring', fx.dev, 'admin', new Date('2030-01-01T01:00:00Z'));
});
afterAll(async () => {
  await edge?.close();
  await fx?.drop();
});

const rowsOf = async (c: Awaited<ReturnType<typeof connect>>, sql: string) => (await c.query(sql))[0] as Record<string, unknown>[];

describe('routing', () => {
  it('connects with the PlanetScale database name and reads that branch', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    expect(await rowsOf(c, 'SELECT id, name FROM items ORDER BY id')).toEqual([{ id: 1, name: 'dev-one' }, { id: 2, name: 'dev-two' }]);
    await c.end();
  });

  it('runs DDL and DML in the branch database only', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    await c.query('CREATE TABLE notes (id INT PRIMARY KEY, body TEXT)');
    await c.query("INSERT INTO notes VALUES (1, 'hello')");
    await c.query("UPDATE items SET name = 'changed' WHERE id = 1");
    await c.end();
    const [dev] = await fx.admin.query(`SELECT body FROM \`${fx.dev.keyspaces[0]!.databases[0]}\`.notes`);
    expect(dev).toEqual([{ body: 'hello' }]);
    const [main] = await fx.admin.query(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'notes'`, [fx.main.keyspaces[0]!.databases[0]]);
    expect(main).toEqual([{ n: 0 }]);
    const [items] = await fx.admin.query(`SELECT name FROM \`${fx.main.keyspaces[0]!.databases[0]}\`.items WHERE id = 1`);
    expect(items).toEqual([{ name: 'main-one' }]);
  });

  it('rewrites USE and COM_INIT_DB, and answers SELECT DATABASE() with the keyspace', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin');
    expect(await rowsOf(c, 'SELECT DATABASE() AS db')).toEqual([{ db: null }]);
    await c.query('USE shop');
    expect(await rowsOf(c, 'SELECT DATABASE()')).toEqual([{ 'DATABASE()': 'shop' }]);
    expect(await rowsOf(c, 'SELECT COUNT(*) AS n FROM items')).toEqual([{ n: 2 }]);
    await c.end();
    const d = await connect(edge, 'dev_admin', 'pw-dev-admin');
    // mysql2 has no COM_INIT_DB helper; the mariadb CLI test covers it. USE with a shard target works too.
    await d.query('USE `shop:-`');
    expect(await rowsOf(d, 'SELECT COUNT(*) AS n FROM items')).toEqual([{ n: 2 }]);
    await d.end();
  });

  it('refuses unknown database names with 1049', async () => {
    const err = await failure(connect(edge, 'dev_admin', 'pw-dev-admin', 'nope'));
    expect(err.errno).toBe(1049);
    expect(err.message).toBe("Unknown database 'nope'");
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    const use = await failure(c.query('USE other'));
    expect(use.errno).toBe(1049);
    expect(use.message).toContain("unknown database 'other'");
    expect(await rowsOf(c, 'SELECT DATABASE() AS db')).toEqual([{ db: 'shop' }]);
    await c.end();
  });

  it('lists keyspaces for SHOW DATABASES, never physical databases', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    const rows = await rowsOf(c, 'SHOW DATABASES');
    expect(rows.map((r) => r.Database)).toEqual(['shop', 'information_schema', 'mysql', 'sys', 'performance_schema']);
    expect(await rowsOf(c, "SHOW DATABASES LIKE 'sh%'")).toEqual([{ Database: 'shop' }]);
    await c.end();
  });
});

describe('relaying', () => {
  it('follows USE inside a multi-statement query', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', undefined, { multipleStatements: true });
    const [results] = await c.query('USE shop; SELECT COUNT(*) AS n FROM items');
    expect((results as unknown[])[1]).toEqual([{ n: 2 }]);
    expect(await rowsOf(c, 'SELECT DATABASE() AS db')).toEqual([{ db: 'shop' }]);
    // A failing statement before the USE leaves the session where it was.
    await failure(c.query('SELECT * FROM missing_table; USE information_schema'));
    expect(await rowsOf(c, 'SELECT DATABASE() AS db')).toEqual([{ db: 'shop' }]);
    await c.end();
  });

  it('relays prepared statements (binary protocol)', async () => {
    const c = await connect(edge, 'dev_rw', 'pw-dev-rw', 'shop');
    const [rows] = await c.execute('SELECT id, name FROM items WHERE id = ?', [2]);
    expect(rows).toEqual([{ id: 2, name: 'dev-two' }]);
    const [again] = await c.execute('SELECT id FROM items WHERE id > ? ORDER BY id', [0]);
    expect((again as unknown[]).length).toBeGreaterThanOrEqual(2);
    await c.end();
  });

  it('relays LOAD DATA LOCAL INFILE uploads', async () => {
    const { Readable } = await import('node:stream');
    const c = await connect(edge, 'dev_writer', 'pw-dev-writer', 'shop', {
      infileStreamFactory: () => Readable.from([Buffer.from('100\tloaded-a\n101\tloaded-b\n')]),
    });
    const [result] = await c.query("LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE items");
    expect((result as { affectedRows: number }).affectedRows).toBe(2);
    await c.query('DELETE FROM items WHERE id >= 100');
    await c.end();
  });

  it('streams a large result set intact', async () => {
    const c = await connect(edge, 'dev_rw', 'pw-dev-rw', 'shop');
    const [rows] = await c.query("SELECT seq, REPEAT('x', 1000) AS pad FROM (SELECT a.id * 1000 + b.id AS seq FROM (SELECT 1 AS id UNION SELECT 2 UNION SELECT 3) a, (SELECT 1 AS id UNION SELECT 2) b) t ORDER BY seq");
    expect((rows as unknown[]).length).toBe(6);
    // Larger than one 64 KiB socket read, so the tracker follows it across many chunks.
    const [big] = await c.query("SELECT REPEAT('y', 10000000) AS s");
    expect((big as { s: string }[])[0]!.s).toHaveLength(10_000_000);
    await c.end();
  });
});

describe('isolation', () => {
  it('cannot reach another branch by qualified name, USE, or information_schema', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    const mainDb = fx.main.keyspaces[0]!.databases[0]!;
    const qualified = await failure(c.query(`SELECT * FROM \`${mainDb}\`.items`));
    expect(qualified.errno).toBe(1142);
    const use = await failure(c.query(`USE \`${mainDb}\``));
    expect(use.errno).toBe(1049);
    const schemas = await rowsOf(c, 'SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA ORDER BY s');
    // vtgate shows the branch's database by its keyspace name.
    expect(schemas.map((r) => r.s)).toEqual(['information_schema', fx.dev.keyspaces[0]!.name]);
    const global = await failure(c.query('SET GLOBAL max_connections = 10'));
    expect(global.errno).toBe(1227);
    const drop = await failure(c.query(`DROP DATABASE \`${fx.dev.keyspaces[0]!.databases[0]}\``));
    expect(drop.errno).toBe(1044);
    await c.end();
  });

  it('a main-branch credential sees main, not dev', async () => {
    const c = await connect(edge, 'main_admin', 'pw-main-admin', 'shop');
    expect(await rowsOf(c, 'SELECT name FROM items WHERE id = 2')).toEqual([{ name: 'main-two' }]);
    await c.end();
  });
});

describe('authentication', () => {
  it('refuses a wrong password, an unknown user and an expired credential with 1045', async () => {
    for (const [user, password] of [['dev_admin', 'wrong'], ['nobody', 'x'], ['dev_admin', '']]) {
      const err = await failure(connect(edge, user!, password!, 'shop'));
      expect(err.errno).toBe(1045);
      expect(err.sqlState).toBe('28000');
      expect(err.message).toBe(`Access denied for user '${user}'@'127.0.0.1' (using password: ${password ? 'YES' : 'NO'})`);
    }
    const ok = await connect(edge, 'expiring', 'pw-expiring', 'shop');
    await ok.end();
    now = new Date('2030-01-01T02:00:00Z');
    const expired = await failure(connect(edge, 'expiring', 'pw-expiring', 'shop'));
    expect(expired.errno).toBe(1045);
    now = new Date('2030-01-01T00:00:00Z');
  });

  it('refuses a deleted credential and can disconnect its sessions', async () => {
    fx.addCredential('temp', 'pw-temp', fx.dev, 'reader');
    const c = await connect(edge, 'temp', 'pw-temp', 'shop');
    fx.credentials.delete('temp');
    expect(edge.disconnect('temp')).toBe(1);
    expect((await failure(c.query('SELECT 1'))).code).toBeDefined();
    const err = await failure(connect(edge, 'temp', 'pw-temp', 'shop'));
    expect(err.errno).toBe(1045);
  });

  it('accepts caching_sha2_password when the edge offers it', async () => {
    const sha = await startEdge(inject('mysqlUrl'), fx, { authPlugin: 'caching_sha2_password' });
    try {
      const c = await connect(sha, 'dev_reader', 'pw-dev-reader', 'shop');
      expect(await rowsOf(c, 'SELECT COUNT(*) AS n FROM items')).toEqual([{ n: 2 }]);
      await c.end();
      expect((await failure(connect(sha, 'dev_reader', 'bad', 'shop'))).errno).toBe(1045);
    } finally {
      await sha.close();
    }
  });
});

describe('password roles', () => {
  const denied = (err: { errno?: number; message: string }, verb: string, user: string, group: string, table: string) => {
    expect(err.errno).toBe(1105);
    expect(err.message).toBe(`target: shop.-.primary: vttablet: rpc error: code = PermissionDenied desc = ${verb} command denied to user '${user}', in groups [${group}], for table '${table}' (ACL check error) (CallerID: ${user})`);
  };

  it('reader reads but cannot write or change schema', async () => {
    const c = await connect(edge, 'dev_reader', 'pw-dev-reader', 'shop');
    expect(await rowsOf(c, 'SELECT COUNT(*) AS n FROM items')).toEqual([{ n: 2 }]);
    denied(await failure(c.query("INSERT INTO items VALUES (9, 'x')")), 'Insert', 'dev_reader', 'planetscale-reader', 'items');
    denied(await failure(c.query('DELETE FROM items')), 'Delete', 'dev_reader', 'planetscale-reader', 'items');
    denied(await failure(c.query('CREATE TABLE t2 (id INT)')), 'DDL', 'dev_reader', 'planetscale-reader', 't2');
    // Hidden writes are classified too: MariaDB's ANALYZE <statement> and EXPLAIN ANALYZE execute it.
    denied(await failure(c.query('ANALYZE DELETE FROM items')), 'Delete', 'dev_reader', 'planetscale-reader', 'items');
    denied(await failure(c.query("PREPARE s FROM 'DELETE FROM items'")), 'Delete', 'dev_reader', 'planetscale-reader', 'items');
    expect((await failure(c.execute('UPDATE items SET name = ? WHERE id = 1', ['x']))).errno).toBe(1105);
    await c.end();
  });

  it('writer writes but cannot select from tables', async () => {
    const c = await connect(edge, 'dev_writer', 'pw-dev-writer', 'shop');
    await c.query("INSERT INTO items VALUES (10, 'w')");
    await c.query("UPDATE items SET name = 'w2' WHERE id = 10");
    await c.query('DELETE FROM items WHERE id = 10');
    expect(await rowsOf(c, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    denied(await failure(c.query('SELECT * FROM items')), 'Select', 'dev_writer', 'planetscale-writer-only', 'items');
    denied(await failure(c.query('ALTER TABLE items ADD COLUMN x INT')), 'DDL', 'dev_writer', 'planetscale-writer-only', 'items');
    await c.end();
  });

  it('readwriter reads and writes but cannot change schema; admin can', async () => {
    const rw = await connect(edge, 'dev_rw', 'pw-dev-rw', 'shop');
    await rw.query("INSERT INTO items VALUES (11, 'rw')");
    expect(await rowsOf(rw, 'SELECT name FROM items WHERE id = 11')).toEqual([{ name: 'rw' }]);
    denied(await failure(rw.query('DROP TABLE items')), 'DDL', 'dev_rw', 'planetscale-writer', 'items');
    await rw.end();
    const admin = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    await admin.query('CREATE TABLE scratch (id INT)');
    await admin.query('DROP TABLE scratch');
    await admin.end();
  });

  it('refuses changing the upstream account password', async () => {
    const c = await connect(edge, 'dev_admin', 'pw-dev-admin', 'shop');
    expect((await failure(c.query("SET PASSWORD = 'x'"))).errno).toBe(1227);
    expect((await failure(c.query("ALTER USER CURRENT_USER() IDENTIFIED BY 'x'"))).errno).toBe(1227);
    await c.end();
  });
});

describe('safe migrations', () => {
  it('refuses direct DDL on a production branch with safe migrations, with vtgate\'s text', async () => {
    const c = await connect(edge, 'main_admin', 'pw-main-admin', 'shop');
    for (const ddl of ['ALTER TABLE items ADD COLUMN x INT', 'CREATE TABLE t3 (id INT)', 'DROP TABLE items', 'TRUNCATE items', 'CREATE INDEX i ON items (name)']) {
      const err = await failure(c.query(ddl));
      expect(err.errno).toBe(1105);
      expect(err.sqlState).toBe('HY000');
      expect(err.message).toBe('direct DDL is disabled');
    }
    expect((await failure(c.prepare('ALTER TABLE items ADD COLUMN y INT'))).message).toBe('direct DDL is disabled');
    // DML still works.
    await c.query("UPDATE items SET name = 'main-one' WHERE id = 1");
    await c.end();
  });
});

describe('lifecycle', () => {
  it('close() ends open sessions and removes the upstream accounts it created', async () => {
    const own = await startEdge(inject('mysqlUrl'), fx);
    fx.addCredential('lifecycle_user', 'pw-life', fx.dev, 'reader');
    const c = await connect(own, 'lifecycle_user', 'pw-life', 'shop');
    const accounts = async () => {
      const [rows] = await fx.admin.query('SELECT COUNT(*) AS n FROM mysql.user WHERE User LIKE ?', [UpstreamAccounts.userFor('%', 'lifecycle_user')]);
      return (rows as { n: number }[])[0]!.n;
    };
    expect(await accounts()).toBe(1);
    expect(own.stats()).toMatchObject({ connections: 1, upstreamConnections: 1 });
    await own.close();
    expect(own.stats()).toMatchObject({ connections: 0, upstreamConnections: 0 });
    expect(await accounts()).toBe(0);
    expect((await failure(c.query('SELECT 1'))).message).toBeDefined();
  });

  it('refuses impossible options', async () => {
    await expect(startEdge(inject('mysqlUrl'), fx, { tls: { mode: 'tls', cert: '', key: '' } })).rejects.toThrow('TLS mode tls needs a certificate and a key');
    await expect(startEdge(inject('mysqlUrl'), fx, { upstream: { host: '127.0.0.1', port: 1, user: 'x', password: '' } })).rejects.toThrow(/cannot log in to the upstream MySQL server/);
  });
});
