// `localscale serve` in a child process, as users run it, for benchmarks that measure the server
// from outside (startup time, load): free ports, the banner, and the process's resident memory and CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { statCpuMs } from './cpu.js';

export const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cli = path.join(workspace, 'packages/server/src/cli/main.ts');
export const cliArgs = (args: string[]) => ['--conditions=@localscale/source', '--import', 'tsx', cli, ...args];

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface ServeProcess { child: ChildProcess; url: string; stop(): Promise<void> }

/** Starts `localscale serve` and resolves once /health answers 200. */
export async function serveUntilHealthy(args: string[]): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, cliArgs(['serve', '--port', String(port), '--edge-port', '0', ...args]), { cwd: workspace, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (const deadline = Date.now() + 120_000; ;) {
    if (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) return { child, url, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`localscale did not become healthy (exit ${child.exitCode})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). A ratio of
 * CPU times moves much less than one of wall times when other work shares the machine.
 */
export async function cpuMs(pid: number): Promise<number> {
  return statCpuMs(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''));
}

/** Resident set size of a process in MB (Linux /proc). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}
