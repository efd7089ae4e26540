// Runs the real `localscale` CLI in a child process, as users do, and reads its banner.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const workspace = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RunningCli { child: ChildProcess; apiUrl: string; output: () => string; exited: Promise<number | null> }

export function cliArgs(args: string[]): string[] {
  return ['--conditions=@localscale/source', '--import', 'tsx', cli, ...args];
}

export async function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, cliArgs(args), { cwd: workspace, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start in time:\n${out}`)), 60_000);
    const check = () => {
      const m = /API:\s+(http:\/\/\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout!.on('data', check);
    exited.then((code) => { clearTimeout(timer); reject(new Error(`CLI exited with ${code}:\n${out}`)); });
  });
  return { child, apiUrl, output: () => out, exited };
}

/** Runs the CLI to completion (for --help, bad flags). */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, cliArgs(args), { cwd: workspace, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}
