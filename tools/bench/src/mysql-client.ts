// mysql2 as a benchmark's client: point SELECTs one at a time (latency), many connections at once
// (throughput), and connects. The functions run wherever they are called: in a worker thread of their
// own (through in-worker.ts: the client does not share LocalScale's event loop, as an app does not) or
// in the caller's thread (as a test suite with LocalScale in-process runs them).
import mysql from 'mysql2/promise';
import { threadCpuMs } from './cpu.js';
import { timeIt } from './stats.js';

export interface PointSelect {
  /** A statement with one `?` for the key, and the keys to cycle through (1..keys). */
  sql: string;
  keys: number;
}

const key = (p: PointSelect, i: number) => 1 + (i % p.keys);

async function timedBlock(c: mysql.Connection, p: PointSelect, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await c.query(p.sql, [key(p, i)]);
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}

/**
 * Latency (ms) of `queries` point SELECTs on one connection to each target, in `blocks` interleaved
 * blocks so drift in the machine's load hits every target alike, after a warm-up of 500 each.
 */
export async function latency(o: { targets: mysql.ConnectionOptions[]; select: PointSelect; queries: number; blocks: number }): Promise<number[][]> {
  const conns = await Promise.all(o.targets.map((t) => mysql.createConnection(t)));
  try {
    for (const c of conns) await timedBlock(c, o.select, 500, []);
    const out = conns.map(() => [] as number[]);
    for (let b = 0; b < o.blocks; b++) {
      for (const [i, c] of conns.entries()) await timedBlock(c, o.select, o.queries / o.blocks, out[i]!);
    }
    return out;
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

export interface Throughput { qps: number; clientCpuUsPerQuery: number }

/** `connections` connections issuing point SELECTs as fast as they can until `queries` are done. */
export async function throughput(o: { target: mysql.ConnectionOptions; select: PointSelect; connections: number; queries: number }): Promise<Throughput> {
  const conns = await Promise.all(Array.from({ length: o.connections }, () => mysql.createConnection(o.target)));
  try {
    let next = 0;
    const cpu = threadCpuMs();
    const ms = await timeIt(() => Promise.all(conns.map(async (c) => {
      while (next < o.queries) await c.query(o.select.sql, [key(o.select, next++)]);
    })));
    return { qps: Math.round(o.queries / (ms / 1000)), clientCpuUsPerQuery: Math.round(((threadCpuMs() - cpu) * 1000) / o.queries) };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** Times (ms) of opening and closing a connection to each target, interleaved, `rounds` of each. */
export async function connects(o: { targets: mysql.ConnectionOptions[]; rounds: number }): Promise<number[][]> {
  const samples = o.targets.map(() => [] as number[]);
  for (let i = 0; i < o.rounds; i++) {
    for (const [t, target] of o.targets.entries()) {
      samples[t]!.push(await timeIt(async () => {
        const c = await mysql.createConnection(target);
        await c.end();
      }));
    }
  }
  return samples;
}
