import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MysqlStartError, reapOrphans, startManagedMysql, type ManagedMysql } from '../../src/managed/index.js';
import { isProcessAlive } from '../../src/managed/procinfo.js';
import { makePersistentDir, pathExists, query, removeDir } from './helpers.js';

const servers: ManagedMysql[] = [];
const dirs: string[] = [];

async function start(opts: Parameters<typeof startManagedMysql>[0] = {}): Promise<ManagedMysql> {
  const server = await startManagedMysql(opts);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('startManagedMysql with a temporary datadir', () => {
  it('serves queries and leaves nothing behind after stop', async () => {
    const server = await start();
    expect(server.url).toBe(`mysql://root@127.0.0.1:${server.port}/`);
    expect(server.persistent).toBe(false);
    expect(path.basename(path.dirname(server.dataDir))).toMatch(/^localscale-mysql-/);
    expect(server.flavor).toBe('mariadb');

    await query(server.port, 'CREATE DATABASE smoke');
    await query(server.port, 'CREATE TABLE smoke.t (id INT PRIMARY KEY, name VARCHAR(20))');
    await query(server.port, "INSERT INTO smoke.t VALUES (1, 'héllo ✓')");
    const rows = await query<{ name: string }[]>(server.port, 'SELECT name FROM t', 'smoke');
    expect(rows).toEqual([{ name: 'héllo ✓' }]);
    const [vars] = await query<{ cs: string }[]>(server.port, 'SELECT @@character_set_server AS cs');
    expect(vars!.cs).toBe('utf8mb4');
    expect(await pathExists(server.socketPath)).toBe(true);

    await server.stop();
    expect(await isProcessAlive(server.pid)).toBe(false);
    expect(await server.exited).toBe(0);
    expect(await pathExists(path.dirname(server.dataDir))).toBe(false);
    await server.stop(); // idempotent
  });

  it('resolves exited and still cleans up when mysqld dies underneath', async () => {
    const server = await start();
    process.kill(server.pid, 'SIGKILL');
    expect(await server.exited).toBeNull();
    await Promise.all([server.stop(), server.stop()]);
    expect(await pathExists(path.dirname(server.dataDir))).toBe(false);
  });

  it('fails with the error log tail when mysqld cannot start, and cleans up', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const messages: string[] = [];
    try {
      const err = await startManagedMysql({ port, log: (m) => messages.push(m) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MysqlStartError);
      expect((err as MysqlStartError).message).toMatch(/exited during startup/);
      expect((err as MysqlStartError).logTail).toMatch(/Address already in use|Bind on TCP\/IP port/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    const dataDir = /datadir (\S+)/.exec(messages.join('\n'))?.[1];
    expect(dataDir).toBeDefined();
    expect(await pathExists(path.dirname(dataDir!))).toBe(false);
  });
});

describe('startManagedMysql with a persistent datadir', () => {
  it('keeps data across a restart', async () => {
    const dir = await makePersistentDir('persist');
    dirs.push(dir);

    const first = await start({ dataDir: dir });
    expect(first.persistent).toBe(true);
    expect(first.dataDir).toBe(dir);
    await query(first.port, 'CREATE DATABASE app');
    await query(first.port, 'CREATE TABLE app.notes (id INT PRIMARY KEY, body TEXT)');
    await query(first.port, "INSERT INTO app.notes VALUES (1, 'survives restarts')");
    await first.stop();
    expect(await isProcessAlive(first.pid)).toBe(false);
    expect(await pathExists(dir)).toBe(true);
    expect(await pathExists(path.join(dir, 'localscale-owner.json'))).toBe(false);
    expect(await pathExists(path.join(dir, 'mysqld.pid'))).toBe(false);

    const messages: string[] = [];
    const second = await start({ dataDir: dir, log: (m) => messages.push(m) });
    expect(messages.join('\n')).not.toMatch(/initialising/);
    const rows = await query<{ body: string }[]>(second.port, 'SELECT body FROM notes', 'app');
    expect(rows).toEqual([{ body: 'survives restarts' }]);
  });

  it('refuses a second server on a datadir in use, and reapOrphans leaves a live owner alone', async () => {
    const dir = await makePersistentDir('inuse');
    dirs.push(dir);
    const server = await start({ dataDir: dir });
    await expect(startManagedMysql({ dataDir: dir })).rejects.toThrow(/already in use by mysqld pid \d+, owned by this process/);
    expect(await reapOrphans({ dataDir: dir })).toBe(0);
    expect(await isProcessAlive(server.pid)).toBe(true);
    await query(server.port, 'SELECT 1');
  });

  it('puts the socket in a short directory when the datadir path is too long', async () => {
    const base = await makePersistentDir('longpath');
    dirs.push(base);
    const dir = path.join(base, 'a'.repeat(60), 'b'.repeat(60));
    const server = await start({ dataDir: dir });
    expect(Buffer.byteLength(server.socketPath)).toBeLessThanOrEqual(100);
    expect(server.socketPath.startsWith(dir)).toBe(false);
    expect(await pathExists(server.socketPath)).toBe(true);
    await query(server.port, 'SELECT 1');
    await server.stop();
    expect(await pathExists(path.dirname(server.socketPath))).toBe(false);
  });
});
