// The MySQL edge against MySQL itself, in one process on one private MySQL server:
//  - latency: 10,000 sequential point SELECTs on one connection, through the edge and directly
//    (interleaved in blocks so drift hits both alike); median, p99 and the median ratio;
//  - throughput: 32 connections issuing point SELECTs as fast as they can, queries per second and ratio;
//  - connect: opening a connection (handshake + authentication + upstream login) through the edge vs directly.
import { createEdge, passwordVerifiers, type Credential } from '@localscale/edge';
import { createPool, quoteIdentifier, startManagedMysql } from '@localscale/mysql';
import mysql from 'mysql2/promise';
import { report } from './report.js';
import { median, percentile, round } from './stats.js';

const queries = Number(process.env.BENCH_EDGE_QUERIES ?? 10_000);
const connections = 32;
const throughputQueries = Number(process.env.BENCH_EDGE_THROUGHPUT_QUERIES ?? 64_000);
const rows = 1000;
const database = 'bench_edge';

type Conn = mysql.Connection;

async function pointSelect(c: Conn, i: number): Promise<void> {
  await c.query('SELECT id, name FROM items WHERE id = ?', [1 + (i % rows)]);
}

async function latencyBlock(c: Conn, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await pointSelect(c, i);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

async function throughput(open: () => Promise<Conn>): Promise<number> {
  const conns = await Promise.all(Array.from({ length: connections }, open));
  let next = 0;
  const start = performance.now();
  await Promise.all(conns.map(async (c) => {
    while (next < throughputQueries) await pointSelect(c, next++);
  }));
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(conns.map((c) => c.end()));
  return throughputQueries / seconds;
}

async function connectTimes(open: () => Promise<Conn>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const c = await open();
    out.push(performance.now() - start);
    await c.end();
  }
  return out;
}

async function main() {
  const server = await startManagedMysql();
  const url = new URL(server.url);
  const upstream = { host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
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
  const direct = () => mysql.createConnection({ ...upstream, database });
  const viaEdge = () => mysql.createConnection({ host: '127.0.0.1', port: edge.port, user: 'bench', password: 'bench-password', database: 'app' });

  try {
    const d = await direct();
    const e = await viaEdge();
    const directMs: number[] = [];
    const edgeMs: number[] = [];
    await latencyBlock(d, 500, []);
    await latencyBlock(e, 500, []);
    const blocks = 10;
    for (let b = 0; b < blocks; b++) {
      await latencyBlock(d, queries / blocks, directMs);
      await latencyBlock(e, queries / blocks, edgeMs);
    }
    await d.end();
    await e.end();

    const directQps = await throughput(direct);
    const edgeQps = await throughput(viaEdge);
    const directConnect = await connectTimes(direct, 200);
    const edgeConnect = await connectTimes(viaEdge, 200);

    const ms = (xs: number[], p: number) => round(percentile(xs, p), 3);
    await report('edge', {
      point_selects: queries,
      latency_ms: {
        direct: { median: round(median(directMs), 3), p99: ms(directMs, 99) },
        edge: { median: round(median(edgeMs), 3), p99: ms(edgeMs, 99) },
      },
      latency_ratio_median: round(median(edgeMs) / median(directMs), 2),
      latency_ratio_p99: round(percentile(edgeMs, 99) / percentile(directMs, 99), 2),
      throughput: { connections, queries: throughputQueries, direct_qps: Math.round(directQps), edge_qps: Math.round(edgeQps) },
      throughput_ratio: round(edgeQps / directQps, 2),
      connect_ms_median: { direct: round(median(directConnect), 2), edge: round(median(edgeConnect), 2) },
      connect_ratio: round(median(edgeConnect) / median(directConnect), 2),
    });
  } finally {
    await edge.close();
    await admin.end();
    await server.stop();
  }
}

await main();
