// The HTTP database API (issues 11 and 17). LocalScale runs in this thread; every client runs in a
// worker thread of its own (httpdb-client.ts), so the numbers are not the client and the server taking
// turns on one event loop.
//  - throughput: 10,000 simple primary-key SELECTs through @planetscale/database against the password's
//    http_access_host_url, next to the same queries with mysql2 straight to the same MySQL server (the
//    baseline), one at a time and 16 in flight; mysql2 through the MySQL edge is shown too. With each
//    driver run, the CPU per query of the client's thread and of LocalScale's.
//  - connect latency: a mysql2 connect to a password's access_host_url by default (the HTTP API on a
//    port of its own, no protocol detection) and with detection on the edge port (http_detect_timeout)
//    at 15 ms and 100 ms: what detection costs every MySQL client.
//  - the driver's floor: the same driver against a canned server in this thread that answers every
//    request with one response LocalScale gave (node:http, no database): what the client, HTTP and JSON
//    cost on this machine before LocalScale does any work.
//  - fresh processes: how many fresh Node processes get their first driver query through, on the API's
//    own port and on the edge port with each detection wait (their first bytes come late while they
//    warm up).
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from '@planetscale/database';
import { createPlanetScaleClient } from '@localscale/sdk';
import { startManagedMysql } from '@localscale/mysql';
import { createLogger, resolveConfig, startLocalScale, type LocalScale } from '@localscale/server';
import { threadCpuMs } from './cpu.js';
import type { Throughput } from './httpdb-client.js';
import { inWorker } from './in-worker.js';
import { report } from './report.js';
import { median, percentile, round } from './stats.js';

const queries = Number(process.env.BENCH_QUERIES ?? 10_000);
const connects = Number(process.env.BENCH_CONNECTS ?? 50);
const freshProcesses = Number(process.env.BENCH_PROCESSES ?? 10);
const concurrency = 16;
const org = 'bench', db = 'app';
const client = new URL('./httpdb-client.ts', import.meta.url);
const mysqlClient = new URL('./mysql-client.ts', import.meta.url);

interface Instance { ls: LocalScale; username: string; password: string; mysqlHost: string; httpHost: string }

/** LocalScale with `detect` as http_detect_timeout ('0': the default), and an admin password. */
async function start(mysqlUrl: string, tag: string, detect: string): Promise<Instance> {
  const config = resolveConfig({
    log_level: 'silent', http_detect_timeout: detect,
    organizations: { [org]: { databases: { [db]: { safe_migrations: false, keyspaces: [{ name: 'app' }] } } } },
  }, { port: 0, mysqlUrl, metadataSchema: `ls_bench_${tag}`, databasePrefix: `b${tag}` });
  const ls = await startLocalScale(config, { log: createLogger('silent') });
  const sdk = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: 'bench', serviceToken: 'bench' });
  const pw = await sdk.passwords.create(org, db, 'main', { role: 'admin' });
  return { ls, username: pw.username, password: pw.plain_text!, mysqlHost: pw.access_host_url, httpHost: pw.http_access_host_url! };
}

const mysqlTarget = (inst: Instance) => {
  const [host, port] = inst.mysqlHost.split(':');
  return { host, port: Number(port), user: inst.username, password: inst.password, database: 'app' };
};

/** A driver run in the worker, with the CPU this thread (LocalScale's, or the canned server's) spent meanwhile. */
async function driverRun(url: string, parallel: number): Promise<Throughput & { serverCpuUsPerQuery: number }> {
  const cpu = threadCpuMs();
  const r = await inWorker<Throughput>(client, 'driver', { url, total: queries, parallel });
  return { ...r, serverCpuUsPerQuery: Math.round(((threadCpuMs() - cpu) * 1000) / queries) };
}

/** A server that answers every request with `body` (after reading the request): the driver's floor. */
async function cannedServer(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://u:p@127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One Execute answer from LocalScale, as the driver receives it. */
async function oneAnswer(inst: Instance): Promise<string> {
  const res = await fetch(`http://${inst.httpHost}/psdb.v1alpha1.Database/Execute`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${inst.username}:${inst.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'SELECT id, v FROM t WHERE id = 1', session: null }),
  });
  return res.text();
}

/** Spawns a fresh Node process that runs one driver query; true when it got its row. */
function freshProcessQuery(url: string): Promise<boolean> {
  const script = `import('@planetscale/database').then(({ connect }) => connect({ url: ${JSON.stringify(url)} }).execute('SELECT 1 AS one'))
    .then((r) => process.exit(r.rows[0].one === 1 ? 0 : 1), () => process.exit(1));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code === 0));
  });
}

async function main() {
  const server = await startManagedMysql();
  const instances: Instance[] = [];
  try {
    const [main, short, long] = [await start(server.url, 'a', '0'), await start(server.url, 'b', '15ms'), await start(server.url, 'c', '100ms')];
    instances.push(main, short, long);
    const driverUrl = `http://${main.username}:${main.password}@${main.httpHost}`;
    await connect({ url: driverUrl }).execute('CREATE TABLE t (id int PRIMARY KEY, v varchar(20))');
    await connect({ url: driverUrl }).execute(`INSERT INTO t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}`);
    const [physical] = await main.ls.services.admin.query(`SELECT TABLE_SCHEMA AS db FROM information_schema.TABLES WHERE TABLE_NAME = 't' AND TABLE_SCHEMA LIKE 'ba\\_%'`);
    const direct = { uri: server.url + (physical as { db: string }[])[0]!.db };
    const viaEdge = mysqlTarget(main);

    // Alternated rounds, so drift in the machine's load affects both sides alike; the best round of each.
    const canned = await cannedServer(await oneAnswer(main));
    const rounds = 2;
    type DriverRun = Awaited<ReturnType<typeof driverRun>>;
    const serial = { driver: [] as DriverRun[], mysql: [] as Throughput[], edge: [] as Throughput[], canned: [] as DriverRun[] };
    const parallel = { driver: [] as DriverRun[], mysql: [] as Throughput[], canned: [] as DriverRun[] };
    try {
      for (let r = 0; r < rounds; r++) {
        serial.driver.push(await driverRun(driverUrl, 1));
        serial.mysql.push(await inWorker<Throughput>(client, 'mysql2', { options: direct, total: queries, parallel: 1 }));
        serial.edge.push(await inWorker<Throughput>(client, 'mysql2', { options: viaEdge, total: queries, parallel: 1 }));
        serial.canned.push(await driverRun(canned.url, 1));
        parallel.driver.push(await driverRun(driverUrl, concurrency));
        parallel.mysql.push(await inWorker<Throughput>(client, 'mysql2', { options: direct, total: queries, parallel: concurrency }));
        parallel.canned.push(await driverRun(canned.url, concurrency));
      }
    } finally {
      await canned.close();
    }
    const best = <T extends Throughput>(xs: T[]): T => xs.reduce((a, b) => (b.qps > a.qps ? b : a));
    const driverSerial = best(serial.driver), mysqlSerial = best(serial.mysql), edgeSerial = best(serial.edge);
    const driverParallel = best(parallel.driver), mysqlParallel = best(parallel.mysql);
    const cannedSerial = best(serial.canned), cannedParallel = best(parallel.canned);

    const samples = await inWorker<number[][]>(mysqlClient, 'connects', { targets: [main, short, long].map(mysqlTarget), rounds: connects });
    const latency = (xs: number[]) => ({ median_ms: round(median(xs), 2), p95_ms: round(percentile(xs, 95), 2) });
    const [connectDefault, connect15, connect100] = samples.map(latency) as [ReturnType<typeof latency>, ReturnType<typeof latency>, ReturnType<typeof latency>];

    const firstQueries = async (host: string, inst: Instance) => {
      let ok = 0;
      for (let i = 0; i < freshProcesses; i++) if (await freshProcessQuery(`http://${inst.username}:${inst.password}@${host}`)) ok++;
      return `${ok}/${freshProcesses}`;
    };
    const fresh = {
      own_port_default: await firstQueries(main.httpHost, main),
      edge_port_detection_15ms: await firstQueries(short.mysqlHost, short),
      edge_port_detection_100ms: await firstQueries(long.mysqlHost, long),
    };

    await report('httpdb', {
      queries, concurrency, statement: 'SELECT id, v FROM t WHERE id = ?',
      client: 'a worker thread of its own (@planetscale/database, mysql2); LocalScale in the main thread; best of 2 alternated rounds',
      throughput_qps: {
        driver_http_serial: driverSerial.qps, mysql2_direct_serial: mysqlSerial.qps, mysql2_through_edge_serial: edgeSerial.qps,
        driver_http_parallel: driverParallel.qps, mysql2_direct_pool_parallel: mysqlParallel.qps,
      },
      ratio_driver_vs_mysql2_serial: round(driverSerial.qps / mysqlSerial.qps, 2),
      ratio_driver_vs_mysql2_parallel: round(driverParallel.qps / mysqlParallel.qps, 2),
      driver_floor_canned_server: {
        serial_qps: cannedSerial.qps, parallel_qps: cannedParallel.qps,
        ratio_vs_mysql2_serial: round(cannedSerial.qps / mysqlSerial.qps, 2),
        ratio_vs_mysql2_parallel: round(cannedParallel.qps / mysqlParallel.qps, 2),
        localscale_vs_floor_serial: round(driverSerial.qps / cannedSerial.qps, 2),
        localscale_vs_floor_parallel: round(driverParallel.qps / cannedParallel.qps, 2),
        cpu_us_per_query_serial: { client_thread: cannedSerial.clientCpuUsPerQuery, server_thread: cannedSerial.serverCpuUsPerQuery },
        cpu_us_per_query_parallel: { client_thread: cannedParallel.clientCpuUsPerQuery, server_thread: cannedParallel.serverCpuUsPerQuery },
      },
      cpu_us_per_query: {
        driver_serial: { client_thread: driverSerial.clientCpuUsPerQuery, localscale_thread: driverSerial.serverCpuUsPerQuery },
        driver_parallel: { client_thread: driverParallel.clientCpuUsPerQuery, localscale_thread: driverParallel.serverCpuUsPerQuery },
        mysql2_direct_serial: { client_thread: mysqlSerial.clientCpuUsPerQuery },
        mysql2_direct_parallel: { client_thread: mysqlParallel.clientCpuUsPerQuery },
      },
      all_rounds_qps: {
        driver_serial: serial.driver.map((x) => x.qps), mysql2_serial: serial.mysql.map((x) => x.qps), canned_serial: serial.canned.map((x) => x.qps),
        driver_parallel: parallel.driver.map((x) => x.qps), mysql2_parallel: parallel.mysql.map((x) => x.qps), canned_parallel: parallel.canned.map((x) => x.qps),
      },
      mysql_connect_to_access_host_url: {
        connects,
        default_http_api_on_own_port: connectDefault, edge_port_detection_15ms: connect15, edge_port_detection_100ms: connect100,
        added_by_100ms_detection_ms: round(connect100.median_ms - connectDefault.median_ms, 2),
      },
      fresh_process_first_driver_query_ok: fresh,
    });
  } finally {
    for (const inst of instances) await inst.ls.stop().catch(() => undefined);
    await server.stop();
  }
}

await main();
