// `npm run release`: builds the published packages and the standalone binary, and writes to
// dist/release/ exactly what a release ships:
//   localscale-sdk-<version>.tgz, localscale-server-<version>.tgz   (npm pack of each, as published)
//   localscale-<version>-<platform>-<arch>                          (the standalone binary)
//   SHA256SUMS                                                      (sha256sum -c checks all three)
// Each package is staged first (its dist, README, the repository's LICENSE and the published
// manifest), packed from there, and checked with publint and @arethetypeswrong/cli. CHANGELOG.md
// must say what this version changed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { publishedPackages, releaseArtifacts, workspaceRoot } from './artifacts.js';
import { publishedManifest, type Manifest } from './manifest.js';

const say = (msg: string) => process.stderr.write(`[release] ${msg}\n`);
const run = (cmd: string, args: string[], cwd = workspaceRoot) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

const artifacts = releaseArtifacts();
const { version } = artifacts;
const t0 = Date.now();

const changelog = readFileSync(path.join(workspaceRoot, 'CHANGELOG.md'), 'utf8');
if (!new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm').test(changelog)) {
  throw new Error(`CHANGELOG.md has no "## ${version}" section; say what this version changes before releasing it`);
}

// --no-build: the caller (nx, through the target's dependsOn) has just built them.
if (!process.argv.includes('--no-build')) {
  say(`building ${version}`);
  run(process.execPath, [createRequire(import.meta.url).resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', 'binary', '-p', 'sdk', 'server', '--outputStyle=stream']);
}

rmSync(artifacts.dir, { recursive: true, force: true });
mkdirSync(artifacts.dir, { recursive: true });
const tarballs = [artifacts.sdk, artifacts.server];
const siblings = publishedPackages.map((p) => p.name);

for (const [i, pkg] of publishedPackages.entries()) {
  const src = path.join(workspaceRoot, pkg.dir);
  const stage = mkdtempSync(path.join(os.tmpdir(), 'localscale-stage-'));
  try {
    const manifest = publishedManifest(readJson<Manifest>(path.join(src, 'package.json')), version, siblings);
    writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    copyFileSync(path.join(src, 'README.md'), path.join(stage, 'README.md'));
    copyFileSync(path.join(workspaceRoot, 'LICENSE'), path.join(stage, 'LICENSE'));
    // The package's `files` whitelist decides what npm pack takes; the binary never goes near it.
    cpSync(path.join(src, 'dist'), path.join(stage, 'dist'), { recursive: true, filter: (f) => !f.includes(`${path.sep}binary`) });

    const lint = await publint({ pkgDir: stage, level: 'suggestion', strict: true });
    const problems = lint.messages.map((m) => `${m.type}: ${formatMessage(m, manifest) ?? m.code}`);
    if (problems.length) throw new Error(`publint, ${pkg.name}:\n  ${problems.join('\n  ')}`);

    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', artifacts.dir], stage)) as [{ filename: string }];
    const expected = tarballs[i]!;
    if (path.join(artifacts.dir, packed.filename) !== expected) throw new Error(`npm pack wrote ${packed.filename}, expected ${path.basename(expected)}`);

    // node16 covers node16/nodenext (ESM and CJS importers) and bundler resolution.
    run(path.join(workspaceRoot, 'node_modules/.bin/attw'), [expected, '--profile', 'node16', '--format', 'table-flipped']);
    say(`${path.basename(expected)}: publint and attw clean`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

copyFileSync(path.join(workspaceRoot, 'packages/server/dist/binary', process.platform === 'win32' ? 'localscale.exe' : 'localscale'), artifacts.binary);
chmodSync(artifacts.binary, 0o755);

const sums = [...tarballs, artifacts.binary].map((file) => `${createHash('sha256').update(readFileSync(file)).digest('hex')}  ${path.basename(file)}\n`);
writeFileSync(artifacts.sums, sums.join(''));
process.stdout.write(`${sums.join('')}released ${version} to ${path.relative(process.cwd(), artifacts.dir)} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
