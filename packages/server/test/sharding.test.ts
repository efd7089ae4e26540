// A sharded keyspace through the edge, as vtgate serves it: rows land on the shard Vitess's hash
// vindex gives them, reads through the keyspace see every shard, writes pinned by the vindex go to
// one shard and others to each, and what vtgate refuses is refused with its errors.
import { connect as connectHttp } from '@planetscale/database';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
let pw: { username: string; plain_text: string | null; access_host_url: string; http_access_host_url?: string | null };
const target = { org: 'acme', database: 'shop', keyspace: 'orders' };
const admin = (path: string, json: unknown) => ls.call(`/admin/${path}`, { method: 'POST', json, headers: { Authorization: '' } });

beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }, { name: 'orders', shards: 2 }] } } } } });
  await admin('seed-ddl', { ...target, statements: [
    'CREATE TABLE o (id bigint PRIMARY KEY, note varchar(20))', 'CREATE TABLE codes (code varchar(8) PRIMARY KEY)',
    'CREATE TABLE items (id bigint PRIMARY KEY, note varchar(20))',
  ] });
  const vschema = {
    sharded: true,
    vindexes: { hash: { type: 'hash' } },
    tables: {
      o: { column_vindexes: [{ column: 'id', name: 'hash' }] },
      codes: { type: 'reference' },
      items: { column_vindexes: [{ column: 'id', name: 'hash' }], auto_increment: { column: 'id', sequence: 'items_seq' } },
    },
  };
  expect((await admin('seed-vschema', { ...target, vschema })).status).toBe(200);
  // The sequence lives in the unsharded keyspace, as Vitess requires.
  const shop = { ...target, keyspace: 'shop' };
  await admin('seed-ddl', { ...shop, statements: ["CREATE TABLE items_seq (id int, next_id bigint, cache bigint, PRIMARY KEY (id)) COMMENT 'vitess_sequence'"] });
  await admin('vtgate-exec', { ...shop, query: 'INSERT INTO items_seq (id, next_id, cache) VALUES (0, 1, 10)' });
  expect((await admin('seed-vschema', { ...shop, vschema: { tables: { items_seq: { type: 'sequence' } } } })).status).toBe(200);
  pw = await ls.client.passwords.create('acme', 'shop', 'main', { role: 'admin', name: 'sharded' });
});
afterAll(async () => { await ls?.stop(); });

async function connect(database: string) {
  const [host, port] = pw.access_host_url.split(':');
  return mysql.createConnection({ host, port: Number(port), user: pw.username, password: pw.plain_text!, database });
}

async function count(database: string, sql = 'SELECT COUNT(*) AS n FROM o'): Promise<number> {
  const conn = await connect(database);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(sql);
    return Number(rows[0]!.n);
  } finally {
    await conn.end();
  }
}

describe('a 2-shard keyspace with a hash vindex', () => {
  it('puts each row on the shard Vitess puts it, and reads every shard through the keyspace', async () => {
    const conn = await connect('orders');
    for (let from = 1; from <= 200; from += 20) {
      const rows = Array.from({ length: 20 }, (_v, i) => `(${from + i}, 'n${from + i}')`).join(', ');
      const [res] = await conn.query<mysql.ResultSetHeader>(`INSERT INTO o (id, note) VALUES ${rows}`);
      expect(res.affectedRows).toBe(20);
    }
    // By Vitess's hash vindex, 102 of the ids 1..200 belong on 80- (ids 4 and 6 among them; 1, 2, 3, 5 on -80).
    expect(await count('orders:-80')).toBe(98);
    expect(await count('orders:80-')).toBe(102);
    expect(await count('orders:80-', 'SELECT COUNT(*) AS n FROM o WHERE id IN (4, 6)')).toBe(2);
    expect(await count('orders:-80', 'SELECT COUNT(*) AS n FROM o WHERE id IN (1, 2, 3, 5)')).toBe(4);
    expect(await count('orders')).toBe(200);
    const [top] = await conn.query('SELECT id, note FROM o ORDER BY id DESC LIMIT 2');
    expect(top).toEqual([{ id: 200, note: 'n200' }, { id: 199, note: 'n199' }]);
    // Pushed down to the shards: partial counts combined, and the top rows of each shard's top rows.
    const [counted] = await conn.query<mysql.RowDataPacket[]>('SELECT COUNT(*), MIN(id) AS low, MAX(note) FROM o');
    expect(counted).toEqual([{ 'COUNT(*)': 200, low: 1, 'MAX(note)': 'n99' }]);
    const [tail] = await conn.query('SELECT * FROM o ORDER BY id DESC LIMIT 2 OFFSET 1');
    expect(tail).toEqual([{ id: 199, note: 'n199' }, { id: 198, note: 'n198' }]);
    // Columns of a read merged from the shards name the keyspace, as vtgate's do.
    const [, spreadFields] = await conn.query('SELECT id FROM o WHERE id IN (1, 4)');
    expect(spreadFields.map((f) => f.db)).toEqual(['orders']);
    const [, unionFields] = await conn.query('SELECT id, COUNT(*) AS n FROM o GROUP BY id LIMIT 1');
    expect(unionFields.map((f) => f.db)).toEqual(['orders', '']);
    const [one] = await conn.query('SELECT note FROM o WHERE id = 4');
    expect(one).toEqual([{ note: 'n4' }]);
    await conn.end();
  });

  it('routes updates and deletes by the vindex, atomically across shards', async () => {
    const conn = await connect('orders');
    const [pinned] = await conn.query<mysql.ResultSetHeader>("UPDATE o SET note = 'x' WHERE id = 4");
    expect(pinned.affectedRows).toBe(1);
    const [spread] = await conn.query<mysql.ResultSetHeader>("UPDATE o SET note = 'y' WHERE id IN (1, 4)");
    expect(spread.affectedRows).toBe(2);
    const [gone] = await conn.query<mysql.ResultSetHeader>('DELETE FROM o WHERE id > 190');
    expect(gone.affectedRows).toBe(10);
    expect(await count('orders')).toBe(190);
    // A failure on one shard undoes the others: 2001 lives on -80, 4 (which exists) and 1001 on 80-.
    await expect(conn.query("INSERT INTO o (id, note) VALUES (2001, 'a'), (4, 'dup'), (1001, 'b')")).rejects.toMatchObject({ errno: 1062 });
    expect(await count('orders')).toBe(190);
    await conn.query('BEGIN');
    await conn.query("INSERT INTO o (id, note) VALUES (1001, 'a'), (2001, 'b')");
    await conn.query('ROLLBACK');
    expect(await count('orders')).toBe(190);
    await conn.end();
  });

  it('keeps a reference table on every shard', async () => {
    const conn = await connect('orders');
    await conn.query("INSERT INTO codes (code) VALUES ('nl'), ('de')");
    await conn.end();
    expect(await count('orders:-80', 'SELECT COUNT(*) AS n FROM codes')).toBe(2);
    expect(await count('orders:80-', 'SELECT COUNT(*) AS n FROM codes')).toBe(2);
    expect(await count('orders', 'SELECT COUNT(*) AS n FROM o JOIN codes ON codes.code = \'nl\' WHERE o.id = 4')).toBe(1);
  });

  it('routes the HTTP database API (@planetscale/database) the same way', async () => {
    // The session's keyspace is the database's own (shop); the sharded keyspace is named in the query.
    const http = connectHttp({ url: `http://${pw.username}:${pw.plain_text}@${pw.http_access_host_url}` });
    const inserted = await http.execute("INSERT INTO orders.o (id, note) VALUES (2001, 'h'), (2006, 'h')");
    expect(inserted.rowsAffected).toBe(2);
    expect(await count('orders:80-', 'SELECT COUNT(*) AS n FROM o WHERE id = 2006')).toBe(1);
    expect(await count('orders:-80', 'SELECT COUNT(*) AS n FROM o WHERE id = 2001')).toBe(1);
    const spread = await http.execute('SELECT id FROM orders.o WHERE id IN (2001, 2006) ORDER BY id');
    expect(spread.rows).toEqual([{ id: '2001' }, { id: '2006' }]);
    expect(spread.fields.map((f) => f.database)).toEqual(['orders']);
    const read = await http.execute('SELECT COUNT(*) AS n FROM orders.o');
    expect(Number((read.rows[0] as { n: string }).n)).toBe(192);
    // Atomic across shards here too: 2002 (-80) is undone when 2006 (80-) collides.
    await expect(http.execute("INSERT INTO orders.o (id, note) VALUES (2002, 'h'), (2006, 'dup')")).rejects.toThrow(/Duplicate entry/);
    expect(await count('orders', 'SELECT COUNT(*) AS n FROM o WHERE id = 2002')).toBe(0);
    await http.transaction(async (tx) => {
      await tx.execute("INSERT INTO orders.o (id, note) VALUES (2003, 't'), (2006, 'dup')").catch(() => undefined);
      await tx.execute("INSERT INTO orders.o (id, note) VALUES (2005, 't')");
    });
    expect(await count('orders', 'SELECT COUNT(*) AS n FROM o WHERE id IN (2003, 2005)')).toBe(1);
    await http.execute('DELETE FROM orders.o WHERE id > 2000');
    expect(await count('orders')).toBe(190);
  });

  it('prepares reads of sharded tables over every shard, and routes each execution of a prepared write by its values', async () => {
    const conn = await connect('orders');
    const [rows] = await conn.execute('SELECT id FROM o WHERE id IN (?, ?) ORDER BY id', [4, 5]);
    expect(rows).toEqual([{ id: 4 }, { id: 5 }]);
    // 1001 and 1004 belong on 80-, 2001 on -80; the same prepared statement runs three times.
    for (const id of [1001, 1004, 2001]) {
      const [res] = await conn.execute<mysql.ResultSetHeader>('INSERT INTO o (id, note) VALUES (?, ?)', [id, `p'${id}`]);
      expect(res.affectedRows).toBe(1);
    }
    expect(await count('orders:80-', 'SELECT COUNT(*) AS n FROM o WHERE id IN (1001, 1004)')).toBe(2);
    expect(await count('orders:-80', "SELECT COUNT(*) AS n FROM o WHERE id = 2001 AND note = 'p''2001'")).toBe(1);
    const [spread] = await conn.execute<mysql.ResultSetHeader>('UPDATE o SET note = ? WHERE id IN (?, ?)', ['q', 1001, 2001]);
    expect(spread.affectedRows).toBe(2);
    const [gone] = await conn.execute<mysql.ResultSetHeader>('DELETE FROM o WHERE id >= ?', [1001]);
    expect(gone.affectedRows).toBe(3);
    await expect(conn.execute('UPDATE o SET id = ? WHERE id = ?', [5, 4])).rejects.toMatchObject({ message: expect.stringMatching(/^VT12001: unsupported: you cannot UPDATE primary vindex columns/) });
    expect(await count('orders')).toBe(190);
    await conn.end();
  });

  it('fills a missing or NULL auto-increment column from the Vitess sequence, reserving blocks as vttablet does', async () => {
    const conn = await connect('orders');
    await conn.query("INSERT INTO items (note) VALUES ('a'), ('b'), ('c')");
    const twelve = Array.from({ length: 12 }, (_v, i) => i % 2 ? `(NULL, 'n${i}')` : `(NULL, 'm${i}')`).join(', ');
    const [res] = await conn.query<mysql.ResultSetHeader>(`INSERT INTO items (id, note) VALUES ${twelve}`);
    expect(res.affectedRows).toBe(12);
    const [ids] = await conn.query<mysql.RowDataPacket[]>('SELECT id FROM items ORDER BY id');
    expect(ids.map((r) => Number(r.id))).toEqual(Array.from({ length: 15 }, (_v, i) => i + 1));
    // Blocks of 10 (the row's cache): 1..10 first, then up to 20 for the request that ran past it.
    const [seq] = await conn.query<mysql.RowDataPacket[]>('SELECT next_id FROM shop.items_seq WHERE id = 0');
    expect(Number(seq[0]!.next_id)).toBe(21);
    expect((await count('orders:-80', 'SELECT COUNT(*) AS n FROM items')) + (await count('orders:80-', 'SELECT COUNT(*) AS n FROM items'))).toBe(15);
    // /admin/vtgate-exec reserves its own block past the edge's (16..20 stay with the edge): 21 and 22.
    expect((await admin('vtgate-exec', { ...target, query: "INSERT INTO items (note) VALUES ('v1'), ('v2')" })).body).toEqual({ rows_affected: 2 });
    const [latest] = await conn.query<mysql.RowDataPacket[]>("SELECT id FROM items WHERE note LIKE 'v%' ORDER BY id");
    expect(latest.map((r) => Number(r.id))).toEqual([21, 22]);
    await conn.end();
  });

  it('refuses what vtgate refuses, with its errors, and changes nothing', async () => {
    const conn = await connect('orders');
    await expect(conn.query("INSERT INTO o (note) VALUES ('x')")).rejects.toMatchObject({ message: 'VT09023: could not map [NULL] to a keyspace id' });
    await expect(conn.query('UPDATE o SET id = 5 WHERE id = 4')).rejects.toMatchObject({
      message: 'VT12001: unsupported: you cannot UPDATE primary vindex columns; invalid update on vindex: hash',
    });
    await expect(conn.query('SELECT * FROM nope')).rejects.toMatchObject({ errno: 1109, message: "VT05004: table 'nope' does not exist" });
    expect(await count('orders')).toBe(190);
    await conn.end();
  });

  it('refuses a VSchema vtgate would not load, keeping the one in force', async () => {
    const bad = await admin('seed-vschema', { ...target, vschema: { sharded: true, vindexes: { v: { type: 'foo' } }, tables: { o: { column_vindexes: [{ column: 'id', name: 'v' }] } } } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('vindexType \\"foo\\" not found');
    const seq = await admin('seed-vschema', { ...target, vschema: { sharded: true, tables: { s: { type: 'sequence' } } } });
    expect(seq.status).toBe(422);
    expect(JSON.stringify(seq.body)).toContain('sequence table has to be in an unsharded keyspace or must be pinned: s');
    expect(await count('orders', 'SELECT COUNT(*) AS n FROM o WHERE id = 4')).toBe(1);
  });
});
