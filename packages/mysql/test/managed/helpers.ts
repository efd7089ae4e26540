import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { isProcessAlive } from '../../src/managed/procinfo.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, '..', '..');
const fixture = path.join(here, 'fixtures', 'owner-process.ts');

export interface FixtureServer {
  pid: number;
  port: number;
  dataDir: string;
  persistent: boolean;
}

export interface OwnerProcess {
  child: ChildProcess;
  server: FixtureServer;
  /** Resolves with the owner's exit code or signal. */
  exit: Promise<number | NodeJS.Signals | null>;
}

/** Starts fixtures/owner-process.ts in a separate Node process and waits for its server. */
export async function startOwnerProcess(dataDir?: string): Promise<OwnerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...(dataDir !== undefined ? [dataDir] : [])], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code));
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const server = await new Promise<FixtureServer>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined) resolve(JSON.parse(line) as FixtureServer);
    });
    void exit.then((code) => reject(new Error(`owner process exited (${String(code)}) before reporting a server:\n${stderr}`)));
  });
  return { child, server, exit };
}

export async function pathExists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

export async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isProcessAlive(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !(await isProcessAlive(pid));
}

/** A persistent-datadir location that orphan scans of os.tmpdir() never look at. */
export async function makePersistentDir(tag: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `ls-test-${tag}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function query<T = unknown>(port: number, sql: string, database?: string): Promise<T> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '', ...(database ? { database } : {}) });
  try {
    const [rows] = await conn.query(sql);
    return rows as T;
  } finally {
    await conn.end();
  }
}
