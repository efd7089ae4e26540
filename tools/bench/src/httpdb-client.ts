// The client side of the httpdb benchmark, run in a worker thread (in-worker.ts): the serverless
// driver and mysql2 as an app runs them, on an event loop that LocalScale does not share.
import { connect } from '@planetscale/database';
import mysql from 'mysql2/promise';
import { threadCpuMs } from './cpu.js';
import { timeIt } from './stats.js';

const sql = 'SELECT id, v FROM t WHERE id = ?';

export interface Throughput { qps: number; clientCpuUsPerQuery: number }

/** `total` runs of `one`, `parallel` at a time: queries per second, and this thread's CPU per query. */
async function measure(total: number, parallel: number, one: (i: number) => Promise<unknown>): Promise<Throughput> {
  let next = 0;
  const cpu = threadCpuMs();
  const ms = await timeIt(() => Promise.all(Array.from({ length: parallel }, async () => {
    while (next < total) await one(next++);
  })));
  return { qps: Math.round(total / (ms / 1000)), clientCpuUsPerQuery: Math.round(((threadCpuMs() - cpu) * 1000) / total) };
}

/**
 * @planetscale/database: one connection object for serial queries (its session goes back and forth),
 * a new one per query when several are in flight (as a serverless handler does).
 */
export async function driver(o: { url: string; total: number; parallel: number }): Promise<Throughput> {
  const conn = connect({ url: o.url });
  for (let i = 0; i < 200; i++) await conn.execute(sql, [i % 100]);
  return measure(o.total, o.parallel, (i) => (o.parallel > 1 ? connect({ url: o.url }) : conn).execute(sql, [i % 100]));
}

/** mysql2: one connection serially, a pool of `parallel` connections otherwise. */
export async function mysql2(o: { options: mysql.PoolOptions; total: number; parallel: number }): Promise<Throughput> {
  const pool = mysql.createPool({ ...o.options, connectionLimit: o.parallel });
  try {
    await Promise.all(Array.from({ length: o.parallel }, () => pool.query(sql, [1])));
    for (let i = 0; i < 200; i++) await pool.query(sql, [i % 100]);
    return await measure(o.total, o.parallel, (i) => pool.query(sql, [i % 100]));
  } finally {
    await pool.end();
  }
}
