// Where a managed server keeps its files, and creating a fresh datadir.
//
// Temporary servers live in os.tmpdir()/localscale-mysql-<random>/ with the datadir in data/ below it:
// MySQL refuses to --initialize a non-empty directory, and the owner record must exist from the moment
// the directory does (see orphans.ts). A persistent datadir holds the owner record, pid file and error
// log itself, next to the server's files.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MysqlBinary } from './binary.js';
import { MysqlNotInstalledError, MysqlStartError } from './errors.js';
import { devServerSettings, isRoot, runAsRootArgs } from './settings.js';

export const OWNER_FILE = 'localscale-owner.json';
export const TEMP_PREFIX = 'localscale-mysql-';
export const PID_FILE = 'mysqld.pid';
export const ERROR_LOG = 'mysqld.err';
const SOCKET_FILE = 'mysqld.sock';
const SOCKET_DIR_PREFIX = 'lsm-';
// sun_path is 108 bytes on Linux and 104 on macOS, including the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 100;
const INIT_TIMEOUT_MS = 180_000;

export interface DataDirLayout {
  /** The directory LocalScale owns: the temporary root (deleted on stop) or the persistent datadir. */
  root: string;
  dataDir: string;
  temporary: boolean;
  ownerFile: string;
  pidFile: string;
  errorLog: string;
  socketPath: string;
  /** Set when the socket had to go into a short directory of its own; removed on stop. */
  socketDir?: string;
  /**
   * The server's own --tmpdir. MySQL puts internal temporary tables there; a shared /tmp lets other
   * programs (or other servers' cleanups) remove them under a running server or bootstrap.
   */
  tmpDir: string;
}

export async function createTemporaryRoot(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), TEMP_PREFIX));
}

export function temporaryDataDir(root: string): string {
  return path.join(root, 'data');
}

export async function temporaryLayout(root: string): Promise<DataDirLayout> {
  const dataDir = temporaryDataDir(root);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return layoutFor(root, dataDir, true);
}

export async function persistentLayout(dir: string): Promise<DataDirLayout> {
  const dataDir = path.resolve(dir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return layoutFor(dataDir, dataDir, false);
}

export function isTemporaryRoot(dir: string): boolean {
  return path.dirname(dir) === path.resolve(os.tmpdir()) && path.basename(dir).startsWith(TEMP_PREFIX);
}

/** A socket directory we created because the real one's path was too long (see layoutFor). */
export function isOwnSocketDir(dir: string): boolean {
  return path.basename(dir).startsWith(SOCKET_DIR_PREFIX) && path.dirname(dir) === shortSocketBase();
}

export async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dataDir, 'mysql'))).isDirectory();
  } catch {
    return false;
  }
}

/** `started` is called once the initialising process runs (see ManagedMysqlOptions.onWaiting). */
export async function initialiseDataDir(binary: MysqlBinary, dataDir: string, tmpDir: string, started: () => void = () => undefined): Promise<void> {
  const wasEmpty = (await readdir(dataDir)).length === 0;
  const [command, args] = initCommand(binary, dataDir, tmpDir);
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(command, args, { timeout: INIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (!err) return resolve();
        const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
        reject(new MysqlStartError(`initialising MySQL datadir ${dataDir} with ${command} failed: ${err.message.split('\n')[0]}`, output));
      });
      started();
    });
  } catch (err) {
    // A half-initialised datadir would be mistaken for a usable one next time (and MySQL will not
    // --initialize over it), so put back the empty directory we were given. Never touch a directory
    // that had content before we started.
    if (wasEmpty) await emptyDirectory(dataDir);
    throw err;
  }
}

function initCommand(binary: MysqlBinary, dataDir: string, tmpDir: string): [string, string[]] {
  if (binary.flavor === 'mariadb') {
    if (binary.installDb === undefined) {
      throw new MysqlNotInstalledError(
        `Found ${binary.mysqld} (MariaDB ${binary.version}) but not mariadb-install-db, which is needed to create a datadir.`,
      );
    }
    // Root gets an empty password on every loopback address ("normal"); the default (unix_socket)
    // would lock out TCP clients, which is all LocalScale uses.
    const user = isRoot() ? 'root' : os.userInfo().username;
    return [
      binary.installDb,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--user=${user}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve',
        `--tmpdir=${tmpDir}`,
        ...devServerSettings(binary),
      ],
    ];
  }
  return [
    binary.mysqld,
    ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`, `--tmpdir=${tmpDir}`, ...runAsRootArgs(), ...devServerSettings(binary)],
  ];
}

async function layoutFor(root: string, dataDir: string, temporary: boolean): Promise<DataDirLayout> {
  // A persistent datadir must not hold our tmpdir (MySQL would take a subdirectory for a database), and
  // a long root cannot hold the socket (~107-byte limit): those get a short directory of their own,
  // deterministic per root, removed on stop and by the orphan reaper along with the socket.
  let socketPath = path.join(root, SOCKET_FILE);
  let socketDir: string | undefined;
  if (!temporary || Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    const hash = createHash('sha256').update(root).digest('hex').slice(0, 16);
    socketDir = path.join(shortSocketBase(), `${SOCKET_DIR_PREFIX}${hash}`);
    await mkdir(socketDir, { recursive: true, mode: 0o700 });
    socketPath = path.join(socketDir, SOCKET_FILE);
  }
  const tmpDir = temporary ? path.join(root, 'tmp') : path.join(socketDir!, 'tmp');
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  return {
    root,
    dataDir,
    tmpDir,
    temporary,
    ownerFile: path.join(root, OWNER_FILE),
    pidFile: path.join(root, PID_FILE),
    errorLog: path.join(root, ERROR_LOG),
    socketPath,
    ...(socketDir !== undefined ? { socketDir } : {}),
  };
}

function shortSocketBase(): string {
  // os.tmpdir() can itself be long (macOS: /var/folders/xx/.../T); /tmp exists on every Unix.
  return process.platform === 'win32' ? path.resolve(os.tmpdir()) : '/tmp';
}

async function emptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((): string[] => []);
  await Promise.all(entries.map((e) => rm(path.join(dir, e), { recursive: true, force: true })));
}
