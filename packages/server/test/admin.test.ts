// The admin helpers, in the upstream Go LocalScale's shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
beforeAll(async () => { ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }, { name: 'orders', shards: 2 }] } } } } }); });
afterAll(async () => { await ls?.stop(); });

const admin = (path: string, json: unknown) => ls.call(`/admin/${path}`, { method: 'POST', json, headers: { Authorization: '' } });
const target = { org: 'acme', database: 'shop', keyspace: 'shop' };

describe('admin', () => {
  it('seed-ddl (direct) creates tables on main; vtgate-exec writes and reads them', async () => {
    expect((await admin('seed-ddl', { ...target, statements: ['CREATE TABLE t (id int PRIMARY KEY, v varchar(10))'] })).body).toEqual({ ok: true, executed: 1 });
    expect((await admin('vtgate-exec', { ...target, query: 'INSERT INTO t VALUES (1, ?), (2, NULL)', args: ['a'] })).body).toEqual({ rows_affected: 2 });
    expect((await admin('vtgate-exec', { ...target, query: 'SELECT id, v FROM t ORDER BY id' })).body).toEqual({ columns: ['id', 'v'], rows: [['1', 'a'], ['2', null]] });
    expect((await admin('vtgate-exec', { ...target, query: 'SELECT id FROM t WHERE id > 5' })).body).toEqual({ columns: ['id'] });
    expect((await admin('vtgate-exec', { ...target, query: 'DELETE FROM t WHERE id > 5' })).body).toEqual({});
  });

  it('seed-ddl goes to every shard of a sharded keyspace; vtgate-exec routes by its VSchema, as vtgate does', async () => {
    const orders = { ...target, keyspace: 'orders' };
    const exec = (query: string, args?: unknown[]) => admin('vtgate-exec', { ...orders, query, ...(args ? { args } : {}) });
    const perShard = (query: string) => admin('branch-db-query', { org: 'acme', database: 'shop', branch: 'main', keyspace: 'orders', query });
    await admin('seed-ddl', { ...orders, statements: ['CREATE TABLE o (id int PRIMARY KEY)'] });
    const tableHere = "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_NAME = 'o' AND TABLE_SCHEMA = DATABASE()";
    // Each shard's own database has the table; through vtgate one shard answers an information_schema read.
    expect((await perShard(tableHere)).body).toEqual({ columns: ['n'], rows: [['1'], ['1']] });
    expect((await exec(tableHere)).body).toEqual({ columns: ['n'], rows: [['1']] });

    const vschema = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { o: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };
    expect((await admin('seed-vschema', { ...orders, vschema })).status).toBe(200);
    // vtgate cannot find the vindex column of an INSERT without a column list (o's columns are not authoritative).
    const bare = await exec('INSERT INTO o VALUES (1)');
    expect(bare.status).toBe(422);
    expect(bare.body.message).toMatch(/VT09004: INSERT should contain column list or the table should have authoritative columns in vschema/);

    // By Vitess's hash vindex ids 1, 2, 3 and 5 live on -80, 4 and 6 on 80-.
    expect((await exec('INSERT INTO o (id) VALUES (?), (?), (?), (?), (?), (?)', [1, 2, 3, 4, 5, 6])).body).toEqual({ rows_affected: 6 });
    expect((await perShard('SELECT COUNT(*) FROM o')).body.rows).toEqual([['4'], ['2']]);
    // Reads see the keyspace, not a shard: one merged answer.
    expect((await exec('SELECT COUNT(*) AS n FROM o')).body).toEqual({ columns: ['n'], rows: [['6']] });
    expect((await exec('SELECT id FROM o ORDER BY id DESC LIMIT 2')).body.rows).toEqual([['6'], ['5']]);
    expect((await exec('SELECT id FROM o WHERE id = ?', [4])).body.rows).toEqual([['4']]);
    expect((await exec('DELETE FROM o WHERE id IN (?, ?)', [1, 4])).body).toEqual({ rows_affected: 2 });

    // A write across shards is all or nothing: 2001 (-80) and 1001 (80-) are undone with the duplicate 6.
    expect((await exec('INSERT INTO o (id) VALUES (2001), (6), (1001)')).body.message).toMatch(/Error 1062: Duplicate entry '6'/);
    const refusedUpdate = await exec('UPDATE o SET id = 7 WHERE id = 6');
    expect(refusedUpdate.status).toBe(422);
    expect(refusedUpdate.body.message).toMatch(/VT12001: unsupported: you cannot UPDATE primary vindex columns; invalid update on vindex: hash/);
    expect((await exec('SELECT id FROM o ORDER BY id')).body.rows).toEqual([['2'], ['3'], ['5'], ['6']]);
  });

  it('refuses non-DDL, unsafe strategies and unknown targets, running nothing', async () => {
    const bad = await admin('seed-ddl', { ...target, statements: ['CREATE TABLE ok (id int PRIMARY KEY)', 'DROP DATABASE mysql; --'] });
    expect(bad.status).toBe(422);
    const missing = await admin('vtgate-exec', { ...target, query: 'SELECT * FROM ok' });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toMatch(/Error 1146: Table .* doesn't exist/);
    expect((await admin('seed-ddl', { ...target, strategy: "vitess'; DROP", statements: [] })).status).toBe(422);
    expect((await admin('seed-ddl', { ...target, keyspace: 'nope', statements: [] })).status).toBe(404);
    expect((await admin('seed-ddl', { ...target, database: 'nope', statements: [] })).status).toBe(404);
  });

  it('metadata-query reads LocalScale\'s own tables', async () => {
    const res = await admin('metadata-query', { query: 'SELECT name FROM organizations' });
    expect(res.body).toEqual({ columns: ['name'], rows: [['acme']] });
  });

  it('branch-db-query runs in a branch keyspace database', async () => {
    await ls.call('/v1/organizations/acme/databases/shop/branches', { method: 'POST', json: { name: 'dev' } });
    await ls.snapshots.idle();
    const res = await admin('branch-db-query', { branch: 'dev', keyspace: 'shop', query: 'SHOW TABLES' });
    expect(res.body.rows).toEqual([['t']]);
    expect((await admin('branch-db-query', { branch: 'nope', keyspace: 'shop', query: 'SELECT 1' })).status).toBe(404);
  });

  it('seed-vschema sets main\'s VSchema (bypassing safe migrations, as a seed)', async () => {
    const vschema = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { o: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };
    expect((await admin('seed-vschema', { ...target, keyspace: 'orders', vschema })).body).toEqual({ ok: true });
    const got = await ls.call('/v1/organizations/acme/databases/shop/branches/main/keyspaces/orders/vschema');
    expect(JSON.parse(got.body.raw)).toEqual(vschema);
    expect((await admin('seed-vschema', { ...target, vschema: { sharded: 'no' } })).status).toBe(422);
  });
});

describe('reset-state', () => {
  it('drops branches and API-created databases, keeps main\'s data and VSchema, and renumbers nothing left behind', async () => {
    await admin('seed-ddl', { ...target, statements: ['CREATE TABLE kept (id int PRIMARY KEY)'] });
    await admin('vtgate-exec', { ...target, query: 'INSERT INTO kept VALUES (7)' });
    await ls.call('/v1/organizations/acme/databases/shop/branches', { method: 'POST', json: { name: 'temp' } });
    await ls.call('/v1/organizations/acme/databases', { method: 'POST', json: { name: 'extra', cluster_size: 'PS_10' } });
    await ls.snapshots.idle();
    const res = await admin('reset-state', {});
    expect(res.body).toEqual({ ok: true });
    const branchesNow = await ls.call('/v1/organizations/acme/databases/shop/branches');
    expect(branchesNow.body.data.map((b: any) => b.name)).toEqual(['main']);
    expect((await ls.call('/v1/organizations/acme/databases/extra')).status).toBe(404);
    expect((await admin('vtgate-exec', { ...target, query: 'SELECT id FROM kept' })).body).toEqual({ columns: ['id'], rows: [['7']] });
    const vschema = await ls.call('/v1/organizations/acme/databases/shop/branches/main/keyspaces/orders/vschema');
    expect(JSON.parse(vschema.body.raw)).toMatchObject({ sharded: true });
  });
});
