#!/usr/bin/env node
// Builds what `npm start` runs: the `localscale` CLI as one ES module, with every workspace package
// (the SDK included) bundled from its TypeScript sources, into node_modules/.cache/localscale-start/.
//
// Why not dist/cli.js: `scripts/build.mjs` also emits CommonJS and bundled declarations (tsc, ~30 s),
// and its cli.js imports @localscale/sdk from that package's own dist, which a fresh clone does not
// have. This bundle needs only esbuild (under a second), and starting from it skips transpiling the
// sources through tsx at every start. Registry packages (koa, mysql2, ajv, ...) are bundled too, as the
// standalone binary does: an external import would be a static import evaluated at load, while bundled
// code behind a dynamic import() is evaluated only when that import runs (startLocalScale loads what
// serving needs while mysqld starts).
//
//   node scripts/build-start.mjs                  build; prints the bundle's path
//   node scripts/build-start.mjs --if-stale       build only when an input is newer than the bundle
//   node scripts/build-start.mjs --run ARGS...    build when stale, then run the CLI with ARGS in this
//                                                 process (`npm start`: one Node process, not two)
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = path.resolve(root, '../..');
const outDir = path.join(workspace, 'node_modules/.cache/localscale-start');
const outfile = path.join(outDir, 'cli.mjs');
// The inputs esbuild read last time (from its metafile), so staleness is exact and cheap to check.
const inputsFile = path.join(outDir, 'inputs.json');

function stale() {
  if (!existsSync(outfile) || !existsSync(inputsFile)) return true;
  const built = statSync(outfile).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  // A new file in a source directory (one an existing input might now import) also counts; registry
  // packages change only with package-lock.json.
  const dirs = new Set(inputs.map((f) => path.dirname(f)));
  for (const file of [...inputs, fileURLToPath(import.meta.url), path.join(workspace, 'package-lock.json')]) {
    const s = statSync(path.resolve(workspace, file), { throwIfNoEntry: false });
    if (!s || s.mtimeMs > built) return true;
  }
  for (const dir of dirs) {
    const s = statSync(path.resolve(workspace, dir), { throwIfNoEntry: false });
    if (!s || s.mtimeMs > built) return true;
  }
  return false;
}

const runAt = process.argv.indexOf('--run');
const ifStale = runAt !== -1 || process.argv.includes('--if-stale');
if (!ifStale || stale()) {
  const t0 = Date.now();
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: workspace,
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@localscale/source'],
    // Bundled CommonJS (koa, mysql2, ajv) requires node's modules, which an ES module has no require for.
    banner: { js: 'import { createRequire as __localscaleCreateRequire } from "node:module"; const require = __localscaleCreateRequire(import.meta.url);' },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'))));
  process.stderr.write(`[start] built ${path.relative(workspace, outfile)} in ${Date.now() - t0} ms\n`);
}
if (runAt === -1) {
  process.stdout.write(`${outfile}\n`);
} else {
  // The CLI reads its arguments from process.argv.slice(2), as if started as `node cli.mjs ARGS...`.
  process.argv = [process.argv[0], outfile, ...process.argv.slice(runAt + 1)];
  await import(pathToFileURL(outfile).href);
}
