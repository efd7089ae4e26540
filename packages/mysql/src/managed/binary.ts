// Finding a server binary to run. Nothing is configured up front: we look where package managers put
// mysqld/mariadbd and ask each candidate for its version, because a binary that is too old would fail
// later with errors (syntax, auth plugins) that no longer point at the real cause.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { MysqlNotInstalledError } from './errors.js';

const execFileAsync = promisify(execFile);

export type MysqlFlavor = 'mariadb' | 'mysql';

export interface MysqlBinary {
  mysqld: string;
  flavor: MysqlFlavor;
  /** Numeric server version, e.g. "10.11.19" or "8.4.3". */
  version: string;
  /** mariadb-install-db, which MariaDB needs to initialise a datadir (MySQL initialises with mysqld itself). */
  installDb?: string;
}

export interface FindMysqlBinaryOptions {
  /** An explicit binary (path, or a name looked up on PATH); no fallback search when it is unusable. */
  binary?: string;
  /** Environment to read PATH and LOCALSCALE_MYSQLD from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Well-known install directories searched after PATH. Defaults to the usual Linux and macOS
   * locations; overriding it is mostly useful to prove the "not installed" path in tests.
   */
  searchDirs?: readonly string[];
}

// mariadbd first: on MariaDB installs mysqld is only a compatibility symlink, and on a machine with both
// servers the MariaDB one is what the toolchain is tested against.
const SERVER_NAMES = ['mariadbd', 'mysqld'] as const;
const INSTALL_DB_NAMES = ['mariadb-install-db', 'mysql_install_db'] as const;
const VERSION_TIMEOUT_MS = 10_000;

export async function findMysqlBinary(opts: FindMysqlBinaryOptions = {}): Promise<MysqlBinary> {
  const env = opts.env ?? process.env;
  const pathDirs = splitPath(env['PATH']);

  const explicit = opts.binary ?? nonEmpty(env['LOCALSCALE_MYSQLD']);
  if (explicit !== undefined) {
    const source = opts.binary !== undefined ? 'the configured binary' : 'LOCALSCALE_MYSQLD';
    const file = explicit.includes(path.sep) ? path.resolve(explicit) : await firstExecutable(pathDirs, [explicit]);
    if (file === undefined || !(await isExecutableFile(file))) {
      throw new MysqlNotInstalledError(`MySQL server binary "${explicit}" (${source}) does not exist or is not executable.`);
    }
    const probed = await probe(file);
    if (!probed.ok) throw new MysqlNotInstalledError(`MySQL server binary ${file} (${source}) is unusable: ${probed.reason}.`);
    return withInstallDb(probed.binary, pathDirs);
  }

  const dirs = [...pathDirs, ...(opts.searchDirs ?? (await defaultSearchDirs()))];
  const rejected: string[] = [];
  const seen = new Set<string>();
  for (const name of SERVER_NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (!(await isExecutableFile(file))) continue;
      // /usr/sbin/mysqld -> mariadbd on Debian: probing the same binary twice only costs time.
      const real = await realpath(file).catch(() => file);
      if (seen.has(real)) continue;
      seen.add(real);
      const probed = await probe(file);
      if (probed.ok) return withInstallDb(probed.binary, pathDirs);
      rejected.push(`${file}: ${probed.reason}`);
    }
  }
  const searched = `looked for ${SERVER_NAMES.join('/')} on PATH and in ${summarise(dirs.slice(pathDirs.length))}`;
  throw new MysqlNotInstalledError(
    rejected.length > 0
      ? `No supported MySQL server binary found (${searched}); rejected: ${rejected.join('; ')}.`
      : `No MySQL server binary found (${searched}).`,
  );
}

/** Parses `mysqld --version` output; exported for tests. */
export function parseVersionOutput(output: string): { flavor: MysqlFlavor; version: string; major: number; minor: number } | undefined {
  const m = /\bVer\s+(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) return undefined;
  // Only look after "Ver": the binary's own path (printed first) may well contain "mariadb"
  // (e.g. /opt/homebrew/opt/mariadb/bin/mysqld) without saying anything about the flavor.
  const flavor: MysqlFlavor = /mariadb/i.test(output.slice(m.index)) ? 'mariadb' : 'mysql';
  return { flavor, version: `${m[1]}.${m[2]}.${m[3]}`, major: Number(m[1]), minor: Number(m[2]) };
}

type ProbeResult = { ok: true; binary: MysqlBinary } | { ok: false; reason: string };

async function probe(file: string): Promise<ProbeResult> {
  let output: string;
  try {
    // --no-defaults: a broken or foreign my.cnf must not decide whether we can use the binary.
    const { stdout, stderr } = await execFileAsync(file, ['--no-defaults', '--version'], { timeout: VERSION_TIMEOUT_MS });
    output = `${stdout}\n${stderr}`;
  } catch (err) {
    return { ok: false, reason: `"--version" failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
  }
  const parsed = parseVersionOutput(output);
  if (!parsed) return { ok: false, reason: `unrecognised version output "${output.trim().split('\n')[0]}"` };
  const { flavor, version, major, minor } = parsed;
  const supported = flavor === 'mariadb' ? major > 10 || (major === 10 && minor >= 6) : major >= 8;
  if (!supported) {
    const need = flavor === 'mariadb' ? 'MariaDB >= 10.6' : 'MySQL 8.x';
    return { ok: false, reason: `${flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${version} is too old (need ${need})` };
  }
  return { ok: true, binary: { mysqld: file, flavor, version } };
}

async function withInstallDb(binary: MysqlBinary, pathDirs: readonly string[]): Promise<MysqlBinary> {
  if (binary.flavor !== 'mariadb') return binary;
  // The install script ships next to the server: bin/ beside sbin/ in distro packages, scripts/ in tarballs.
  const dirs: string[] = [];
  for (const server of new Set([binary.mysqld, await realpath(binary.mysqld).catch(() => binary.mysqld)])) {
    const dir = path.dirname(server);
    dirs.push(dir, path.join(dir, '..', 'bin'), path.join(dir, '..', 'scripts'));
  }
  const installDb = await firstExecutable([...dirs, ...pathDirs], INSTALL_DB_NAMES);
  return installDb === undefined ? binary : { ...binary, installDb };
}

async function defaultSearchDirs(): Promise<string[]> {
  const dirs = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/local/mysql/bin', '/usr/local/mariadb/bin', '/opt/local/sbin'];
  // Homebrew (arm64 and x86_64 prefixes) and MacPorts keep each formula in its own directory, and
  // versioned formulae (mysql@8.4, mariadb@10.11) are keg-only, i.e. never on PATH.
  for (const [parent, sub] of [['/opt/homebrew/opt', 'bin'], ['/usr/local/opt', 'bin'], ['/opt/local/lib', 'bin']] as const) {
    const entries = await readdir(parent).catch((): string[] => []);
    const formulae = entries.filter((e) => /^(mariadb|mysql)(@?[\d.]+)?$/i.test(e)).sort(newestFirst);
    for (const f of formulae) dirs.push(path.join(parent, f, sub));
  }
  return dirs;
}

function newestFirst(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true });
}

async function firstExecutable(dirs: readonly string[], names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (await isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function splitPath(value: string | undefined): string[] {
  return (value ?? '').split(path.delimiter).filter((d) => d.length > 0);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value.trim() : undefined;
}

function summarise(dirs: readonly string[]): string {
  return dirs.length === 0 ? '(no other directories)' : dirs.slice(0, 6).join(', ') + (dirs.length > 6 ? ', ...' : '');
}
