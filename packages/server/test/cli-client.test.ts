// The CLI's client commands as users run them (a child process), against a real LocalScale and against
// a scripted stand-in for PlanetScale that plays a deployment.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] }, blog: {} } } } });
  await ls.client.branches.create('acme', 'shop', { name: 'feature', parent_branch: 'main' });
  await ls.snapshots.idle();
});
afterAll(async () => { await ls?.stop(); });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('localscale status', () => {
  it('shows databases, branches and deploy requests of the only organization as tables', async () => {
    const { code, stdout, stderr } = await runCli(['status', '--url', ls.apiUrl]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Organization acme (${ls.apiUrl})`);
    expect(stdout).toMatch(/^NAME +STATE +REGION +DEFAULT BRANCH +BRANCHES$/m);
    expect(stdout).toMatch(/^blog +ready +us-east +main +1$/m);
    expect(stdout).toMatch(/^shop +ready +us-east +main +2$/m);
    expect(stdout).toMatch(/^shop +feature +main +no +yes +no +ready$/m);
    expect(stdout).toMatch(/^shop +main +- +yes +yes +yes +ready$/m);
    expect(stdout).toMatch(/Deploy requests \(open\)/);
  });

  it('explains an unknown organization, an unreachable URL and a bad flag', async () => {
    const missing = await runCli(['status', '--url', ls.url, '--org', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^localscale: 404 not_found: /);
    const closed = await closedPort();
    const down = await runCli(['status', '--url', `http://127.0.0.1:${closed}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`localscale: cannot reach http://127.0.0.1:${closed}: ECONNREFUSED (is LocalScale running there? \`localscale serve\` starts it)\n`);
    const bad = await runCli(['status', '--bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Unknown option '--bogus'[\s\S]*Usage: localscale status/);
  });
});

describe('localscale reset', () => {
  it('resets a LocalScale (or says clearly that it cannot)', async () => {
    const { code, stdout, stderr } = await runCli(['reset', '--url', ls.url]);
    const probe = await ls.call('/admin/reset-state', { method: 'POST', json: {} });
    if (probe.status === 501) {
      // Until reset-state lands on this server.
      expect(code).toBe(1);
      expect(stderr).toMatch(/^localscale: 501 not_implemented: admin_reset_state/);
      return;
    }
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`LocalScale at ${ls.url} was reset\n`);
    expect((await ls.client.branches.list('acme', 'shop')).data.map((b) => b.name)).toEqual(['main']);
  });
});

/** A stand-in for a PlanetScale API that plays deploy request acme/shop#7 through the given frames. */
async function playDeployment(frames: { deployment_state: string; operations?: object[] }[]) {
  const seen: string[] = [];
  let i = 0;
  const server: Server = createServer((req, res) => {
    seen.push(String(req.headers.authorization));
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/v1/organizations/acme/databases/shop/deploy-requests/7') {
      const frame = frames[Math.min(i++, frames.length - 1)]!;
      res.end(JSON.stringify({ number: 7, branch: 'feature', into_branch: 'main', state: 'open', deployment_state: frame.deployment_state, deployment: { deploy_operations: frame.operations ?? [] } }));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 'not_found', message: 'Not Found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const op = (table: string, state: string, progress_percentage: number | null) => ({ keyspace_name: 'shop', table_name: table, operation_name: 'ALTER', state, progress_percentage, eta_seconds: null, deploy_errors: null });

describe('localscale deploy-request watch', () => {
  it('draws the deployment state and per-table progress until it settles, with the pscale credentials', async () => {
    const api = await playDeployment([
      { deployment_state: 'queued' },
      { deployment_state: 'in_progress', operations: [op('users', 'in_progress', 40), op('orders', 'pending', null)] },
      { deployment_state: 'in_progress', operations: [op('users', 'in_progress', 80), op('orders', 'in_progress', 10)] },
      { deployment_state: 'complete', operations: [op('users', 'complete', 80), op('orders', 'complete', 100)] },
    ]);
    try {
      const { code, stdout, stderr } = await runCli(['deploy-request', 'watch', 'shop', '7', '--url', `${api.url}/v1`, '--org', 'acme', '--interval', '10'],
        { PLANETSCALE_SERVICE_TOKEN_ID: 'ci-bot', PLANETSCALE_SERVICE_TOKEN: 'pscale_tkn_x' });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const frames = stdout.split(/(?=^acme\/shop deploy request #7: )/m);
      expect(frames.map((f) => f.split('\n')[0])).toEqual([
        'acme/shop deploy request #7: queued',
        'acme/shop deploy request #7: in_progress',
        'acme/shop deploy request #7: in_progress',
        'acme/shop deploy request #7: complete',
      ]);
      expect(frames[1]).toMatch(/shop\.users +ALTER +\[#{10}-{14}\] +40% +in_progress/);
      expect(frames[2]).toMatch(/shop\.orders +ALTER +\[#{2}-{22}\] +10% +in_progress/);
      expect(frames[3]).toMatch(/shop\.users +ALTER +\[#{24}\] 100% +complete/);
      expect(stdout.endsWith('settled: complete\n')).toBe(true);
      expect(new Set(api.seen)).toEqual(new Set(['ci-bot:pscale_tkn_x']));
    } finally {
      await api.close();
    }
  });

  it('exits 1 when the deployment fails, and explains a deploy request that does not exist', async () => {
    const api = await playDeployment([{ deployment_state: 'in_progress' }, { deployment_state: 'complete_error', operations: [op('users', 'error', 30)] }]);
    try {
      const failed = await runCli(['deploy-request', 'watch', 'shop', '7', '--url', api.url, '--org', 'acme', '--interval', '10']);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/failed: complete_error\n$/);
      const missing = await runCli(['deploy-request', 'watch', 'shop', '8', '--url', api.url, '--org', 'acme']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('localscale: 404 not_found: Not Found\n');
      const bad = await runCli(['deploy-request', 'watch', 'shop', 'seven', '--url', api.url]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/<number>: must be a deploy request number/);
    } finally {
      await api.close();
    }
  });
});
