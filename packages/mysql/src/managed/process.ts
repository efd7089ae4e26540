// Running one mysqld: spawn it, wait until it answers queries, stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { MysqlBinary } from './binary.js';
import type { DataDirLayout } from './datadir.js';
import { MysqlStartError } from './errors.js';
import { sleep } from './procinfo.js';
import { devServerSettings, runAsRootArgs } from './settings.js';

export const HOST = '127.0.0.1';
const LOG_TAIL_LINES = 25;
// Refused connections cost microseconds, and mysqld is usually ready within a few hundred ms: a short
// poll interval is what keeps that time from being rounded up to the next poll.
const READY_POLL_MS = 10;
const KILL_WAIT_MS = 5_000;

export interface MysqldProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Exit code, or null when killed by a signal. Never rejects. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** Size of the error log before this process started, so failures only quote this run's lines. */
  readonly logOffset: number;
}

export function mysqldArgs(binary: MysqlBinary, layout: DataDirLayout, port: number): string[] {
  return [
    '--no-defaults', // must come first; a developer's ~/.my.cnf must not reconfigure our server
    `--datadir=${layout.dataDir}`,
    `--socket=${layout.socketPath}`,
    `--tmpdir=${layout.tmpDir}`,
    `--port=${port}`,
    `--bind-address=${HOST}`,
    '--skip-log-bin',
    `--pid-file=${layout.pidFile}`,
    `--log-error=${layout.errorLog}`,
    ...runAsRootArgs(),
    ...(binary.flavor === 'mysql' ? ['--mysqlx=OFF'] : []),
    ...devServerSettings(binary),
  ];
}

export async function spawnMysqld(binary: MysqlBinary, layout: DataDirLayout, port: number): Promise<MysqldProcess> {
  const logOffset = await stat(layout.errorLog).then((s) => s.size, () => 0);
  // Anything mysqld prints before it opens --log-error (bad options, missing libraries) goes to the
  // same file instead of a pipe we would have to drain and that would hold the event loop open.
  const log = await open(layout.errorLog, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary.mysqld, mysqldArgs(binary, layout, port), {
      // Own session: a Ctrl-C or SIGHUP meant for LocalScale must not reach the server, so the owner
      // decides when and in which order things shut down.
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } finally {
    await log.close();
  }
  const pid = child.pid;
  if (pid === undefined) throw new MysqlStartError(`could not start ${binary.mysqld}`, '');

  let exitedFlag = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitedFlag = true;
      resolve(code);
    });
  });
  // The caller owns shutdown via stop(); a forgotten server must not keep Node running (it will be
  // reaped as an orphan by the next start).
  child.unref();
  return { child, pid, exited, hasExited: () => exitedFlag, logOffset };
}

/**
 * Polls with a real client until `SELECT 1` works on the server we started (checked by its datadir:
 * in the window before mysqld binds, the port could belong to someone else).
 */
export async function waitUntilReady(proc: MysqldProcess, layout: DataDirLayout, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ourDataDir = await realpath(layout.dataDir);
  let lastError = 'no connection attempt yet';
  while (!proc.hasExited()) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new MysqlStartError(
        `mysqld (pid ${proc.pid}) did not accept connections on ${HOST}:${port} within ${timeoutMs} ms (last error: ${lastError})`,
        await logTail(layout.errorLog, proc.logOffset),
      );
    }
    try {
      const reported = await queryDataDir(port, Math.min(2_000, remaining));
      if ((await realpath(reported).catch(() => path.resolve(reported))) === ourDataDir) return;
      lastError = `port ${port} is served by another server (datadir ${reported})`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await Promise.race([sleep(READY_POLL_MS), proc.exited]);
  }
  const code = await proc.exited;
  throw new MysqlStartError(
    `mysqld exited during startup (${code === null ? 'killed by a signal' : `exit code ${code}`})`,
    await logTail(layout.errorLog, proc.logOffset),
  );
}

async function queryDataDir(port: number, connectTimeout: number): Promise<string> {
  const conn = await mysql.createConnection({ host: HOST, port, user: 'root', password: '', connectTimeout });
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT 1 AS ok, @@datadir AS datadir');
    const datadir: unknown = rows[0]?.['datadir'];
    if (typeof datadir !== 'string') throw new Error('server did not report its datadir');
    return datadir;
  } finally {
    conn.destroy();
  }
}

/** SIGTERM, wait up to graceMs for the clean InnoDB shutdown, then SIGKILL. */
export async function stopMysqld(proc: MysqldProcess, graceMs: number): Promise<'exited' | 'killed' | 'gone'> {
  if (proc.hasExited()) return 'gone';
  // While we wait for the exit, the child must hold the event loop open, or Node could exit mid-stop.
  proc.child.ref();
  try {
    proc.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      proc.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!timedOut) return 'exited';
    proc.child.kill('SIGKILL');
    // SIGKILL cannot be ignored, but a process stuck in uninterruptible I/O can still take a moment.
    let killTimer: NodeJS.Timeout | undefined;
    await Promise.race([proc.exited, new Promise((resolve) => (killTimer = setTimeout(resolve, KILL_WAIT_MS)))]);
    clearTimeout(killTimer);
    return 'killed';
  } finally {
    proc.child.unref();
  }
}

export async function logTail(file: string, fromOffset: number, lines = LOG_TAIL_LINES): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      // The tail we show is small; don't read a long-lived persistent error log in full.
      const start = Math.max(fromOffset, size - 64 * 1024);
      const buffer = Buffer.alloc(Math.max(0, size - start));
      await handle.read(buffer, 0, buffer.length, start);
      return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
