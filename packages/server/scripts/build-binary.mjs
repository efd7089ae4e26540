#!/usr/bin/env node
// Builds `dist/binary/localscale`: one executable that needs neither Node.js nor node_modules.
// 1. esbuild bundles the CLI and everything it imports (workspace packages from their TypeScript
//    sources through the `@localscale/source` condition, JSON such as the OpenAPI spec inlined) into
//    one CommonJS file, the only format Node's single-executable support runs.
// 2. Node turns the bundle into a SEA blob, and postject injects the blob into a copy of this node.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'postject';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/binary');
const bundle = path.join(out, 'localscale.cjs');
const blob = path.join(out, 'localscale.blob');
const seaConfig = path.join(out, 'sea-config.json');
const binary = path.join(out, process.platform === 'win32' ? 'localscale.exe' : 'localscale');
// The fuse Node's SEA loader looks for; fixed by Node, see its single-executable-applications docs.
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const requireGuard = `"use strict";
var require = ((load) => (id) => {
  if (load('node:module').isBuiltin(id)) return load(id);
  throw Object.assign(new Error("Cannot find module '" + id + "' (not bundled)"), { code: 'MODULE_NOT_FOUND' });
})(require);`;

const t0 = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  conditions: ['@localscale/source'],
  // Inside a SEA, require() loads only built-in modules and warns on anything else. Everything is
  // bundled, so the only other requires are optional ones in try/catch (mysql2 probes for `cardinal`,
  // a SQL highlighter): answer those with the usual "not found" quietly, as plain Node would.
  banner: { js: requireGuard },
  legalComments: 'none',
  logLevel: 'warning',
});

writeFileSync(seaConfig, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });
copyFileSync(process.execPath, binary);
chmodSync(binary, 0o755);
await inject(binary, 'NODE_SEA_BLOB', readFileSync(blob), {
  sentinelFuse: fuse,
  ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
});
rmSync(blob);
rmSync(seaConfig);
console.log(`built ${path.relative(process.cwd(), binary)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
