// Load: autocannon (loopback only, bounded in time) against the endpoints clients poll while deploys
// run (GET a deploy request, list deploy requests, branches and databases), with deploy requests
// being deployed back to back the whole time. Reports throughput, p50/p99 latency and errors, next to
// the same load on GET /health (a trivial query) measured in the same run as the baseline, and the
// LocalScale process's resident memory before, between and after the rounds, to show a leak as
// growth that does not level off. Then each endpoint alone, still while deploying.
//
// Standalone: node --conditions=@localscale/source --import tsx tools/bench/src/load.ts
// BENCH_DURATION (seconds per round, default 10), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 16),
// BENCH_ENDPOINT_DURATION (seconds per endpoint alone, default BENCH_DURATION).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startManagedMysql } from '@localscale/mysql';
import { createPlanetScaleClient, type PlanetScaleClient } from '@localscale/sdk';
import { report } from './report.js';
import { rssMb, serveUntilHealthy } from './serve.js';
import { round } from './stats.js';

const durationS = Number(process.env.BENCH_DURATION ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Seconds per endpoint-alone round (default BENCH_DURATION); a long RSS run keeps these short. */
const endpointDurationS = Number(process.env.BENCH_ENDPOINT_DURATION ?? durationS);
const org = 'bench', db = 'app', keyspace = 'app';
const authorization = 'bench:bench';

interface Measured { req_per_s: number; p50_ms: number; p99_ms: number; requests: number; errors: number; timeouts: number; non_2xx: number }

async function cannon(url: string, paths: string[], duration = durationS): Promise<Measured> {
  const result = await autocannon({
    url, connections, duration, headers: { authorization },
    requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
  });
  return {
    req_per_s: round(result.requests.average), p50_ms: result.latency.p50, p99_ms: result.latency.p99,
    requests: result.requests.total, errors: result.errors, timeouts: result.timeouts, non_2xx: result.non2xx,
  };
}

/** Deploys one schema change after another until stopped; resolves to how many completed. */
function keepDeploying(client: PlanetScaleClient, call: (p: string, body: unknown) => Promise<void>): { stop(): Promise<number> } {
  let stopped = false;
  let completed = 0;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const branch = `load-${i}`;
      await client.branches.create(org, db, { name: branch });
      await client.waitForBranchReady(org, db, branch, { intervalMs: 50 });
      await call(`/v1/organizations/${org}/databases/${db}/branches/${branch}/schema`, { ddl: { [keyspace]: [`ALTER TABLE items ADD COLUMN c${i} int NULL`] } });
      const dr = await client.deployRequests.create(org, db, { branch, into_branch: 'main', auto_cutover: true });
      await client.waitForDeployRequest(org, db, dr.number, { until: ['ready', 'no_changes', 'error'], intervalMs: 50 });
      await client.deployRequests.deploy(org, db, dr.number);
      await client.waitForDeployRequest(org, db, dr.number, { until: ['complete_pending_revert', 'complete_error'], intervalMs: 50 });
      await client.deployRequests.skipRevert(org, db, dr.number);
      completed++;
    }
  })();
  return { async stop() { stopped = true; await loop; return completed; } };
}

async function main() {
  const mysql = await startManagedMysql();
  const dir = await mkdtemp(path.join(tmpdir(), 'ls-bench-load-'));
  const config = path.join(dir, 'localscale.json');
  await writeFile(config, JSON.stringify({
    log_level: 'warn', processor_tick_interval: '100ms',
    organizations: { [org]: { databases: { [db]: { keyspaces: [{ name: keyspace }] } } } },
  }));
  const ls = await serveUntilHealthy(['--config', config, '--mysql-url', mysql.url]);
  try {
    const client = createPlanetScaleClient({ baseUrl: `${ls.url}/v1`, serviceTokenId: 'bench', serviceToken: 'bench' });
    const call = async (p: string, body: unknown) => {
      const res = await fetch(ls.url + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    };
    await call('/admin/seed-ddl', { org, database: db, keyspace, statements: ['CREATE TABLE items (id int NOT NULL PRIMARY KEY, v varchar(40))'] });
    for (let i = 0; i < 5; i++) {
      await call('/admin/vtgate-exec', { org, database: db, keyspace, query: `INSERT INTO items VALUES ${Array.from({ length: 1000 }, (_, k) => `(${i * 1000 + k}, 'row ${k}')`).join(', ')}` });
    }
    // A first deploy request, so that GET .../deploy-requests/1 has a deployment to show.
    const deploys = keepDeploying(client, call);
    while ((await client.deployRequests.list(org, db)).data.length === 0) await new Promise((r) => setTimeout(r, 100));

    const base = `/v1/organizations/${org}/databases/${db}`;
    const polled = [`${base}/deploy-requests/1`, `${base}/deploy-requests`, `${base}/branches`, `/v1/organizations/${org}/databases`];
    await cannon(ls.url, polled); // warm-up: JIT, pools, caches
    const pid = ls.child.pid!;
    const rss: number[] = [await rssMb(pid)];
    const baseline = await cannon(ls.url, ['/health']);
    const loaded: Measured[] = [];
    for (let r = 0; r < rounds; r++) {
      loaded.push(await cannon(ls.url, polled));
      rss.push(await rssMb(pid));
    }
    // Each endpoint alone too (still while deploying), so a slow one is not hidden in the mix.
    const perEndpoint: Record<string, Measured> = {};
    for (const p of polled) perEndpoint[p] = await cannon(ls.url, [p], endpointDurationS);
    rss.push(await rssMb(pid));
    const completed = await deploys.stop();
    const sum = (k: keyof Measured) => loaded.reduce((n, m) => n + m[k], 0);
    const last = loaded[loaded.length - 1]!;
    await report('load', {
      duration_s_per_round: durationS, rounds, connections,
      endpoints: polled,
      while_deploying: {
        req_per_s: round(sum('req_per_s') / loaded.length), p50_ms: last.p50_ms, p99_ms: Math.max(...loaded.map((m) => m.p99_ms)),
        requests: sum('requests'), errors: sum('errors'), timeouts: sum('timeouts'), non_2xx: sum('non_2xx'), rounds: loaded,
      },
      per_endpoint_while_deploying: perEndpoint,
      deploys_completed_during_load: completed,
      baseline_health: baseline,
      ratio_req_per_s_vs_health: round((sum('req_per_s') / loaded.length) / baseline.req_per_s, 2),
      rss_mb: {
        after_warmup: rss[0], after_each_round: rss.slice(1, rounds + 1), after_per_endpoint: rss[rounds + 1],
        growth_first_to_last_round: round(rss[rounds]! - rss[1]!), growth_total: round(rss[rss.length - 1]! - rss[0]!),
      },
    });
  } finally {
    await ls.stop();
    await mysql.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
