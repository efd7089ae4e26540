#!/usr/bin/env node
// Makes a fresh clone runnable: npm dependencies, and a MySQL server binary for the embedded default
// (MariaDB from Debian's apt when none is installed and we are allowed to install it). Uses only
// Node's standard library, because it runs before node_modules exists. Idempotent and quick when
// there is nothing to do.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const say = (msg) => process.stderr.write(`[setup] ${msg}\n`);
const run = (cmd, args, opts = {}) => {
  say(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    say(`failed: ${cmd} ${args.join(' ')} (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
};

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  say(`Node.js 20 or newer is needed (this is ${process.versions.node})`);
  process.exit(1);
}

// npm dependencies: install when missing or when the lockfile changed since the last install.
const installed = path.join(root, 'node_modules/.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// A MySQL server binary for the embedded default, unless the user points at a server of their own.
const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/mysql/bin'];
const hasServer = () => ['mariadbd', 'mysqld'].some((b) => dirs.some((d) => d && existsSync(path.join(d, b))))
  || (process.env.LOCALSCALE_MYSQLD && existsSync(process.env.LOCALSCALE_MYSQLD));
if (!hasServer() && !process.env.LOCALSCALE_MYSQL_URL) {
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && dirs.some((d) => existsSync(path.join(d, 'apt-get')));
  if (!canApt) {
    say('No MySQL server binary (mariadbd or mysqld) was found. Install one, e.g.:');
    say('  Debian/Ubuntu: sudo apt-get install -y mariadb-server');
    say('  macOS:         brew install mariadb');
    say('or point LocalScale at a running server with LOCALSCALE_MYSQL_URL=mysql://user:pass@host:port/');
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', 'mariadb-server'], { env });
}
