// PlanetScale's serverless driver against LocalScale: a branch password's username, plain text and
// http_access_host_url are all @planetscale/database needs (on PlanetScale: access_host_url). DDL and DML, every common
// column type, parameters, transactions, errors, branch isolation, refused credentials, and an ORM
// adapter (kysely-planetscale) on top.
import net from 'node:net';
import { connect, DatabaseError, type Connection } from '@planetscale/database';
import { Kysely, sql } from 'kysely';
import { PlanetScaleDialect } from 'kysely-planetscale';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banner } from '../src/cli/serve.js';
import { resolveConfig } from '../src/config/load.js';
import { branchWith, seedMain } from './deploy/support.js';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
const org = 'acme', db = 'shop';

beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] } } } } });
  await seedMain(ls, 'shop', ['CREATE TABLE users (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(100) NOT NULL UNIQUE)']);
  await branchWith(ls, 'dev', {});
});
afterAll(async () => { await ls?.stop(); });

type Role = 'reader' | 'writer' | 'readwriter' | 'admin';
type Password = Awaited<ReturnType<TestServer['client']['passwords']['create']>>;

async function password(branch: string, role: Role = 'admin'): Promise<Password> {
  return ls.client.passwords.create(org, db, branch, { role, name: `http-${branch}-${role}-${Math.random().toString(36).slice(2, 8)}` });
}

/** Exactly what an app does with a password: the URL from its three fields (the README's one line). */
const driver = (pw: Pick<Password, 'username' | 'plain_text' | 'http_access_host_url'>): Connection =>
  connect({ url: `http://${pw.username}:${pw.plain_text}@${pw.http_access_host_url}` });

async function refusal(p: Promise<unknown>): Promise<DatabaseError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseError);
    return err as DatabaseError;
  }
  throw new Error('expected a DatabaseError');
}

describe('@planetscale/database on a branch', () => {
  let dev: Connection;
  beforeAll(async () => { dev = driver(await password('dev')); });

  it('reaches the HTTP API at http_access_host_url, a port of its own, and runs DDL and DML there', async () => {
    const pw = await password('dev');
    expect(pw.access_host_url).toBe(`127.0.0.1:${ls.edge.port}`);
    expect(ls.edge.http).toEqual({ onEdgePort: false, port: expect.any(Number) });
    expect(pw.http_access_host_url).toBe(`127.0.0.1:${ls.edge.http!.port}`);
    const conn = driver(pw);
    await conn.execute('CREATE TABLE notes (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, body text NOT NULL)');
    const inserted = await conn.execute('INSERT INTO notes (body) VALUES (?), (?)', ['first', 'second']);
    expect(inserted.rowsAffected).toBe(2);
    expect(inserted.insertId).toBe('1');
    const updated = await conn.execute('UPDATE notes SET body = :body WHERE id = :id', { body: 'edited', id: 2 });
    expect(updated.rowsAffected).toBe(1);
    expect((await conn.execute('SELECT id, body FROM notes ORDER BY id')).rows).toEqual([{ id: 1, body: 'first' }, { id: 2, body: 'edited' }]);
    const deleted = await conn.execute('DELETE FROM notes WHERE id = ?', [1]);
    expect(deleted.rowsAffected).toBe(1);
    expect((await conn.execute('SELECT COUNT(*) AS n FROM notes')).rows).toEqual([{ n: '1' }]);
  });

  it('round-trips every common column type the way the driver casts PlanetScale\'s', async () => {
    await dev.execute(`CREATE TABLE kinds (
      id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
      ti tinyint, si smallint, mi mediumint, i int, bi bigint, ui int unsigned, ubi bigint unsigned,
      de decimal(10,2), fl float, do double,
      da date, dt datetime, ts timestamp NULL, tm time, yr year,
      js json,
      ch char(4), vc varchar(20), tx text,
      bl blob, bn binary(4), vb varbinary(8), bt bit(3),
      en enum('small','large'), st set('red','green','blue'),
      nothing int)`);
    await dev.execute(
      `INSERT INTO kinds (ti, si, mi, i, bi, ui, ubi, de, fl, do, da, dt, ts, tm, yr, js, ch, vc, tx, bl, bn, vb, bt, en, st, nothing)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, b'101', ?, ?, ?)`,
      [-128, -32768, 8388607, -2147483648, '-9223372036854775808', 4294967295, '18446744073709551615', '12345678.90', 1.5, 2.25,
        '2024-02-29', '2024-02-29 13:14:15', '2024-02-29 13:14:15', '-12:30:45', 2024, JSON.stringify({ a: [1, 'ü'], b: null }),
        'ab', 'grüße ✓', 'long text', new Uint8Array([0, 1, 2, 255]), new Uint8Array([1, 2]), new Uint8Array([0xde, 0xad]),
        'large', 'red,blue', null],
    );
    const { rows, types } = await dev.execute('SELECT * FROM kinds');
    expect(types).toEqual({
      id: 'INT64', ti: 'INT8', si: 'INT16', mi: 'INT24', i: 'INT32', bi: 'INT64', ui: 'UINT32', ubi: 'UINT64',
      de: 'DECIMAL', fl: 'FLOAT32', do: 'FLOAT64', da: 'DATE', dt: 'DATETIME', ts: 'TIMESTAMP', tm: 'TIME', yr: 'YEAR',
      js: 'JSON', ch: 'CHAR', vc: 'VARCHAR', tx: 'TEXT', bl: 'BLOB', bn: 'BINARY', vb: 'VARBINARY', bt: 'BIT',
      en: 'ENUM', st: 'SET', nothing: 'INT32',
    });
    expect(rows[0]).toEqual({
      id: '1', ti: -128, si: -32768, mi: 8388607, i: -2147483648, bi: '-9223372036854775808', ui: 4294967295, ubi: '18446744073709551615',
      de: '12345678.90', fl: 1.5, do: 2.25, da: '2024-02-29', dt: '2024-02-29 13:14:15', ts: '2024-02-29 13:14:15', tm: '-12:30:45', yr: 2024,
      js: { a: [1, 'ü'], b: null }, ch: 'ab', vc: 'grüße ✓', tx: 'long text',
      bl: new Uint8Array([0, 1, 2, 255]), bn: new Uint8Array([1, 2, 0, 0]), vb: new Uint8Array([0xde, 0xad]), bt: new Uint8Array([5]),
      en: 'large', st: 'red,blue', nothing: null,
    });
    const computed = await dev.execute("SELECT NULL AS nil, 'x' AS s, 1.5 AS dec15, CAST(-1 AS UNSIGNED) AS u", null, { as: 'array' });
    expect(computed.rows).toEqual([[null, 'x', '1.5', '18446744073709551615']]);
    expect(computed.types).toEqual({ nil: 'NULL', s: 'VARCHAR', dec15: 'DECIMAL', u: 'UINT64' });
  });

  it('commits and rolls back transactions carried across requests in the session', async () => {
    await dev.execute('CREATE TABLE ledger (id int PRIMARY KEY, amount int NOT NULL)');
    const committed = await dev.transaction(async (tx) => {
      await tx.execute('INSERT INTO ledger VALUES (1, 100)');
      await tx.execute('UPDATE ledger SET amount = amount - 30 WHERE id = 1');
      return (await tx.execute('SELECT amount FROM ledger WHERE id = 1')).rows[0];
    });
    expect(committed).toEqual({ amount: 70 });
    await expect(dev.transaction(async (tx) => {
      await tx.execute('INSERT INTO ledger VALUES (2, 5)');
      await tx.execute('UPDATE ledger SET amount = 0 WHERE id = 1');
      await tx.execute('INSERT INTO ledger VALUES (2, 6)');
    })).rejects.toBeInstanceOf(DatabaseError);
    expect((await dev.execute('SELECT id, amount FROM ledger ORDER BY id')).rows).toEqual([{ id: 1, amount: 70 }]);
  });

  it('reports a syntax error and a duplicate key as DatabaseError with MySQL\'s message', async () => {
    const syntax = await refusal(dev.execute('SELEC * FROM users'));
    expect(syntax.status).toBe(400);
    expect(syntax.body.code).toBe('INVALID_ARGUMENT');
    expect(syntax.message).toMatch(/You have an error in your SQL syntax.*near 'SELEC \* FROM users'.*\(errno 1064\) \(sqlstate 42000\)/);
    await dev.execute("INSERT INTO users (email) VALUES ('a@x')");
    const duplicate = await refusal(dev.execute('INSERT INTO users (email) VALUES (?)', ['a@x']));
    expect(duplicate.body.code).toBe('ALREADY_EXISTS');
    expect(duplicate.message).toMatch(/Duplicate entry 'a@x' for key .*\(errno 1062\) \(sqlstate 23000\)/);
  });

  it('keeps a password inside its branch', async () => {
    const main = driver(await password('main'));
    expect((await main.execute('SELECT COUNT(*) AS n FROM users')).rows).toEqual([{ n: '0' }]);
    const missing = await refusal(main.execute('SELECT * FROM notes'));
    expect(missing.body.code).toBe('NOT_FOUND');
    expect(missing.message).toMatch(/\(errno 1146\)/);
    const [devDatabase] = (await dev.execute('SELECT DATABASE() AS d')).rows as { d: string }[];
    expect(devDatabase).toEqual({ d: 'shop' });
    const [schemata] = await ls.services.admin.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${ls.tag}%`]);
    const physical = (schemata as { name: string }[]).map((r) => r.name);
    expect(physical.length).toBeGreaterThanOrEqual(2);
    for (const name of physical) {
      const qualified = await main.execute(`SELECT COUNT(*) AS n FROM \`${name}\`.notes`).then(() => null, (e: unknown) => e as DatabaseError);
      // main's own database has no notes table; every other branch's database is out of reach.
      expect(qualified?.message).toMatch(/doesn't exist|denied/);
    }
    expect((await refusal(main.execute('USE elsewhere'))).message).toMatch(/VT05003: unknown database 'elsewhere' in vschema/);
  });

  it('enforces roles and safe migrations as the MySQL edge does', async () => {
    const reader = driver(await password('dev', 'reader'));
    expect((await reader.execute('SELECT COUNT(*) AS n FROM users')).rows).toEqual([{ n: '1' }]);
    expect((await refusal(reader.execute("INSERT INTO users (email) VALUES ('r@x')"))).body.code).toBe('PERMISSION_DENIED');
    const mainAdmin = driver(await password('main', 'admin'));
    expect((await refusal(mainAdmin.execute('CREATE TABLE direct (id int PRIMARY KEY)'))).message).toBe('direct DDL is disabled');
  });

  it('submits online DDL on a safe-migrations branch through the session\'s @@ddl_strategy', async () => {
    const main = driver(await password('main', 'admin'));
    await main.execute("SET @@ddl_strategy = 'vitess --postpone-completion'");
    const submitted = await main.execute('ALTER TABLE users ADD COLUMN nickname varchar(20)');
    const [{ uuid }] = submitted.rows as { uuid: string }[];
    expect(uuid).toMatch(/^[0-9a-f]{8}_[0-9a-f]{4}_/);
    const listed = await main.execute(`SHOW VITESS_MIGRATIONS LIKE '${uuid}'`);
    expect(listed.rows).toEqual([expect.objectContaining({ migration_uuid: uuid, keyspace: 'shop', mysql_table: 'users', strategy: 'vitess' })]);
    await main.execute(`ALTER VITESS_MIGRATION '${uuid}' CANCEL`);
  });

  it('refuses wrong and deleted passwords with 401', async () => {
    const pw = await password('dev', 'reader');
    const wrong = await refusal(driver({ ...pw, plain_text: 'pscale_pw_not_it' }).execute('SELECT 1'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    const conn = driver(pw);
    await conn.execute('SELECT 1');
    await ls.client.passwords.delete(org, db, 'dev', pw.id);
    const deleted = await refusal(conn.execute('SELECT 1'));
    expect(deleted.status).toBe(401);
    expect(deleted.message).toMatch(/Access denied for user/);
  });

  it('works under kysely-planetscale', async () => {
    const pw = await password('dev', 'readwriter');
    interface Tables { ledger: { id: number; amount: number } }
    const k = new Kysely<Tables>({ dialect: new PlanetScaleDialect({ url: `http://${pw.username}:${pw.plain_text}@${pw.http_access_host_url}` }) });
    await k.insertInto('ledger').values({ id: 3, amount: 9 }).execute();
    await k.transaction().setIsolationLevel('serializable').execute(async (trx) => {
      await trx.updateTable('ledger').set({ amount: sql<number>`amount + 1` }).where('id', '=', 3).execute();
    });
    await expect(k.transaction().execute(async (trx) => {
      await trx.updateTable('ledger').set({ amount: 0 }).where('id', '=', 3).execute();
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await k.selectFrom('ledger').select(['id', 'amount']).where('id', '>=', 3).execute()).toEqual([{ id: 3, amount: 10 }]);
    await k.destroy();
  });
});

describe('configuration', () => {
  it('gives the HTTP API a port of its own next to the edge port, and waits on the edge port only when asked', () => {
    expect(resolveConfig({}).edge).toMatchObject({ port: 3310, http: { detectMs: 0, port: 3311 } });
    expect(resolveConfig({ edge_port: 4000 }).edge.http).toEqual({ detectMs: 0, port: 4001 });
    expect(resolveConfig({}, { port: 0 }).edge.http).toEqual({ detectMs: 0, port: 0 });
    expect(resolveConfig({ http_port: 3399, http_detect_timeout: '100ms' }).edge.http).toEqual({ detectMs: 100, port: 3399 });
    expect(resolveConfig({ http_port: null }).edge.http).toEqual({ detectMs: 0, port: null });
    expect(banner(ls, ls.config)).toContain(
      `  HTTP:   127.0.0.1:${ls.edge.http!.port} (PlanetScale's HTTP database API, for @planetscale/database: a password's http_access_host_url)`);
  });

  it('greets MySQL clients on the edge port at once by default', async () => {
    const greeting = await new Promise<Buffer>((resolve, reject) => {
      const s = net.connect(ls.edge.port, '127.0.0.1');
      s.once('data', (b: Buffer) => { resolve(b); s.destroy(); });
      s.once('error', reject);
    });
    expect(greeting[4]).toBe(10); // a MySQL greeting (protocol 10), sent before the client said anything
  });

  it('with detection on, the edge port serves the driver too, and the password points at the API port still', async () => {
    const other = await startTestServer({ http_detect_timeout: '100ms', organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] } } } } });
    try {
      expect(other.edge.http).toEqual({ onEdgePort: true, port: expect.any(Number) });
      const pw = await other.client.passwords.create(org, db, 'main', { role: 'reader' });
      expect(pw.http_access_host_url).toBe(`127.0.0.1:${other.edge.http!.port}`);
      expect((await connect({ url: `http://${pw.username}:${pw.plain_text}@${pw.access_host_url}` }).execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect((await driver(pw).execute('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
      expect(banner(other, other.config)).toContain(`  HTTP:   127.0.0.1:${other.edge.http!.port} and 127.0.0.1:${other.edge.port} (`);
    } finally {
      await other.stop();
    }
  });

  it('with the HTTP API off, passwords say so and the edge port is MySQL only', async () => {
    const other = await startTestServer({ http_port: null, organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] } } } } });
    try {
      expect(other.edge.http).toBeNull();
      const pw = await other.client.passwords.create(org, db, 'main', { role: 'reader' });
      expect(pw.http_access_host_url).toBeNull();
      await expect(connect({ url: `http://${pw.username}:${pw.plain_text}@${pw.access_host_url}` }).execute('SELECT 1')).rejects.not.toBeInstanceOf(DatabaseError);
    } finally {
      await other.stop();
    }
  });
});
