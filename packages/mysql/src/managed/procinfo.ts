// Looking at processes we did not necessarily spawn (orphans from an earlier, killed LocalScale).
// Everything here errs on the side of "alive / unknown": the worst outcome is killing someone else's
// server, the second worst is merely leaving an orphan running.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const isLinux = process.platform === 'linux';

/** pid 0, 1 and negative pids address process groups or init: never signal those. */
export function isSignallablePid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 1;
}

/**
 * True while the process exists and has not exited. Zombies count as gone: a killed orphan is reparented
 * to init, and in containers init often never reaps, so the pid lingers as <defunct> forever.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  if (!isSignallablePid(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await procStat(pid);
  // No /proc (macOS) or not readable (hidepid): kill(0) is all we know.
  if (stat === undefined) return true;
  return stat.state !== 'Z' && stat.state !== 'X';
}

/**
 * An opaque token that changes when a pid is reused: clock ticks since boot on Linux, ps's lstart
 * elsewhere. Undefined when it cannot be determined.
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  if (!isSignallablePid(pid)) return undefined;
  if (isLinux) return (await procStat(pid))?.startTime;
  return psField(pid, 'lstart=');
}

/**
 * argv of a process. Exact on Linux (/proc/<pid>/cmdline); elsewhere ps output split on whitespace,
 * which is good enough for matching flags because we choose the paths we pass. Undefined when unknown.
 */
export async function processCommandLine(pid: number): Promise<string[] | undefined> {
  if (!isSignallablePid(pid)) return undefined;
  if (isLinux) {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw.split('\0').filter((a, i, all) => !(a === '' && i === all.length - 1));
    } catch {
      return undefined;
    }
  }
  const line = await psField(pid, 'command=');
  return line === undefined ? undefined : line.split(/\s+/).filter((a) => a.length > 0);
}

/** Resolves true once the process is gone, false if it is still alive at the deadline. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await isProcessAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}

/**
 * SIGTERM (a clean InnoDB shutdown), then SIGKILL once the grace period is over. For processes that are
 * not our children; our own child is stopped through its ChildProcess so Node reaps it.
 */
export async function terminateProcess(pid: number, graceMs: number): Promise<'exited' | 'killed' | 'gone'> {
  if (!(await isProcessAlive(pid))) return 'gone';
  if (!signal(pid, 'SIGTERM')) return 'gone';
  if (await waitForProcessExit(pid, graceMs)) return 'exited';
  signal(pid, 'SIGKILL');
  await waitForProcessExit(pid, 5_000);
  return 'killed';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

async function procStat(pid: number): Promise<{ state: string; startTime: string } | undefined> {
  if (!isLinux) return undefined;
  try {
    const raw = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesised and may itself contain spaces or ')'.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTime = fields[19]; // field 22 of proc(5), counting from field 3 at index 0
    return state !== undefined && startTime !== undefined ? { state, startTime } : undefined;
  } catch {
    return undefined;
  }
}

async function psField(pid: number, field: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('ps', ['-p', String(pid), '-o', field], { timeout: 5_000 });
    const value = stdout.trim();
    return value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
