// startManagedMysql: ties binary discovery, datadir, process and orphan handling together.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { findMysqlBinary, type MysqlBinary, type MysqlFlavor } from './binary.js';
import {
  createTemporaryRoot,
  initialiseDataDir,
  isInitialised,
  OWNER_FILE,
  persistentLayout,
  temporaryDataDir,
  temporaryLayout,
  type DataDirLayout,
} from './datadir.js';
import { MysqlStartError } from './errors.js';
import {
  isMysqldFor,
  isOwnerAlive,
  newOwnerRecord,
  readOwnerRecord,
  readPidFile,
  reapOrphans,
  removeOwnerRecord,
  removeTemporaryRoot,
  STOP_GRACE_MS,
  writeOwnerRecord,
  type OwnerRecord,
} from './orphans.js';
import { findFreePort } from './port.js';
import { HOST, spawnMysqld, stopMysqld, waitUntilReady, type MysqldProcess } from './process.js';

const DEFAULT_START_TIMEOUT_MS = 60_000;
// Only for ports we picked ourselves: someone else grabbing the port between our probe and mysqld's
// bind is rare, so a few attempts are plenty.
const PORT_ATTEMPTS = 4;

export interface ManagedMysqlOptions {
  /** Persistent datadir; when absent a private temporary one under os.tmpdir() is created and removed on stop. */
  dataDir?: string;
  /** Server binary to use instead of searching (see findMysqlBinary). */
  binary?: string;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** Default 60 s. */
  startTimeoutMs?: number;
  log?: (msg: string) => void;
  /**
   * Called once, as soon as startup is waiting on a child process (mariadb-install-db / mysqld
   * --initialize, or mysqld starting). Work the caller does then (loading modules, say) overlaps the
   * server's own startup instead of following it.
   */
  onWaiting?: () => void;
}

export interface ManagedMysql {
  /** mysql://root@127.0.0.1:<port>/ */
  readonly url: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: 'root';
  readonly password: '';
  readonly socketPath: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly persistent: boolean;
  readonly flavor: MysqlFlavor;
  readonly version: string;
  /** Clean shutdown (SIGTERM; SIGKILL after 20 s); idempotent; removes the temporary datadir and pid files. */
  stop(): Promise<void>;
  /** Resolves when mysqld exits for any reason: exit code, or null when killed by a signal. */
  readonly exited: Promise<number | null>;
}

export async function startManagedMysql(opts: ManagedMysqlOptions = {}): Promise<ManagedMysql> {
  const log = opts.log ?? (() => undefined);
  const startTimeoutMs = opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let waiting = opts.onWaiting;
  const nowWaiting = () => { const w = waiting; waiting = undefined; w?.(); };
  // Probing the binary (`mysqld --version`) and preparing the datadir are independent; each is mostly
  // waiting on a child process or the file system, so they overlap.
  const binaryFound = findMysqlBinary(opts.binary !== undefined ? { binary: opts.binary } : {});
  binaryFound.catch(() => undefined); // awaited below; a rejection before then must not go unhandled

  let layout: DataDirLayout;
  let record: OwnerRecord;
  try {
    const reaped = await reapOrphans({ ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}), log });
    if (reaped > 0) log(`mysql: stopped ${reaped} orphaned server(s) left by earlier runs`);
    if (opts.dataDir === undefined) {
      const root = await createTemporaryRoot();
      // Claim the directory before doing anything slow, so a concurrent reaper sees a live owner.
      record = await newOwnerRecord({ root, dataDir: temporaryDataDir(root), temporary: true });
      await writeOwnerRecord(path.join(root, OWNER_FILE), record);
      layout = await temporaryLayout(root).catch(async (err: unknown) => {
        await removeTemporaryRoot(root);
        throw err;
      });
    } else {
      layout = await persistentLayout(opts.dataDir);
      await assertDataDirFree(layout);
      record = await newOwnerRecord({ root: layout.root, dataDir: layout.dataDir, temporary: false });
    }
  } catch (err) {
    // The binary's problem (not installed) is the one to report: it is what the user must fix first.
    await binaryFound;
    throw err;
  }
  record = { ...record, socketPath: layout.socketPath };

  try {
    const binary = await binaryFound;
    if (!(await isInitialised(layout.dataDir))) {
      const t0 = Date.now();
      log(`mysql: initialising ${binary.flavor} ${binary.version} datadir ${layout.dataDir}`);
      await initialiseDataDir(binary, layout.dataDir, layout.tmpDir, nowWaiting);
      log(`mysql: datadir initialised in ${Date.now() - t0} ms`);
    }
    const t0 = Date.now();
    const { proc, port } = await startWithPortRetry(binary, layout, record, opts.port, startTimeoutMs, log, nowWaiting);
    log(`mysql: ${binary.flavor} ${binary.version} ready on ${HOST}:${port} (pid ${proc.pid}) in ${Date.now() - t0} ms`);
    return new ManagedMysqlServer(binary, layout, proc, port, log);
  } catch (err) {
    await cleanupLayout(layout);
    throw err;
  }
}

async function startWithPortRetry(
  binary: MysqlBinary,
  layout: DataDirLayout,
  record: OwnerRecord,
  fixedPort: number | undefined,
  startTimeoutMs: number,
  log: (m: string) => void,
  spawned: () => void,
): Promise<{ proc: MysqldProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await findFreePort(HOST));
    const proc = await spawnMysqld(binary, layout, port);
    spawned();
    try {
      await writeOwnerRecord(layout.ownerFile, { ...record, mysqldPid: proc.pid, port });
      await waitUntilReady(proc, layout, port, startTimeoutMs);
      return { proc, port };
    } catch (err) {
      await stopMysqld(proc, STOP_GRACE_MS);
      const retry = fixedPort === undefined && err instanceof MysqlStartError && err.portInUse && attempt < PORT_ATTEMPTS;
      if (!retry) throw err;
      log(`mysql: port ${port} was taken before mysqld could bind it; retrying with another port`);
    }
  }
}

/** Refuse to start a second server on a datadir that a live server (ours or anyone's) is using. */
async function assertDataDirFree(layout: DataDirLayout): Promise<void> {
  const record = await readOwnerRecord(layout.ownerFile);
  if (typeof record === 'object' && record.mysqldPid !== null && (await isMysqldFor(record.mysqldPid, layout.dataDir)) && (await isOwnerAlive(record))) {
    const who = record.ownerPid === process.pid ? 'this process' : `LocalScale process ${record.ownerPid}`;
    throw new MysqlStartError(`datadir ${layout.dataDir} is already in use by mysqld pid ${record.mysqldPid}, owned by ${who}`, '');
  }
  const pid = await readPidFile(layout.pidFile);
  if (pid !== undefined && (await isMysqldFor(pid, layout.dataDir))) {
    throw new MysqlStartError(`datadir ${layout.dataDir} is already in use by mysqld pid ${pid}, which LocalScale did not start`, '');
  }
}

async function cleanupLayout(layout: DataDirLayout): Promise<void> {
  if (layout.socketDir !== undefined) await rm(layout.socketDir, { recursive: true, force: true });
  if (layout.temporary) {
    await removeTemporaryRoot(layout.root);
  } else {
    await rm(layout.pidFile, { force: true });
    await removeOwnerRecord(layout.ownerFile);
  }
}

class ManagedMysqlServer implements ManagedMysql {
  readonly host = HOST;
  readonly user = 'root';
  readonly password = '';
  readonly url: string;
  readonly socketPath: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly persistent: boolean;
  readonly flavor: MysqlFlavor;
  readonly version: string;
  readonly exited: Promise<number | null>;
  private stopping: Promise<void> | undefined;

  constructor(
    binary: MysqlBinary,
    private readonly layout: DataDirLayout,
    private readonly proc: MysqldProcess,
    readonly port: number,
    private readonly log: (m: string) => void,
  ) {
    this.url = `mysql://root@${HOST}:${port}/`;
    this.socketPath = layout.socketPath;
    this.pid = proc.pid;
    this.dataDir = layout.dataDir;
    this.persistent = !layout.temporary;
    this.flavor = binary.flavor;
    this.version = binary.version;
    this.exited = proc.exited;
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const t0 = Date.now();
    const how = await stopMysqld(this.proc, STOP_GRACE_MS);
    if (how === 'killed') this.log(`mysql: mysqld pid ${this.pid} did not shut down within ${STOP_GRACE_MS} ms and was killed`);
    else this.log(`mysql: mysqld pid ${this.pid} stopped in ${Date.now() - t0} ms`);
    await cleanupLayout(this.layout);
  }
}
