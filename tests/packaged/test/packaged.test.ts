// The release as a user installs it: the tarballs from `npm run release` go into a fresh project in
// a temporary directory (registry dependencies, no links into the workspace), which is then used on
// every supported Node line: the `localscale` command, `serve`, a vitest and a jest suite that ship a
// schema change through startLocalScale(), CommonJS require, and tsc under nodenext and bundler.
// The standalone binary, copied alone into an empty directory, serves /health.
import { execFile, spawn } from 'node:child_process';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRelease, type ReleaseArtifacts } from '@localscale/release';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../fixtures');
const nodeLine = path.join(here, '../../../tools/setup/node-line.mjs');

const release = readRelease();
if (!release) throw new Error('no release in dist/release; run `npm run release` (nx runs it before this target)');
const artifacts: ReleaseArtifacts = release;

let project: string;
beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'localscale-consumer-'));
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await cp(fixtures, project, { recursive: true });
  await writeFile(path.join(project, 'jest.config.cjs'), "module.exports = { testMatch: ['**/*.jest.test.cjs'] };\n");
  await writeFile(path.join(project, 'vitest.config.mjs'), "export default { test: { include: ['**/*.vitest.test.mjs'] } };\n");
  const base = { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2023', 'DOM'], types: ['node'], skipLibCheck: false };
  await writeFile(path.join(project, 'tsconfig.nodenext.json'), JSON.stringify({ compilerOptions: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['consumer.ts'] }));
  await writeFile(path.join(project, 'tsconfig.bundler.json'), JSON.stringify({ compilerOptions: { ...base, module: 'ESNext', moduleResolution: 'Bundler' }, files: ['consumer.ts'] }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', artifacts.sdk, artifacts.server, 'vitest@4', 'jest@30', 'typescript@5', '@types/node@20'], { cwd: project, maxBuffer: 16 << 20 });
}, 600_000);
afterAll(async () => { if (project) await rm(project, { recursive: true, force: true }); });

// No colour: nx forces it on, and the runners' summaries are read as text.
const cleanEnv = (node: string) => ({ ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1', VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` });

/**
 * Runs `cmd` until it prints the API URL, checks /health there, then stops it with SIGTERM and
 * checks that the server is gone within 30 s. (npx ends by the signal, so its own exit code says
 * nothing.)
 */
async function servesHealth(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; body: unknown; stopped: boolean }> {
  // Its own process group, signalled as a whole, as Ctrl-C or a CI job's cancel does: npx runs the
  // command under a shell that does not pass a signal sent to npx alone on to it.
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const signal = (name: NodeJS.Signals) => { try { process.kill(-child.pid!, name); } catch { /* the group is gone */ } };
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no API URL in 120 s:\n${out}`)), 120_000);
      const look = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /API:\s+(http:\/\/\S+)\/v1/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`exited ${code} before serving:\n${out}`)); });
    });
    const res = await fetch(`${url}/health`);
    const body: unknown = await res.json();
    signal('SIGTERM');
    await exited;
    // npx exits at once, while LocalScale may still be stopping its MySQL server.
    const down = () => fetch(`${url}/health`).then(() => false, () => true);
    const end = Date.now() + 30_000;
    let stopped = await down();
    while (!stopped && Date.now() < end) { await new Promise((r) => setTimeout(r, 100)); stopped = await down(); }
    return { status: res.status, body, stopped };
  } finally {
    signal('SIGKILL');
  }
}

const lines = [
  { name: `Node ${process.versions.node} (this machine's)`, node: async () => process.execPath },
  { name: 'Node 24 (from the npm registry)', node: async () => (await run(process.execPath, [nodeLine, '24'])).stdout.trim() },
];

describe.each(lines)('installed from the release tarballs, on $name', ({ node: nodeBinary }) => {
  let node: string;
  let env: NodeJS.ProcessEnv;
  const npx = (args: string[]) => run('npx', ['--no-install', ...args], { cwd: project, env, maxBuffer: 16 << 20 });
  beforeAll(async () => { node = await nodeBinary(); env = cleanEnv(node); }, 300_000);

  it('runs on the Node line it says', async () => {
    expect((await run('node', ['--version'], { env })).stdout.trim()).toBe(`v${(await run(node, ['-p', 'process.versions.node'])).stdout.trim()}`);
  });

  it('gives a `localscale` command (the bundled CLI, not tsx) that prints the release version', async () => {
    expect((await npx(['localscale', '--version'])).stdout.trim()).toBe(artifacts.version);
    const bin = await readFile(path.join(project, 'node_modules/.bin/localscale'), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(bin).not.toMatch(/tsx|@localscale\/source/);
  });

  it('`npx localscale serve` answers /health and stops on SIGTERM', async () => {
    const r = await servesHealth('npx', ['--no-install', 'localscale', 'serve', '--port', '0', '--edge-port', '0'], project, env);
    expect(r).toMatchObject({ status: 200, body: { status: 'ok', version: artifacts.version }, stopped: true });
  });

  it('ships a schema change from a vitest suite', async () => {
    const { stdout } = await npx(['vitest', 'run']);
    expect(stdout).toMatch(/1 passed/);
  });

  it('ships a schema change from a jest suite (CommonJS)', async () => {
    const { stderr } = await npx(['jest']);
    expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  });

  it('loads both packages with require()', async () => {
    const { stdout } = await run('node', ['require-sdk.cjs'], { cwd: project, env });
    expect(JSON.parse(stdout)).toEqual({ client: 'function', admin: 'function', isError: false, server: ['function', artifacts.version] });
  });

  it.each(['nodenext', 'bundler'])('type-checks a TypeScript consumer under %s resolution', async (resolution) => {
    const result = await npx(['tsc', '-p', `tsconfig.${resolution}.json`]).then(() => '', (e: { stdout: string }) => e.stdout);
    expect(result).toBe('');
  });
});

describe('the release directory', () => {
  it('holds the two tarballs and the binary, and SHA256SUMS checks them', async () => {
    const { stdout } = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: artifacts.dir });
    expect(stdout.trim().split('\n').sort()).toEqual([artifacts.binary, artifacts.sdk, artifacts.server].map((f) => `${path.basename(f)}: OK`).sort());
  });

  it('publishes only built files, README, LICENSE and the manifest; never the binary or sources', async () => {
    for (const tarball of [artifacts.sdk, artifacts.server]) {
      const files = (await run('tar', ['-tzf', tarball], { maxBuffer: 16 << 20 })).stdout.trim().split('\n');
      expect(files, tarball).toEqual(expect.arrayContaining(['package/package.json', 'package/README.md', 'package/LICENSE']));
      for (const f of files) expect(f, tarball).toMatch(/^package\/(package\.json|README\.md|LICENSE|dist\/.+\.(js|cjs|d\.ts|d\.cts|json))$/);
      expect(files.some((f) => f.includes('binary'))).toBe(false);
    }
  });

  it('has a standalone binary that, alone in an empty directory, serves /health', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'localscale-binary-'));
    try {
      const binary = path.join(dir, path.basename(artifacts.binary));
      await copyFile(artifacts.binary, binary);
      await run('chmod', ['+x', binary]);
      const r = await servesHealth(binary, ['serve', '--port', '0', '--edge-port', '0'], dir, { PATH: process.env.PATH, HOME: dir, TMPDIR: os.tmpdir() });
      expect(r).toMatchObject({ status: 200, body: { status: 'ok', version: artifacts.version }, stopped: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
