// `reuse`: one LocalScale kept running between test runs, for fast local loops. The first run starts
// it as a detached process and records it in a state file under os.tmpdir(); later runs find it there,
// check that it is alive and was started with the same configuration, and attach. A lock file keeps
// parallel test processes from starting two.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RawConfig } from '../config/load.js';
import type { LogLevel } from '../logging.js';
import { version } from '../version.js';

export interface ReuseState {
  pid: number; url: string; edge: string | null;
  /** The HTTP database API's address; absent in state files from before it had a port of its own. */
  http?: string | null;
  fingerprint: string; version: string; startedAt: string;
}

/** What the detached server needs to start; handed over in an environment variable. */
export interface DaemonSpec { statePath: string; raw: RawConfig; mysqlUrl?: string; logLevel: LogLevel; fingerprint: string }
export const daemonSpecVariable = 'LOCALSCALE_REUSE_SPEC';

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export function reusePaths(key: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) throw new Error(`reuse: ${JSON.stringify(key)} is not a valid name (letters, digits, _ and -)`);
  const dir = path.join(os.tmpdir(), 'localscale-reuse');
  return { dir, state: path.join(dir, `${key}.json`), lock: path.join(dir, `${key}.lock`), log: path.join(dir, `${key}.log`) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; } };

export async function readState(file: string): Promise<ReuseState | undefined> {
  try {
    const s = JSON.parse(await readFile(file, 'utf8')) as Partial<ReuseState>;
    return typeof s.pid === 'number' && typeof s.url === 'string' && typeof s.fingerprint === 'string' ? s as ReuseState : undefined;
  } catch {
    return undefined;
  }
}

async function serving(state: ReuseState): Promise<boolean> {
  if (!alive(state.pid)) return false;
  const res = await fetch(`${state.url}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  return res?.status === 200;
}

/** Stops a kept server and waits for it to be gone. */
export async function stopDaemon(state: ReuseState, statePath: string): Promise<void> {
  try { process.kill(state.pid, 'SIGTERM'); } catch { /* already gone */ }
  const end = Date.now() + STOP_TIMEOUT_MS;
  while (alive(state.pid) && Date.now() < end) await sleep(50);
  if (alive(state.pid)) try { process.kill(state.pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  if ((await readState(statePath))?.pid === state.pid) await rm(statePath, { force: true });
}

/** Takes the lock, or returns undefined while another live process holds it. */
async function tryLock(file: string): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(file, 'utf8').catch(() => ''));
      // A holder that died (or had not written its pid yet and is now gone) leaves a stale lock.
      if (holder && alive(holder)) return undefined;
      await rm(file, { force: true });
    }
  }
  return undefined;
}

/** How to run daemon.ts/.js: from TypeScript sources (this workspace, tests) through tsx, else plain. */
function daemonCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const daemon = path.join(path.dirname(here), `daemon${ext}`);
  if (ext !== '.ts') return [daemon];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--conditions=@localscale/source', '--import', tsx, daemon];
}

async function spawnDaemon(spec: DaemonSpec, logPath: string): Promise<ReuseState> {
  const log = await open(logPath, 'w');
  const child = spawn(process.execPath, daemonCommand(), {
    detached: true, stdio: ['ignore', log.fd, log.fd],
    env: { ...process.env, [daemonSpecVariable]: JSON.stringify(spec) },
  });
  await log.close();
  child.unref();
  let exited: number | null | undefined;
  child.once('exit', (code) => { exited = code; });
  const end = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const state = await readState(spec.statePath);
    if (state && state.pid === child.pid) return state;
    if (exited !== undefined || Date.now() > end) {
      if (exited === undefined) try { process.kill(child.pid!, 'SIGTERM'); } catch { /* gone */ }
      const output = await readFile(logPath, 'utf8').catch(() => '');
      throw new Error(`the reusable LocalScale did not start (${exited === undefined ? 'timed out' : `exit ${exited}`}); its log ${logPath}:\n${output.slice(-4000)}`);
    }
    await sleep(50);
  }
}

export function fingerprintOf(raw: RawConfig, mysqlUrl: string | undefined): string {
  return createHash('sha256').update(JSON.stringify({ raw, mysqlUrl: mysqlUrl ?? null, version })).digest('hex').slice(0, 16);
}

/** The kept server for `key` with this configuration: attached when it runs, started otherwise. */
export async function attachOrStart(key: string, raw: RawConfig, mysqlUrl: string | undefined, logLevel: LogLevel): Promise<{ state: ReuseState; attached: boolean }> {
  const paths = reusePaths(key);
  await mkdir(paths.dir, { recursive: true });
  const fingerprint = fingerprintOf(raw, mysqlUrl);
  const end = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < end) {
    const release = await tryLock(paths.lock);
    if (!release) { await sleep(100); continue; }
    try {
      const state = await readState(paths.state);
      if (state && (await serving(state))) {
        if (state.fingerprint === fingerprint) return { state, attached: true };
        // Started with another configuration or version: replace it.
        await stopDaemon(state, paths.state);
      }
      const spec: DaemonSpec = { statePath: paths.state, raw, logLevel, fingerprint, ...(mysqlUrl ? { mysqlUrl } : {}) };
      return { state: await spawnDaemon(spec, paths.log), attached: false };
    } finally {
      await release();
    }
  }
  throw new Error(`reuse: timed out waiting for ${paths.lock}, held by another process`);
}
