// What a client sees of names through the edge is what vtgate shows: keyspaces, never the physical
// MySQL databases behind their shards. SHOW TABLES' column is `Tables_in_<keyspace>`, column
// definitions carry the keyspace as their schema (mysql2's `db`, the HTTP API's `database`), and the
// topology statements (SHOW VITESS_TABLETS / _SHARDS / _KEYSPACES, SHOW VSCHEMA TABLES) list the
// branch's keyspaces and shards, for an unsharded and a 2-shard keyspace alike.
import { connect as connectHttp } from '@planetscale/database';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
let pw: { username: string; plain_text: string | null; access_host_url: string; http_access_host_url?: string | null };
const admin = (path: string, json: unknown) => ls.call(`/admin/${path}`, { method: 'POST', json, headers: { Authorization: '' } });

beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }, { name: 'orders', shards: 2 }] } } } } });
  await admin('seed-ddl', { org: 'acme', database: 'shop', keyspace: 'shop', statements: ['CREATE TABLE p (id bigint PRIMARY KEY, name varchar(20))'] });
  await admin('seed-ddl', {
    org: 'acme', database: 'shop', keyspace: 'orders',
    statements: ['CREATE TABLE o (id bigint PRIMARY KEY, note varchar(20))', 'CREATE TABLE codes (code varchar(8) PRIMARY KEY)'],
  });
  const vschema = {
    sharded: true,
    vindexes: { hash: { type: 'hash' } },
    tables: { o: { column_vindexes: [{ column: 'id', name: 'hash' }] }, codes: { type: 'reference' } },
  };
  expect((await admin('seed-vschema', { org: 'acme', database: 'shop', keyspace: 'orders', vschema })).status).toBe(200);
  pw = await ls.client.passwords.create('acme', 'shop', 'main', { role: 'admin', name: 'names' });
  const conn = await connect('orders');
  await conn.query("INSERT INTO o (id, note) VALUES (1, 'a'), (4, 'b')");
  await conn.query("INSERT INTO codes (code) VALUES ('nl')");
  await conn.end();
  const shop = await connect('shop');
  await shop.query("INSERT INTO p (id, name) VALUES (1, 'x')");
  await shop.end();
});
afterAll(async () => { await ls?.stop(); });

async function connect(database?: string) {
  const [host, port] = pw.access_host_url.split(':');
  return mysql.createConnection({ host, port: Number(port), user: pw.username, password: pw.plain_text!, database });
}

async function query(database: string | undefined, sql: string): Promise<{ rows: mysql.RowDataPacket[]; fields: mysql.FieldPacket[] }> {
  const conn = await connect(database);
  try {
    const [rows, fields] = await conn.query<mysql.RowDataPacket[]>(sql);
    return { rows, fields };
  } finally {
    await conn.end();
  }
}

describe('result metadata over the MySQL protocol', () => {
  it.each([
    ['shop', 'shop', ['p']],
    ['orders', 'orders', ['codes', 'o']],
    ['orders:80-', 'orders', ['codes', 'o']],
    ['orders/-80@primary', 'orders', ['codes', 'o']],
  ])('SHOW TABLES in %s is headed Tables_in_%s', async (database, keyspace, tables) => {
    const plain = await query(database, 'SHOW TABLES');
    expect(plain.fields.map((f) => f.name)).toEqual([`Tables_in_${keyspace}`]);
    expect(plain.rows.map((r) => r[`Tables_in_${keyspace}`])).toEqual(tables);
    const full = await query(database, 'SHOW FULL TABLES');
    expect(full.fields.map((f) => f.name)).toEqual([`Tables_in_${keyspace}`, 'Table_type']);
    expect(full.rows.map((r) => r.Table_type)).toEqual(tables.map(() => 'BASE TABLE'));
    const like = await query(database, "SHOW TABLES LIKE 'co%'");
    expect(like.fields.map((f) => f.name)).toEqual([`Tables_in_${keyspace}`]);
  });

  it('names the keyspace as the schema of result columns, routed, shard-targeted and prepared', async () => {
    expect((await query('shop', 'SELECT id, name FROM p')).fields.map((f) => [f.db, f.table, f.name])).toEqual([['shop', 'p', 'id'], ['shop', 'p', 'name']]);
    // Pinned by the vindex to one shard: that shard's physical database, named as the keyspace.
    const pinned = await query('orders', 'SELECT id, note FROM o WHERE id = 4');
    expect(pinned.rows).toEqual([{ id: 4, note: 'b' }]);
    expect(pinned.fields.map((f) => f.db)).toEqual(['orders', 'orders']);
    expect((await query('orders:80-', 'SELECT id FROM o')).fields.map((f) => f.db)).toEqual(['orders']);
    // A keyspace-qualified name from another keyspace's session.
    expect((await query('shop', 'SELECT code FROM orders.codes')).fields.map((f) => f.db)).toEqual(['orders']);
    const conn = await connect('orders:-80');
    const [rows, fields] = await conn.execute<mysql.RowDataPacket[]>('SELECT id, note FROM o WHERE id = ?', [1]);
    expect(rows).toEqual([{ id: 1, note: 'a' }]);
    expect(fields.map((f) => f.db)).toEqual(['orders', 'orders']);
    await conn.end();
  });

  it('shows keyspaces as the database names of information_schema rows', async () => {
    const { rows } = await query('orders', 'SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME');
    expect(rows).toEqual([{ TABLE_SCHEMA: 'orders', TABLE_NAME: 'codes' }, { TABLE_SCHEMA: 'orders', TABLE_NAME: 'o' }]);
    const aliased = await query('shop', "SELECT COLUMN_NAME AS c, TABLE_SCHEMA AS s FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'p' ORDER BY ORDINAL_POSITION");
    expect(aliased.rows).toEqual([{ c: 'id', s: 'shop' }, { c: 'name', s: 'shop' }]);
  });

  it('keeps large results streaming whole through the renaming stage', async () => {
    const conn = await connect('shop');
    const [rows, fields] = await conn.query<mysql.RowDataPacket[]>(
      'SELECT p.id, REPEAT(\'x\', 1000) AS pad, seq.n FROM p JOIN (SELECT a.n * 100 + b.n AS n FROM '
      + '(SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a, '
      + '(SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b) seq',
    );
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.pad === 'x'.repeat(1000))).toBe(true);
    expect(fields[0]!.db).toBe('shop');
    await conn.end();
  });
});

describe('topology statements', () => {
  it('SHOW VITESS_TABLETS lists one serving PRIMARY per shard', async () => {
    const { rows, fields } = await query('shop', 'SHOW VITESS_TABLETS');
    expect(fields.map((f) => f.name)).toEqual(['Cell', 'Keyspace', 'Shard', 'TabletType', 'State', 'Alias', 'Hostname', 'PrimaryTermStartTime']);
    expect(rows.map((r) => [r.Keyspace, r.Shard, r.TabletType, r.State]).sort()).toEqual([
      ['orders', '-80', 'PRIMARY', 'SERVING'], ['orders', '80-', 'PRIMARY', 'SERVING'], ['shop', '-', 'PRIMARY', 'SERVING'],
    ]);
    expect(new Set(rows.map((r) => r.Alias)).size).toBe(3);
    expect((await query(undefined, "SHOW VITESS_TABLETS LIKE 'nope'")).rows).toEqual([]);
  });

  it('SHOW VITESS_SHARDS and SHOW VITESS_KEYSPACES list every shard and keyspace of the branch', async () => {
    expect((await query('shop', 'SHOW VITESS_SHARDS')).rows.map((r) => r.Shards).sort()).toEqual(['orders/-80', 'orders/80-', 'shop/-']);
    expect((await query('orders', 'SHOW VITESS_KEYSPACES')).rows.map((r) => r.Database).sort()).toEqual(['orders', 'shop']);
  });

  it("SHOW VSCHEMA TABLES lists the selected keyspace's VSchema tables, and needs a keyspace", async () => {
    const sharded = await query('orders', 'SHOW VSCHEMA TABLES');
    expect(sharded.fields.map((f) => f.name)).toEqual(['Tables']);
    expect(sharded.rows.map((r) => r.Tables)).toEqual(['codes', 'o']);
    expect((await query('orders:-80', 'SHOW VSCHEMA TABLES')).rows.map((r) => r.Tables)).toEqual(['codes', 'o']);
    const conn = await connect();
    await expect(conn.query('SHOW VSCHEMA TABLES')).rejects.toMatchObject({
      errno: 1046, message: 'VT09005: no database selected: use keyspace<:shard><@type> or keyspace<[range]><@type> (<> are optional)',
    });
    await conn.end();
  });
});

describe('the HTTP database API', () => {
  const http = () => connectHttp({ url: `http://${pw.username}:${pw.plain_text}@${pw.http_access_host_url}` });

  it('heads SHOW TABLES Tables_in_<keyspace> and names the keyspace as the fields\' database', async () => {
    const shown = await http().execute('SHOW TABLES');
    expect(shown.fields.map((f) => f.name)).toEqual(['Tables_in_shop']);
    expect(shown.rows).toEqual([{ Tables_in_shop: 'p' }]);
    const selected = await http().execute('SELECT id FROM p');
    expect(selected.fields.map((f) => f.database)).toEqual(['shop']);
    const routed = await http().execute('SELECT id FROM orders.o WHERE id = 4');
    expect(routed.fields.map((f) => f.database)).toEqual(['orders']);
    expect(routed.rows).toEqual([{ id: '4' }]);
  });

  it('shows keyspaces as the database names of information_schema rows', async () => {
    const { rows } = await http().execute("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'p'");
    expect(rows).toEqual([{ TABLE_SCHEMA: 'shop', TABLE_NAME: 'p' }]);
  });

  it('answers the topology statements', async () => {
    const tablets = await http().execute('SHOW VITESS_TABLETS');
    expect(tablets.rows).toHaveLength(3);
    const tables = await http().execute('SHOW VSCHEMA TABLES');
    expect(tables.fields.map((f) => f.name)).toEqual(['Tables']);
    expect(tables.rows).toEqual([]);
  });
});
