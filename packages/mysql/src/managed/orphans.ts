// Orphaned servers. mysqld runs in its own session, so when LocalScale dies without calling stop()
// (SIGKILL, OOM killer, a crash) the server keeps running and keeps its datadir locked. Every server
// therefore has an owner record next to its files, and the next start finds and stops servers whose
// owner is gone.
//
// Rules, in order of importance:
//  1. Never stop a server whose owner is (or might be) alive.
//  2. Only signal a pid whose command line is mysqld/mariadbd on exactly that datadir, so a recycled
//     pid is never hit.
//  3. Only delete directories that are ours by name: os.tmpdir()/localscale-mysql-*.
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isOwnSocketDir, isTemporaryRoot, OWNER_FILE, PID_FILE, TEMP_PREFIX, temporaryDataDir } from './datadir.js';
import { isProcessAlive, isSignallablePid, processCommandLine, processStartTime, terminateProcess } from './procinfo.js';

export const STOP_GRACE_MS = 20_000;
// A temporary root gets its owner record right after mkdtemp; one without a record that is this old
// was left by a process that died in between and can go.
const STALE_UNOWNED_ROOT_MS = 60 * 60 * 1000;

export interface OwnerRecord {
  version: 1;
  ownerPid: number;
  /** Distinguishes the owner from a later process that happens to get the same pid. */
  ownerStartTime: string | null;
  ownerExecPath: string;
  /** Null until mysqld has been spawned. */
  mysqldPid: number | null;
  port: number | null;
  root: string;
  dataDir: string;
  socketPath: string | null;
  temporary: boolean;
  startedAt: string;
}

export async function newOwnerRecord(fields: Pick<OwnerRecord, 'root' | 'dataDir' | 'temporary'>): Promise<OwnerRecord> {
  return {
    version: 1,
    ownerPid: process.pid,
    ownerStartTime: (await processStartTime(process.pid)) ?? null,
    ownerExecPath: process.execPath,
    mysqldPid: null,
    port: null,
    socketPath: null,
    startedAt: new Date().toISOString(),
    ...fields,
  };
}

export async function writeOwnerRecord(file: string, record: OwnerRecord): Promise<void> {
  // Write-then-rename so a concurrent reaper never reads half a record.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

export async function removeOwnerRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** undefined: no record; 'invalid': a record we cannot trust. */
export async function readOwnerRecord(file: string): Promise<OwnerRecord | 'invalid' | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'invalid';
  }
  try {
    const value: unknown = JSON.parse(text);
    return isOwnerRecord(value) ? value : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Is the LocalScale process that wrote this record still running? "Don't know" counts as yes. */
export async function isOwnerAlive(record: OwnerRecord): Promise<boolean> {
  if (!(await isProcessAlive(record.ownerPid))) return false;
  const startTime = await processStartTime(record.ownerPid);
  if (startTime !== undefined && record.ownerStartTime !== null) return startTime === record.ownerStartTime;
  // No start times to compare: fall back to "is it still a node / LocalScale process at all".
  const argv = await processCommandLine(record.ownerPid);
  const exe = argv?.[0];
  if (exe === undefined) return true;
  const name = path.basename(exe);
  return name === path.basename(record.ownerExecPath) || /node/i.test(name);
}

/** Is pid a mysqld/mariadbd serving exactly this datadir? */
export async function isMysqldFor(pid: number, dataDir: string): Promise<boolean> {
  if (!(await isProcessAlive(pid))) return false;
  const argv = await processCommandLine(pid);
  const exe = argv?.[0];
  if (argv === undefined || exe === undefined) return false;
  if (!/(mysqld|mariadbd)$/.test(path.basename(exe))) return false;
  return argv.includes(`--datadir=${dataDir}`);
}

/** The pid in a mysqld pid file, if the file exists and holds one. */
export async function readPidFile(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return isSignallablePid(pid) ? pid : undefined;
}

/**
 * Stops servers left behind by LocalScale processes that no longer exist: the one on dataDir (if given)
 * and those in temporary roots. Deletes those temporary roots. Returns the number of servers stopped.
 */
export async function reapOrphans(opts: { dataDir?: string; log?: (m: string) => void } = {}): Promise<number> {
  const log = opts.log ?? (() => undefined);
  let reaped = 0;
  if (opts.dataDir !== undefined) reaped += await reapRoot(path.resolve(opts.dataDir), false, log);
  const tmp = path.resolve(os.tmpdir());
  const entries = await readdir(tmp).catch((): string[] => []);
  for (const name of entries) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const root = path.join(tmp, name);
    try {
      reaped += await reapRoot(root, true, log);
    } catch (err) {
      // Typically another user's directory in a shared /tmp: not ours to clean, and no reason to fail a start.
      log(`mysql: could not check ${root} for an orphaned server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return reaped;
}

async function reapRoot(root: string, temporary: boolean, log: (m: string) => void): Promise<number> {
  const record = await readOwnerRecord(path.join(root, OWNER_FILE));
  if (record === undefined || record === 'invalid') {
    if (temporary && (await isStaleUnownedRoot(root)) && !(await hasLiveServer(root, temporaryDataDir(root)))) {
      log(`mysql: removing abandoned temporary directory ${root}`);
      await removeTemporaryRoot(root);
    }
    return 0;
  }
  if (await isOwnerAlive(record)) return 0;

  // The record's pid is written right after spawn; the pid file covers a death in between.
  const candidates = new Set<number>();
  if (record.mysqldPid !== null) candidates.add(record.mysqldPid);
  const fromPidFile = await readPidFile(path.join(root, PID_FILE));
  if (fromPidFile !== undefined) candidates.add(fromPidFile);

  let reaped = 0;
  for (const pid of candidates) {
    if (!(await isMysqldFor(pid, record.dataDir))) continue;
    log(`mysql: stopping orphaned mysqld pid ${pid} on ${record.dataDir} (owner pid ${record.ownerPid} is gone)`);
    const how = await terminateProcess(pid, STOP_GRACE_MS);
    if (how === 'killed') log(`mysql: orphaned mysqld pid ${pid} ignored SIGTERM and was killed`);
    reaped += 1;
  }

  if (record.socketPath !== null && isOwnSocketDir(path.dirname(record.socketPath))) {
    await rm(path.dirname(record.socketPath), { recursive: true, force: true });
  }
  if (temporary) {
    await removeTemporaryRoot(root);
  } else {
    await rm(path.join(root, PID_FILE), { force: true });
    await removeOwnerRecord(path.join(root, OWNER_FILE));
  }
  return reaped;
}

async function hasLiveServer(root: string, dataDir: string): Promise<boolean> {
  const pid = await readPidFile(path.join(root, PID_FILE));
  return pid !== undefined && (await isMysqldFor(pid, dataDir));
}

async function isStaleUnownedRoot(root: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(root)).mtimeMs > STALE_UNOWNED_ROOT_MS;
  } catch {
    return false;
  }
}

export async function removeTemporaryRoot(root: string): Promise<void> {
  if (!isTemporaryRoot(root)) throw new Error(`refusing to delete ${root}: not a LocalScale temporary directory`);
  await rm(root, { recursive: true, force: true });
}

function isOwnerRecord(value: unknown): value is OwnerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const nullableNumber = (v: unknown): boolean => v === null || typeof v === 'number';
  const nullableString = (v: unknown): boolean => v === null || typeof v === 'string';
  return (
    r['version'] === 1 &&
    typeof r['ownerPid'] === 'number' &&
    nullableString(r['ownerStartTime']) &&
    typeof r['ownerExecPath'] === 'string' &&
    nullableNumber(r['mysqldPid']) &&
    nullableNumber(r['port']) &&
    typeof r['root'] === 'string' &&
    typeof r['dataDir'] === 'string' &&
    nullableString(r['socketPath']) &&
    typeof r['temporary'] === 'boolean' &&
    typeof r['startedAt'] === 'string'
  );
}
