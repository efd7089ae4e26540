// The MySQL edge against MySQL itself, on one private MySQL server, with the edge in this thread
// (reaching MySQL over the server's Unix socket, as LocalScale's edge does with its private server):
//  - latency: 10,000 sequential point SELECTs on one connection, through the edge and directly
//    (interleaved in blocks so drift hits both alike); median, p99 and the median ratio;
//  - throughput: 32 connections issuing point SELECTs as fast as they can, queries per second and ratio,
//    with the CPU the edge's thread spent per query;
//  - connect: opening a connection (handshake + authentication + upstream login) through the edge vs directly.
// The client (mysql2) runs in a worker thread of its own, as an app runs apart from LocalScale
// (mysql-client.ts); the same measures with the client in the edge's thread, as a test suite with
// LocalScale in-process has it, are reported beside them (`same_thread`): there the edge's work and the
// client's share one core's event loop.
// Beside the edge, the floor of any relay written in Node on this machine: a plain TCP proxy in the
// edge's thread that copies bytes both ways and reads nothing (`relay_floor`), over the same transport.
import net from 'node:net';
import { createEdge, passwordVerifiers, type Credential } from '@localscale/edge';
import { createPool, quoteIdentifier, startManagedMysql } from '@localscale/mysql';
import type mysql from 'mysql2/promise';
import { threadCpuMs } from './cpu.js';
import { inWorker } from './in-worker.js';
import * as client from './mysql-client.js';
import { report } from './report.js';
import { median, percentile, round } from './stats.js';

const queries = Number(process.env.BENCH_EDGE_QUERIES ?? 10_000);
const connections = 32;
const throughputQueries = Number(process.env.BENCH_EDGE_THROUGHPUT_QUERIES ?? 64_000);
const rows = 1000;
const database = 'bench_edge';
const select: client.PointSelect = { sql: 'SELECT id, name FROM items WHERE id = ?', keys: rows };
const clientModule = new URL('./mysql-client.ts', import.meta.url);

type Where = 'worker' | 'same_thread';

/** Runs a mysql-client job in the client's worker, or here. */
function run<T>(where: Where, job: 'latency' | 'throughput' | 'connects', input: unknown): Promise<T> {
  if (where === 'worker') return inWorker<T>(clientModule, job, input);
  return (client[job] as (i: unknown) => Promise<T>)(input);
}

/** A TCP proxy that copies bytes between each client and a new upstream connection, reading nothing. */
async function relayFloor(upstream: net.NetConnectOpts): Promise<{ port: number; close(): void }> {
  const server = net.createServer((client) => {
    const up = net.connect(upstream);
    for (const s of [client, up]) {
      s.setNoDelay(true);
      s.on('error', () => { client.destroy(); up.destroy(); });
      s.on('close', () => { client.destroy(); up.destroy(); });
    }
    client.on('data', (b: Buffer) => up.write(b));
    up.on('data', (b: Buffer) => client.write(b));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

async function measure(where: Where, direct: mysql.ConnectionOptions, viaEdge: mysql.ConnectionOptions, viaFloor: mysql.ConnectionOptions) {
  const [directMs, edgeMs, floorMs] = await run<number[][]>(where, 'latency', { targets: [direct, viaEdge, viaFloor], select, queries, blocks: 10 }) as [number[], number[], number[]];
  const directQps = await run<client.Throughput>(where, 'throughput', { target: direct, select, connections, queries: throughputQueries });
  const edgeCpu = threadCpuMs();
  const edgeQps = await run<client.Throughput>(where, 'throughput', { target: viaEdge, select, connections, queries: throughputQueries });
  const edgeCpuUs = ((threadCpuMs() - edgeCpu) * 1000) / throughputQueries;
  const floorQps = await run<client.Throughput>(where, 'throughput', { target: viaFloor, select, connections, queries: throughputQueries });
  const [directConnect, edgeConnect] = await run<number[][]>(where, 'connects', { targets: [direct, viaEdge], rounds: 200 }) as [number[], number[]];
  const ms = (xs: number[], p: number) => round(percentile(xs, p), 3);
  return {
    latency_ms: {
      direct: { median: round(median(directMs), 3), p99: ms(directMs, 99) },
      edge: { median: round(median(edgeMs), 3), p99: ms(edgeMs, 99) },
    },
    latency_ratio_median: round(median(edgeMs) / median(directMs), 2),
    latency_ratio_p99: round(percentile(edgeMs, 99) / percentile(directMs, 99), 2),
    throughput: {
      connections, queries: throughputQueries, direct_qps: directQps.qps, edge_qps: edgeQps.qps,
      // In the worker case: the edge's own thread; in the same thread: edge and client together.
      cpu_us_per_query: where === 'worker'
        ? { client_direct: directQps.clientCpuUsPerQuery, client_via_edge: edgeQps.clientCpuUsPerQuery, edge: Math.round(edgeCpuUs) }
        : { client_direct: directQps.clientCpuUsPerQuery, client_and_edge: edgeQps.clientCpuUsPerQuery },
    },
    throughput_ratio: round(edgeQps.qps / directQps.qps, 2),
    connect_ms_median: { direct: round(median(directConnect), 2), edge: round(median(edgeConnect), 2) },
    connect_ratio: round(median(edgeConnect) / median(directConnect), 2),
    relay_floor: {
      latency_median_ms: round(median(floorMs), 3), latency_ratio_median: round(median(floorMs) / median(directMs), 2),
      throughput_qps: floorQps.qps, throughput_ratio: round(floorQps.qps / directQps.qps, 2),
    },
  };
}

async function main() {
  const server = await startManagedMysql();
  const url = new URL(server.url);
  const upstream = { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), socketPath: server.socketPath };
  const admin = createPool(server.url);
  await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  await admin.query(`CREATE TABLE ${quoteIdentifier(database)}.items (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)`);
  const values = Array.from({ length: rows }, (_, i) => [i + 1, `item-${i + 1}`]);
  await admin.query(`INSERT INTO ${quoteIdentifier(database)}.items VALUES ?`, [values]);

  const credential: Credential = {
    username: 'bench', verifiers: passwordVerifiers('bench-password'), role: 'readwriter', expiresAt: null,
    branch: { organization: 'bench', database: 'app', branch: 'main', production: false, safeMigrations: false, keyspaces: [{ name: 'app', databases: [database] }] },
  };
  const edge = await createEdge({ upstream, authenticate: async (u) => (u === 'bench' ? credential : null) });
  const direct = { host: upstream.host, port: upstream.port, user: upstream.user, password: upstream.password, database };
  const viaEdge = { host: '127.0.0.1', port: edge.port, user: 'bench', password: 'bench-password', database: 'app' };
  const floor = await relayFloor({ path: server.socketPath });
  const viaFloor = { ...direct, host: '127.0.0.1', port: floor.port };

  try {
    const worker = await measure('worker', direct, viaEdge, viaFloor);
    const sameThread = await measure('same_thread', direct, viaEdge, viaFloor);
    await report('edge', {
      point_selects: queries,
      client: 'mysql2 in a worker thread of its own; the edge in the main thread',
      ...worker,
      same_thread: { client: 'mysql2 in the edge\'s thread (LocalScale in-process, as in a test suite)', ...sameThread },
    });
  } finally {
    floor.close();
    await edge.close();
    await admin.end();
    await server.stop();
  }
}

await main();
