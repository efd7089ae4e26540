// The standalone binary as a user without Node.js gets it: copied alone into an empty directory and run
// with a PATH that has MariaDB but no node, npm or node_modules anywhere near; driven through the SDK.
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPlanetScaleClient } from '@localscale/sdk';
import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';
import { version } from '../../src/version.js';

const built = fileURLToPath(new URL('../../dist/binary/localscale', import.meta.url));
let dir: string;
let binary: string;
let env: NodeJS.ProcessEnv;

/** A bin directory with every system command except Node.js and what runs on it. */
async function pathWithoutNode(target: string): Promise<string> {
  await mkdir(target);
  const node = await realpath(process.execPath);
  for (const source of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const names = await readdir(source).catch(() => [] as string[]);
    for (const name of names) {
      if (/^(node|nodejs|npm|npx|corepack|tsx)$/.test(name)) continue;
      const file = path.join(source, name);
      if ((await realpath(file).catch(() => node)) === node) continue;
      await symlink(file, path.join(target, name)).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
    }
  }
  return target;
}

function run(args: string[]) {
  return spawnSync(binary, args, { cwd: dir, env, encoding: 'utf8' });
}

function serve(args: string[]) {
  const child = spawn(binary, ['serve', '--port', '0', '--log-level', 'warn', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => { const m = /API:\s+(http:\/\/\S+)\/v1/.exec(out); if (m) resolve(m[1]!); });
    void exited.then((code) => reject(new Error(`localscale exited with ${code}:\n${out}`)));
  });
  return { child, url, exited, output: () => out };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ls-binary-'));
  binary = path.join(dir, 'localscale');
  await copyFile(built, binary);
  const bin = await pathWithoutNode(path.join(dir, 'bin'));
  env = { PATH: bin, HOME: dir, LANG: 'C.UTF-8' };
});
afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

describe('standalone binary', () => {
  it('runs where there is no node', () => {
    expect(spawnSync('/bin/sh', ['-c', 'command -v node || command -v nodejs'], { env }).status).not.toBe(0);
    const v = run(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    expect(v.stderr).toBe('');
    const help = run(['--help']);
    expect(help.stdout).toMatch(/localscale status/);
    expect(help.stdout).toMatch(/localscale deploy-request watch <db> <number>/);
    expect(help.stdout).toMatch(/--mysql-url URL/);
  });

  it('serves on its own private MariaDB, through the SDK, and stops cleanly', async () => {
    const server = serve([]);
    try {
      const url = await server.url;
      expect(server.output()).toMatch(/private mariadb/);
      const credentials = { serviceTokenId: 'binary-test', serviceToken: 'secret' };
      const client = createPlanetScaleClient({ baseUrl: `${url}/v1`, ...credentials });
      expect((await createLocalScaleAdminClient({ baseUrl: url }).health()).version).toBe(version);
      expect((await client.organizations.list()).data.map((o) => o.name)).toEqual(['localscale']);
      const db = await client.databases.create('localscale', { name: 'shop', cluster_size: 'PS_10' });
      expect(db.name).toBe('shop');
      await client.branches.create('localscale', 'shop', { name: 'dev', parent_branch: 'main' });
      const dev = await client.waitForBranchReady('localscale', 'shop', 'dev', { intervalMs: 100, timeoutMs: 30_000 });
      expect(dev).toMatchObject({ name: 'dev', ready: true, production: false });

      // The binary is its own client too.
      const status = spawnSync(binary, ['status', '--url', url], { cwd: dir, env, encoding: 'utf8' });
      expect(status.stderr).toBe('');
      expect(status.status).toBe(0);
      expect(status.stdout).toMatch(/^shop +dev +main +no +yes/m);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    // Nothing was written beside it: the data lived in a temporary directory that is gone.
    expect((await readdir(dir)).sort()).toEqual(['bin', 'localscale']);
  });

  it('uses an existing server with --mysql-url', async () => {
    const server = serve(['--mysql-url', inject('mysqlUrl')]);
    try {
      const url = await server.url;
      expect(server.output()).toMatch(/\(external\)/);
      const client = createPlanetScaleClient({ baseUrl: `${url}/v1`, serviceTokenId: 'binary-test', serviceToken: 'secret' });
      expect((await client.databases.list('localscale')).data.map((d) => d.name)).toContain('app');
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});
