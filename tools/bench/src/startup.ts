// Startup: from spawning `localscale serve` (the bundle `npm start` runs) to the first 200 from
// /health, with a cold data directory (MySQL initialised from nothing) and a warm one (existing data),
// median of 5 runs each. `--log-level debug` prints where the time goes ("startup" lines with at_ms). The
// baseline, measured in the same run, is the private MySQL server alone started through the same
// module, so the ratio shows what LocalScale adds on top of MySQL.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startManagedMysql } from '@localscale/mysql';
import { readRelease } from '@localscale/release';
import { report } from './report.js';
import { cliArgs, freePort, workspace } from './serve.js';
import { median, round, timeIt } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);

/**
 * How `localscale` is started: the bundle `npm start` runs (packages/server/scripts/build-start.mjs),
 * from source through tsx (`npm run localscale`), the esbuild bundle the binary embeds, or the
 * published package as `npm install` of the release tarballs gives it (`npx localscale`).
 */
const bundle = path.join(workspace, 'packages/server/dist/binary/localscale.cjs');
const startBundle = execFileSync(process.execPath, [path.join(workspace, 'packages/server/scripts/build-start.mjs'), '--if-stale'], { cwd: workspace, encoding: 'utf8' }).trim();
type Entry = 'start' | 'source' | 'bundle' | 'installed';
let installedCli = '';
const entryArgs = (entry: Entry, args: string[]) => (entry === 'source' ? cliArgs(args)
  : [{ start: startBundle, bundle, installed: installedCli }[entry], ...args]);

/** Installs the release tarballs (made by `npm run release` when missing) into a project outside the workspace. */
async function installRelease(): Promise<string> {
  if (!readRelease()) execFileSync('npm', ['run', 'release'], { cwd: workspace, stdio: ['ignore', 'ignore', 'inherit'] });
  const release = readRelease();
  if (!release) throw new Error('npm run release wrote no release');
  const dir = await mkdtemp(path.join(tmpdir(), 'ls-bench-installed-'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-consumer', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', release.sdk, release.server], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  installedCli = path.join(dir, 'node_modules/@localscale/server/dist/cli.js');
  return dir;
}

/** Milliseconds from spawn to the first /health 200; then stops the server and waits for it. */
async function startOnce(dataDir: string, entry: Entry = 'start'): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, entryArgs(entry, ['serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'silent']),
    { cwd: workspace, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`localscale exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  const cold: number[] = [], warm: number[] = [], mysqlCold: number[] = [], mysqlWarm: number[] = [];
  const warmDir = await mkdtemp(path.join(tmpdir(), 'ls-bench-warm-'));
  const mysqlWarmDir = await mkdtemp(path.join(tmpdir(), 'ls-bench-mysql-warm-'));
  await startOnce(warmDir); // initialise once so later runs are warm
  await (await startManagedMysql({ dataDir: mysqlWarmDir })).stop();
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(path.join(tmpdir(), 'ls-bench-cold-'));
    cold.push(await startOnce(dir));
    await rm(dir, { recursive: true, force: true });
    warm.push(await startOnce(warmDir));
    const mdir = await mkdtemp(path.join(tmpdir(), 'ls-bench-mysql-cold-'));
    let server: Awaited<ReturnType<typeof startManagedMysql>> | undefined;
    mysqlCold.push(await timeIt(async () => { server = await startManagedMysql({ dataDir: mdir }); }));
    await server!.stop();
    await rm(mdir, { recursive: true, force: true });
    mysqlWarm.push(await timeIt(async () => { server = await startManagedMysql({ dataDir: mysqlWarmDir }); }));
    await server!.stop();
  }
  // From source through tsx, as `npm start` ran before it started from a bundle.
  const sourceWarm: number[] = [];
  for (let i = 0; i < runs; i++) sourceWarm.push(await startOnce(warmDir, 'source'));
  // The bundle (built by `nx run server:binary`) skips transpiling the sources at start.
  const bundleWarm: number[] = [];
  if (existsSync(bundle)) for (let i = 0; i < runs; i++) bundleWarm.push(await startOnce(warmDir, 'bundle'));
  // The installed package: what users of `npm i -D @localscale/server` start.
  const installedWarm: number[] = [];
  const project = await installRelease();
  for (let i = 0; i < runs; i++) installedWarm.push(await startOnce(warmDir, 'installed'));
  await rm(project, { recursive: true, force: true });
  await rm(warmDir, { recursive: true, force: true });
  await rm(mysqlWarmDir, { recursive: true, force: true });
  const ms = (xs: number[]) => round(median(xs));
  await report('startup', {
    runs,
    localscale_cold_ms: ms(cold), localscale_warm_ms: ms(warm),
    mysql_alone_cold_ms: ms(mysqlCold), mysql_alone_warm_ms: ms(mysqlWarm),
    ratio_cold: round(median(cold) / median(mysqlCold), 2), ratio_warm: round(median(warm) / median(mysqlWarm), 2),
    source_warm_ms: ms(sourceWarm), ratio_source_warm: round(median(sourceWarm) / median(mysqlWarm), 2),
    ...(bundleWarm.length ? { bundle_warm_ms: round(median(bundleWarm)), ratio_bundle_warm: round(median(bundleWarm) / median(mysqlWarm), 2) } : {}),
    installed_warm_ms: ms(installedWarm), ratio_installed_warm: round(median(installedWarm) / median(mysqlWarm), 2),
    samples: { cold: cold.map((x) => round(x)), warm: warm.map((x) => round(x)) },
  });
}

await main();
