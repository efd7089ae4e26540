// Branch passwords are real MySQL credentials through the edge: PlanetScale's DSN shape (the
// database name), branch isolation, roles, deletion, and Vitess's SQL surface for a deploy request.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/localscale.js';
import { branchWith, openRequest, seedMain, waitFor } from './deploy/support.js';

let ls: TestServer;
const org = 'acme', db = 'shop';
beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] } } } } });
  await seedMain(ls, 'shop', ['CREATE TABLE users (id int PRIMARY KEY, email varchar(100))']);
});
afterAll(async () => { await ls?.stop(); });

async function password(branch: string, role: 'reader' | 'writer' | 'readwriter' | 'admin' = 'admin') {
  return ls.client.passwords.create(org, db, branch, { role, name: `${branch}-${role}` });
}

async function connect(pw: { username: string; plain_text: string | null; access_host_url: string }, database = db) {
  const [host, port] = pw.access_host_url.split(':');
  return mysql.createConnection({ host, port: Number(port), user: pw.username, password: pw.plain_text!, database });
}

describe('the MySQL edge', () => {
  it('advertises the edge in access_host_url, and a branch password reaches only its branch', async () => {
    await branchWith(ls, 'dev', {});
    const devPw = await password('dev');
    expect(devPw.access_host_url).toBe(`127.0.0.1:${ls.edge.port}`);
    const dev = await connect(devPw);
    await dev.query('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    await dev.query("INSERT INTO users VALUES (1, 'dev@x')");
    const [rows] = await dev.query('SELECT email FROM users');
    expect(rows).toEqual([{ email: 'dev@x' }]);
    await dev.end();

    const mainPw = await password('main', 'reader');
    const main = await connect(mainPw);
    const [mainRows] = await main.query('SELECT COUNT(*) AS n FROM users');
    expect(mainRows).toEqual([{ n: 0 }]);
    await expect(main.query('SELECT * FROM notes')).rejects.toMatchObject({ errno: 1146 });
    await main.end();
  });

  it('the keyspace name works as the database name too', async () => {
    const pw = await password('dev', 'reader');
    const conn = await connect(pw, 'shop');
    const [rows] = await conn.query('SELECT email FROM users');
    expect(rows).toEqual([{ email: 'dev@x' }]);
    await conn.end();
  });

  it('roles: a reader cannot write; production main with safe migrations refuses direct DDL', async () => {
    const reader = await connect(await password('dev', 'reader'));
    await expect(reader.query("INSERT INTO users VALUES (2, 'no@x')")).rejects.toMatchObject({ errno: expect.any(Number) });
    await reader.end();
    const admin = await connect(await password('main', 'admin'));
    await expect(admin.query('CREATE TABLE sneaky (id int PRIMARY KEY)')).rejects.toMatchObject({ message: expect.stringMatching(/safe migrations|DDL/i) });
    await admin.end();
  });

  it('wrong, deleted and expired passwords get 1045', async () => {
    const pw = await password('dev');
    await expect(connect({ ...pw, plain_text: 'pscale_pw_wrong' })).rejects.toMatchObject({ errno: 1045 });
    const conn = await connect(pw);
    await ls.client.passwords.delete(org, db, 'dev', pw.id);
    await expect(connect(pw)).rejects.toMatchObject({ errno: 1045 });
    await conn.end().catch(() => undefined);
  });

  it('a main-branch credential follows a deploy request with SHOW VITESS_MIGRATIONS LIKE its context', async () => {
    await branchWith(ls, 'add-col', { shop: ['ALTER TABLE users ADD COLUMN name varchar(50)'] });
    const dr = await openRequest(ls, 'add-col', { autoCutover: true });
    await ls.client.deployRequests.deploy(org, db, dr.number);
    await waitFor(ls, dr.number, ['complete_pending_revert']);
    const conn = await connect(await password('main', 'reader'));
    const context = `localscale:${dr.id}:%`;
    const [rows, fields] = await conn.query<mysql.RowDataPacket[]>(`SHOW VITESS_MIGRATIONS LIKE '${context}'`);
    expect(fields!.map((f) => f.name).slice(0, 4)).toEqual(['id', 'migration_uuid', 'keyspace', 'shard']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ keyspace: 'shop', migration_status: 'complete', mysql_table: 'users' });
    await conn.end();
  });

  it('DDL through the edge re-diffs an open deploy request of that branch', async () => {
    await branchWith(ls, 'via-edge', { shop: ['CREATE TABLE first (id int PRIMARY KEY)'] });
    const dr = await openRequest(ls, 'via-edge');
    expect((await ls.client.deployRequests.diff(org, db, dr.number)).data.map((d) => d.name)).toEqual(['first']);
    const conn = await connect(await password('via-edge', 'admin'));
    await conn.query('CREATE TABLE second (id int PRIMARY KEY)');
    await conn.end();
    const again = await ls.client.waitForDeployRequest(org, db, dr.number, {
      until: (d) => d.deployment_state === 'ready' && d.updated_at !== dr.updated_at, timeoutMs: 30_000, intervalMs: 50,
    });
    expect(again.deployment_state).toBe('ready');
    expect((await ls.client.deployRequests.diff(org, db, dr.number)).data.map((d) => d.name).sort()).toEqual(['first', 'second']);
  });
});
