#!/usr/bin/env node
// Builds the published package into dist/:
//   dist/index.js, dist/testing/index.js   ES modules for `.` and `./testing`
//   dist/cli.js                             the `localscale` command (package.json `bin`)
//   dist/daemon.js                          the detached server behind startLocalScale({ reuse })
//   dist/chunks/*.js                        code those entries share, loaded once
//   dist/cjs/index.cjs, dist/cjs/testing/index.cjs   CommonJS, for `require` (jest's module system cannot load ESM)
//   *.d.ts / *.d.cts                        one bundled declaration file per entry
//
// The workspace's private packages (deploy-engine, vitess, mysql, edge) are bundled in, from their
// TypeScript sources: they are internals with no API of their own to keep stable, so publishing them
// would only add four versions to keep in step. Everything from the registry stays a dependency, and
// so does @localscale/sdk, so that a project using both gets one copy of the client and its types.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {});
// The workspace packages bundled in: every other bare import (npm packages, node's modules) stays an import.
const bundled = Object.keys(pkg.devDependencies ?? {}).filter((dep) => dep.startsWith('@localscale/'));
const isBundled = (id) => bundled.some((dep) => id === dep || id.startsWith(`${dep}/`));

const entries = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  cli: 'src/cli/main.ts',
  daemon: 'src/testing/daemon.ts',
};
const typed = ['index', 'testing/index'];

const t0 = Date.now();
// dist/binary is the standalone binary's (scripts/build-binary.mjs), built separately.
for (const entry of existsSync(dist) ? readdirSync(dist) : []) if (entry !== 'binary') rmSync(path.join(dist, entry), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  conditions: ['@localscale/source'],
  external: [...external, ...external.map((dep) => `${dep}/*`)],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const esm = await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(entries).map(([out, src]) => [out, path.join(root, src)])),
  outdir: dist,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

// CommonJS has no import.meta; the reuse helper finds the package root from its own file.
const cjs = await build({
  ...common,
  entryPoints: Object.fromEntries(typed.map((out) => [out, path.join(root, entries[out])])),
  outdir: path.join(dist, 'cjs'),
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__localscale_import_meta_url' },
  banner: { js: 'const __localscale_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});

// Anything from node_modules inside the bundle would be a dependency shipped twice (or a missing one).
for (const input of [...Object.keys(esm.metafile.inputs), ...Object.keys(cjs.metafile.inputs)]) {
  if (input.includes('node_modules/')) throw new Error(`build: ${input} was bundled; declare it in dependencies instead`);
}

// Declarations: tsc writes them for the server and the workspace packages it imports (into a scratch
// directory, by package), then rollup-plugin-dts folds each entry's into one file. The bundled packages
// are resolved to their emitted declarations through their `@localscale/source` export; every other
// bare import (npm packages, node's modules, @localscale/sdk) stays an import.
// (Outside any node_modules: rollup-plugin-dts leaves whatever lies in one as an import.)
const types = mkdtempSync(path.join(os.tmpdir(), 'localscale-types-'));
execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', types], { cwd: root, stdio: 'inherit' });
const emitted = (file) => path.join(types, path.relative(path.dirname(root), file)).replace(/\.ts$/, '.d.ts');
const bundledTypes = {
  name: 'localscale-bundled-types',
  resolveId(id) {
    const dep = bundled.find((name) => id === name || id.startsWith(`${name}/`));
    if (!dep) return null;
    const dir = path.join(root, '..', dep.slice('@localscale/'.length)); // packages/<name>, as the workspace lays them out
    const exports = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).exports;
    const target = exports[`.${id.slice(dep.length)}`]?.['@localscale/source'];
    if (!target) throw new Error(`build: ${id} has no @localscale/source export`);
    return emitted(path.resolve(dir, target));
  },
};
for (const out of typed) {
  const bundle = await rollup({
    input: emitted(path.join(root, entries[out])),
    external: (id) => !id.startsWith('.') && !path.isAbsolute(id) && !isBundled(id),
    plugins: [bundledTypes, dts()],
  });
  await bundle.write({ file: path.join(dist, `${out}.d.ts`), format: 'es' });
  await bundle.close();
  mkdirSync(path.dirname(path.join(dist, 'cjs', `${out}.d.cts`)), { recursive: true });
  copyFileSync(path.join(dist, `${out}.d.ts`), path.join(dist, 'cjs', `${out}.d.cts`));
}
rmSync(types, { recursive: true, force: true });
writeFileSync(path.join(dist, 'cli.js'), `#!/usr/bin/env node\n${readFileSync(path.join(dist, 'cli.js'), 'utf8').replace(/^#!.*\n/, '')}`, { mode: 0o755 });

console.log(`built ${path.relative(process.cwd(), dist) || 'dist'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
