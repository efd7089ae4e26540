import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reapOrphans, startManagedMysql, type ManagedMysql } from '../../src/managed/index.js';
import { isMysqldFor } from '../../src/managed/orphans.js';
import { isProcessAlive } from '../../src/managed/procinfo.js';
import { makePersistentDir, pathExists, query, removeDir, startOwnerProcess, waitUntilGone, type OwnerProcess } from './helpers.js';

const owners: OwnerProcess[] = [];
const servers: ManagedMysql[] = [];
const dirs: string[] = [];
const strayPids: number[] = [];

afterEach(async () => {
  for (const o of owners.splice(0)) if (o.child.exitCode === null && o.child.signalCode === null) o.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  // Whatever a failed test left running: reap it so no mysqld outlives the suite.
  for (const pid of strayPids.splice(0)) if (await isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function owner(dataDir?: string): Promise<OwnerProcess> {
  const o = await startOwnerProcess(dataDir);
  owners.push(o);
  strayPids.push(o.server.pid);
  return o;
}

describe('orphaned servers', () => {
  it('leaves no orphan when the owner is stopped with SIGTERM', async () => {
    const o = await owner();
    expect(await isProcessAlive(o.server.pid)).toBe(true);
    await query(o.server.port, 'SELECT 1');

    o.child.kill('SIGTERM');
    expect(await o.exit).toBe(0);
    expect(await isProcessAlive(o.server.pid)).toBe(false);
    expect(await pathExists(o.server.dataDir)).toBe(false);
    expect(await pathExists(path.dirname(o.server.dataDir))).toBe(false);
  });

  it('reaps the server of a SIGKILLed owner on its persistent datadir', async () => {
    const dir = await makePersistentDir('orphan');
    dirs.push(dir);
    const o = await owner(dir);

    o.child.kill('SIGKILL');
    expect(await o.exit).toBe('SIGKILL');
    // The whole point: mysqld survives its owner...
    expect(await isMysqldFor(o.server.pid, dir)).toBe(true);
    await query(o.server.port, 'SELECT 1');

    // ...until the next start (or an explicit reap) cleans it up.
    expect(await reapOrphans({ dataDir: dir })).toBe(1);
    expect(await isProcessAlive(o.server.pid)).toBe(false);
    expect(await pathExists(path.join(dir, 'localscale-owner.json'))).toBe(false);
    expect(await reapOrphans({ dataDir: dir })).toBe(0);
  });

  it('a new start on the same persistent datadir replaces the orphan and keeps its data', async () => {
    const dir = await makePersistentDir('takeover');
    dirs.push(dir);
    const o = await owner(dir);
    await query(o.server.port, 'CREATE DATABASE kept');
    await query(o.server.port, 'CREATE TABLE kept.t (id INT PRIMARY KEY)');
    await query(o.server.port, 'INSERT INTO kept.t VALUES (42)');
    o.child.kill('SIGKILL');
    await o.exit;

    const messages: string[] = [];
    const server = await startManagedMysql({ dataDir: dir, log: (m) => messages.push(m) });
    servers.push(server);
    expect(await isProcessAlive(o.server.pid)).toBe(false);
    expect(messages.join('\n')).toMatch(/orphaned mysqld pid \d+/);
    expect(await query(server.port, 'SELECT id FROM t', 'kept')).toEqual([{ id: 42 }]);
  });

  it('reaps the server and temporary datadir of a SIGKILLed owner', async () => {
    const o = await owner();
    const root = path.dirname(o.server.dataDir);
    o.child.kill('SIGKILL');
    await o.exit;

    // Another start anywhere on the machine may get there first; either way it must end up gone.
    await reapOrphans();
    expect(await waitUntilGone(o.server.pid)).toBe(true);
    expect(await pathExists(root)).toBe(false);
  });

  it('never touches a server whose owner is alive', async () => {
    const o = await owner();
    expect(await reapOrphans()).toBeGreaterThanOrEqual(0);
    expect(await isMysqldFor(o.server.pid, o.server.dataDir)).toBe(true);
    await query(o.server.port, 'SELECT 1');
    o.child.kill('SIGTERM');
    await o.exit;
    expect(await isProcessAlive(o.server.pid)).toBe(false);
  });
});
