// The package as built for npm (the build target runs first; `npm run release` stages and packs it,
// and tests/packaged installs that tarball): dist holds ES modules and CommonJS for every source
// file; the exports map resolves without the workspace's source condition, in JavaScript and in
// TypeScript; and nothing in it needs Node.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../src/index.js';
import { startStubServer, type StubServer } from './support/stub-server.js';

const run = promisify(execFile);
const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspaceModules = path.resolve(pkgDir, '../../node_modules');
const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>; exports: Record<string, unknown>;
};
// A clean child environment: no conditions or loaders inherited from the test runner.
const cleanEnv = { ...process.env, NODE_OPTIONS: '' };

async function sourceFiles(dir = path.join(pkgDir, 'src'), prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...(await sourceFiles(path.join(dir, entry.name), `${rel}/`)));
    else out.push(rel);
  }
  return out;
}

let files: string[];
beforeAll(async () => {
  // What the package.json `files` whitelist takes from dist.
  files = (await sourceFiles(path.join(pkgDir, 'dist'), 'dist/')).filter((f) => !/\.(map|tsbuildinfo)$/.test(f) && !/\/generated\/[^/]+\.js$/.test(f)).sort();
});

describe('the build', () => {
  it('holds the ES module, CommonJS module and declarations of every source file, and nothing else', async () => {
    const expected = ['dist/cjs/package.json'];
    for (const file of await sourceFiles()) {
      for (const dir of ['dist', 'dist/cjs']) {
        const base = `${dir}/${file.replace(/\.ts$/, '')}`;
        // Generated files are types only; their empty modules are left out.
        expected.push(...(file.startsWith('generated/') ? [`${base}.d.ts`] : [`${base}.js`, `${base}.d.ts`]));
      }
    }
    expect(files).toEqual(expected.sort());
  });

  it('builds every file the exports map points at (outside the workspace-only source condition)', () => {
    const targets = (t: unknown): string[] => typeof t === 'string' ? [t]
      : Object.entries(t as Record<string, unknown>).filter(([c]) => c !== '@localscale/source').flatMap(([, v]) => targets(v));
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      for (const t of targets(target).filter((t) => t !== './package.json')) expect(files, `${subpath} -> ${t}`).toContain(t.replace(/^\.\//, ''));
    }
  });

  it('depends on openapi-fetch only, and says so in User-Agent with the release version', async () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['openapi-fetch']);
    const root = JSON.parse(await readFile(path.join(pkgDir, '../../package.json'), 'utf8')) as { version: string };
    expect(version).toBe(root.version);
  });

  it('has no Node-only imports in its sources or its build', async () => {
    for (const file of await sourceFiles()) {
      const text = await readFile(path.join(pkgDir, 'src', file), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|require\(/);
    }
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = await readFile(path.join(pkgDir, file), 'utf8');
      // Only relative modules and openapi-fetch, in either module system.
      expect(text, file).not.toMatch(/(from |require\()['"](node:|[a-z]+\/)|src\//);
      expect(text, file).not.toMatch(file.startsWith('dist/cjs/') ? /^import |^export .* from / : /require\(/m);
    }
  });
});

describe('the built package', () => {
  let stub: StubServer;
  beforeAll(async () => { stub = await startStubServer(); });
  afterAll(async () => { await stub.close(); });

  it('loads through its exports map in plain Node and makes calls', async () => {
    stub.handle((r) => (r.path === '/health' ? { json: { status: 'ok', version: 'x' } } : { json: { name: r.headers.authorization } }));
    const script = `
      import { createPlanetScaleClient } from '@localscale/sdk';
      import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';
      const client = createPlanetScaleClient({ baseUrl: ${JSON.stringify(stub.baseUrl)}, serviceTokenId: 'a', serviceToken: 'b' });
      const org = await client.organizations.get('acme');
      const health = await createLocalScaleAdminClient({ baseUrl: ${JSON.stringify(stub.baseUrl)} }).health();
      console.log(JSON.stringify([org.name, health.status, import.meta.resolve('@localscale/sdk')]));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: pkgDir, env: cleanEnv });
    const [name, status, resolved] = JSON.parse(stdout) as string[];
    expect([name, status]).toEqual(['a:b', 'ok']);
    expect(resolved).toMatch(/\/dist\/index\.js$/);
  });

  it('type-checks a consumer project and the README examples without Node types or the source condition', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sdk-consumer-'));
    try {
      await mkdir(path.join(dir, 'node_modules/@localscale'), { recursive: true });
      await symlink(pkgDir, path.join(dir, 'node_modules/@localscale/sdk'), 'dir');
      await symlink(path.join(workspaceModules, 'openapi-fetch'), path.join(dir, 'node_modules/openapi-fetch'), 'dir');
      await symlink(path.join(workspaceModules, 'openapi-typescript-helpers'), path.join(dir, 'node_modules/openapi-typescript-helpers'), 'dir');
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] },
        include: ['*.ts'],
      }));
      // The README's examples must compile as written.
      const readme = await readFile(path.join(pkgDir, 'README.md'), 'utf8');
      const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
      expect(examples.length).toBeGreaterThanOrEqual(3);
      await Promise.all(examples.map((code, i) => writeFile(path.join(dir, `readme-${i}.ts`), `${code}\nexport {};\n`)));
      await writeFile(path.join(dir, 'app.ts'), [
        "import { createPlanetScaleClient, isPlanetScaleError, type Database } from '@localscale/sdk';",
        "import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';",
        'const client = createPlanetScaleClient();',
        "const db: Database = await client.databases.get('acme', 'shop');",
        "const dr = await client.waitForDeployRequest('acme', 'shop', 1, { until: ['complete'] });",
        "for await (const d of client.paginate('/organizations/{organization}/databases', { params: { path: { organization: 'acme' } } })) d.name.toUpperCase();",
        "const ok: 'ok' = (await createLocalScaleAdminClient().health()).status;",
        'export const out = [db.name, dr.deployment_state, ok, isPlanetScaleError(null)];',
        '// @ts-expect-error a deploy request number is a number',
        "await client.deployRequests.deploy('acme', 'shop', '1');",
      ].join('\n'));
      const tsc = path.join(workspaceModules, 'typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir, env: cleanEnv }).then(() => '', (e: { stdout: string }) => e.stdout);
      expect(result).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
