// LocalScale as users run it: the `localscale serve` CLI in a child process, so a test can SIGKILL it
// mid-flight and start it again on the same MySQL and metadata.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../../../packages/server/src/cli/main.ts', import.meta.url));

export interface ChildLocalScale {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Server root, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly apiUrl: string;
  readonly edge: { host: string; port: number };
  output(): string;
  /** Resolves with the exit code, or the signal's name when it was killed. */
  readonly exited: Promise<number | string | null>;
  /** SIGKILL: no shutdown code runs, as when the machine or the OOM killer takes the process. */
  kill(): Promise<void>;
  /** SIGTERM, the clean shutdown. */
  stop(): Promise<void>;
  alive(): boolean;
}

export interface SpawnOptions { configFile: string; mysqlUrl?: string; dataDir?: string; extraArgs?: string[] }

export async function spawnLocalScale(options: SpawnOptions): Promise<ChildLocalScale> {
  const args = ['--conditions=@localscale/source', '--import', 'tsx', cli, 'serve', '--port', '0', '--edge-port', '0', '--config', options.configFile,
    ...(options.mysqlUrl ? ['--mysql-url', options.mysqlUrl] : []), ...(options.dataDir ? ['--data-dir', options.dataDir] : []), ...(options.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { cwd: workspace, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const banner = await new Promise<{ url: string; edge: string }>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`LocalScale did not start within 90 s:\n${out}`)); }, 90_000);
    const check = () => {
      const api = /API:\s+(http:\/\/\S+)\/v1/.exec(out);
      const edge = /Edge:\s+(\S+):(\d+)/.exec(out);
      if (api && edge) { clearTimeout(timer); resolve({ url: api[1]!, edge: `${edge[1]}:${edge[2]}` }); }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`LocalScale exited (${code}) before it was ready:\n${out}`)); });
  });
  const [edgeHost, edgePort] = banner.edge.split(':') as [string, string];
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child, pid: child.pid!, url: banner.url, apiUrl: `${banner.url}/v1`, edge: { host: edgeHost, port: Number(edgePort) },
    output: () => out, exited, alive,
    async kill() { if (alive()) child.kill('SIGKILL'); await exited; },
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
