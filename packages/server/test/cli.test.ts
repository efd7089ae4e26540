// The CLI end to end on its embedded default: a private MySQL it launches itself, a persistent data
// directory that survives restarts, and no server left behind after SIGTERM or SIGKILL.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './support/cli.js';

const auth = { Authorization: 'cli-test:secret' };
const dirs: string[] = [];
afterAll(async () => { await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))); });

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
async function mysqldPid(dataDir: string): Promise<number> {
  return JSON.parse(await readFile(path.join(dataDir, 'localscale-owner.json'), 'utf8')).mysqldPid;
}
async function waitGone(pid: number, ms = 30_000) {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  // A reaped child of a dead parent can linger as a zombie under a PID 1 that does not wait();
  // a zombie holds no port, no files and no memory, so it counts as gone.
  if (alive(pid)) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    return / Z /.test(stat);
  }
  return true;
}

describe('localscale CLI', () => {
  it('prints usage and rejects bad flags with a clear message', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--mysql-url URL/);
    const bad = await runCli(['serve', '--port', 'eighty']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--port: must be an integer/);
    const unknown = await runCli(['serve', '--nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown option '--nope'/);
  });

  it('serves the default organization, keeps data across restarts, and stops MySQL on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ls-cli-'));
    dirs.push(dataDir);
    const first = await startCli(['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    expect(first.output()).toMatch(/curl -s -H 'Authorization: [^']+' http:\/\/127\.0\.0\.1:\d+\/v1\/organizations\/localscale\/databases/);
    const list = await fetch(`${first.apiUrl}/organizations/localscale/databases`, { headers: auth });
    expect(list.status).toBe(200);
    expect(((await list.json()) as any).data.map((d: { name: string }) => d.name)).toEqual(['app']);
    const created = await fetch(`${first.apiUrl}/organizations/localscale/databases`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'kept', cluster_size: 'PS_10' }),
    });
    expect(created.status).toBe(201);
    const pid = await mysqldPid(dataDir);
    expect(alive(pid)).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await waitGone(pid)).toBe(true);

    const second = await startCli(['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    const again = await fetch(`${second.apiUrl}/organizations/localscale/databases`, { headers: auth });
    expect(((await again.json()) as any).data.map((d: { name: string }) => d.name)).toEqual(['app', 'kept']);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('after SIGKILL, the next start stops the orphaned MySQL and keeps the data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ls-cli-'));
    dirs.push(dataDir);
    const first = await startCli(['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    const pid = await mysqldPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(pid)).toBe(true);

    const second = await startCli(['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    expect(await waitGone(pid)).toBe(true);
    const newPid = await mysqldPid(dataDir);
    expect(newPid).not.toBe(pid);
    const res = await fetch(`${second.apiUrl}/organizations/localscale/databases`, { headers: auth });
    expect(res.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await waitGone(newPid)).toBe(true);
  });

  it('uses an existing server with --mysql-url and explains a wrong one', async () => {
    const bad = await runCli(['serve', '--port', '0', '--mysql-url', 'mysql://root@127.0.0.1:1/', '--log-level', 'silent']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ECONNREFUSED|connect/);
  });
});
