// @localscale/server/testing, the helper users put in their own test suites.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPool, type Row } from '@localscale/mysql';
import { connectLocalScale, startLocalScale, stopReusedLocalScale } from '../src/testing/index.js';
import { reusePaths } from '../src/testing/reuse.js';
import { cliArgs } from './support/cli.js';

const mysql = createPool(inject('mysqlUrl'), { connectionLimit: 2 });
afterAll(async () => { await mysql.end(); });

const schemaExists = async (name: string) => {
  const [rows] = await mysql.query<Row[]>('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
  return Number(rows[0]!.n) === 1;
};
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
async function gone(pid: number, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  if (!alive(pid)) return true;
  // A zombie (exited, not yet reaped by a PID 1 that does not wait) holds nothing.
  return / Z /.test(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''));
}
const healthy = (url: string) => fetch(`${url}/health`).then((r) => r.status === 200, () => false);

const config = { organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }, { name: 'orders', shards: 2 }] } } } } };

describe('startLocalScale on a shared MySQL server', () => {
  it('gives the SDK client and admin helpers aimed at the first database, and stop() drops what it created', async () => {
    const ls = await startLocalScale({ config, mysqlUrl: inject('mysqlUrl') });
    expect(ls).toMatchObject({
      organization: 'acme', database: 'shop', keyspace: 'shop', edge: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      http: expect.stringMatching(/^127\.0\.0\.1:\d+$/), reused: false,
    });
    expect(ls.http).not.toBe(ls.edge);
    const pw = await ls.client.passwords.create('acme', 'shop', 'main', { role: 'reader' });
    expect(pw.http_access_host_url).toBe(ls.http);
    expect(ls.apiUrl).toBe(`${ls.url}/v1`);
    expect((await ls.client.databases.get('acme', 'shop')).name).toBe('shop');

    expect(await ls.admin.seedDDL(['CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100))'])).toEqual({ executed: 1 });
    await ls.admin.seedDDL('CREATE TABLE orders (id bigint PRIMARY KEY)', { keyspace: 'orders' });
    expect(await ls.admin.exec('INSERT INTO users VALUES (?, ?)', [1, 'a@example.com'])).toEqual({ rows_affected: 1 });
    expect(await ls.admin.exec('SELECT email FROM users')).toEqual({ columns: ['email'], rows: [['a@example.com']] });
    await ls.admin.seedVSchema({ sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { orders: { column_vindexes: [{ column: 'id', name: 'hash' }] } } }, { keyspace: 'orders' });
    expect(JSON.parse((await ls.client.keyspaces.vschema('acme', 'shop', 'main', 'orders')).raw)).toMatchObject({ sharded: true });

    await ls.client.branches.create('acme', 'shop', { name: 'dev', parent_branch: 'main' });
    await ls.client.waitForBranchReady('acme', 'shop', 'dev', { intervalMs: 50 });
    expect((await ls.admin.branchQuery('dev', 'SHOW TABLES')).rows).toEqual([['users']]);

    const metadata = String((await ls.admin.client.metadataQuery({ query: 'SELECT DATABASE()' })).rows![0]![0]);
    const physical = String((await ls.admin.exec('SELECT DATABASE()')).rows![0]![0]);
    expect(await schemaExists(metadata)).toBe(true);
    expect(await schemaExists(physical)).toBe(true);
    await ls.stop();
    await ls.stop(); // idempotent
    expect(await healthy(ls.url)).toBe(false);
    expect(await schemaExists(metadata)).toBe(false);
    expect(await schemaExists(physical)).toBe(false);
  });

  it('uses the credential of a strict configuration, and refuses an invalid one naming the key', async () => {
    const ls = await startLocalScale({
      mysqlUrl: inject('mysqlUrl'),
      config: { auth: { mode: 'strict', service_tokens: [{ id: 'ci', token: 'pscale_tkn_1' }] } },
    });
    try {
      expect(ls.credentials).toEqual({ serviceTokenId: 'ci', serviceToken: 'pscale_tkn_1' });
      expect(ls.organization).toBe('localscale');
      expect((await ls.client.databases.list('localscale')).data.map((d) => d.name)).toEqual(['app']);
      const stranger = await fetch(`${ls.apiUrl}/organizations`, { headers: { Authorization: 'someone:else' } });
      expect(stranger.status).toBe(401);
      const other = await connectLocalScale(ls.apiUrl, { config: { auth: { mode: 'strict', service_tokens: [{ id: 'ci', token: 'pscale_tkn_1' }] } } });
      expect(other.url).toBe(ls.url);
      expect((await other.client.organizations.list()).data.map((o) => o.name)).toEqual(['localscale']);
      await other.stop();
      expect(await healthy(ls.url)).toBe(true);
    } finally {
      await ls.stop();
    }
    await expect(startLocalScale({ config: { organizations: { acme: { databases: { Shop_1: {} } } } } })).rejects.toThrow(/organizations\.acme\.databases: invalid name "Shop_1"/);
  });
});

describe('startLocalScale with its own MySQL server', () => {
  const child = fileURLToPath(new URL('./fixtures/helper-child.ts', import.meta.url));
  const workspace = fileURLToPath(new URL('../../../', import.meta.url));
  function runChild(mode: 'exit' | 'wait') {
    const proc = spawn(process.execPath, cliArgs([]).slice(0, -1).concat(child, mode), { cwd: workspace, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    const started = new Promise<{ url: string; mysqldPid: number }>((resolve, reject) => {
      proc.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(JSON.parse(out)); });
      void exited.then((e) => reject(new Error(`child exited early: ${JSON.stringify(e)}`)));
    });
    return { proc, started, exited };
  }

  it('stops its MySQL server when the process exits without stop()', async () => {
    const run = runChild('exit');
    const { url, mysqldPid } = await run.started;
    expect((await run.exited).code).toBe(0);
    expect(await healthy(url)).toBe(false);
    expect(await gone(mysqldPid)).toBe(true);
  });

  it('stops everything on SIGTERM, then ends by that signal', async () => {
    const run = runChild('wait');
    const { url, mysqldPid } = await run.started;
    expect(await healthy(url)).toBe(true);
    run.proc.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await gone(mysqldPid)).toBe(true);
  });
});

describe('startLocalScale({ reuse })', () => {
  it('keeps one server across runs, attaches to it, replaces it when the configuration changes, and stops it on request', async () => {
    const key = `test-${process.pid}-${Date.now().toString(36)}`;
    const paths = reusePaths(key);
    const mysqlUrl = inject('mysqlUrl');
    try {
      const first = await startLocalScale({ reuse: key, mysqlUrl, config });
      expect(first.reused).toBe(false);
      await first.client.databases.create('acme', { name: 'kept', cluster_size: 'PS_10' });
      await first.stop(); // detaches only
      const state = JSON.parse(await readFile(paths.state, 'utf8'));
      expect(state.url).toBe(first.url);
      expect(await healthy(first.url)).toBe(true);

      const second = await startLocalScale({ reuse: key, mysqlUrl, config, resetOnAttach: false });
      expect(second).toMatchObject({ url: first.url, edge: first.edge, http: first.http, reused: true, organization: 'acme' });
      expect((await second.client.databases.list('acme')).data.map((d) => d.name)).toEqual(['shop', 'kept']);

      // Attaching resets state; on a server without /admin/reset-state that fails, and says so.
      const resetting = await startLocalScale({ reuse: key, mysqlUrl, config }).then((h) => h, (err: Error) => err);
      if (resetting instanceof Error) expect(resetting.message).toMatch(/^reuse: could not reset the kept LocalScale at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\): .*not implemented/);
      else expect(resetting.url).toBe(first.url);

      const changed = await startLocalScale({ reuse: key, mysqlUrl, config: { organizations: { other: { databases: { app: {} } } } } });
      expect(changed.reused).toBe(false);
      expect(changed.url).not.toBe(first.url);
      expect(await gone(state.pid)).toBe(true);
      expect(changed.organization).toBe('other');
    } finally {
      const running = JSON.parse(await readFile(paths.state, 'utf8').catch(() => '{}'));
      expect(await stopReusedLocalScale(key)).toBe(true);
      if (running.pid) expect(await gone(running.pid)).toBe(true);
    }
    expect(existsSync(paths.state)).toBe(false);
    expect(await stopReusedLocalScale(key)).toBe(false);
  });
});
