// The HTTP database API (issue 11). Throughput: 10,000 simple primary-key SELECTs through
// @planetscale/database against LocalScale's edge, next to the same queries with mysql2 straight to
// the same MySQL server (the baseline), one at a time and 16 in flight; mysql2 through the MySQL edge
// is shown too. Connect latency: a mysql2 connect to the edge port with protocol detection off, and
// with a 15 ms and the default 100 ms wait for an HTTP client's first bytes (what detection costs a
// MySQL client). Last, why the default is 100 ms: how many fresh Node processes get their first
// driver query through with each wait (their first request's bytes come late while they warm up).
import { spawn } from 'node:child_process';
import { connect } from '@planetscale/database';
import mysql from 'mysql2/promise';
import { createPlanetScaleClient } from '@localscale/sdk';
import { startManagedMysql } from '@localscale/mysql';
import { createLogger, resolveConfig, startLocalScale, type LocalScale } from '@localscale/server';
import { report } from './report.js';
import { median, percentile, round, timeIt } from './stats.js';

const queries = Number(process.env.BENCH_QUERIES ?? 10_000);
const connects = Number(process.env.BENCH_CONNECTS ?? 50);
const freshProcesses = Number(process.env.BENCH_PROCESSES ?? 10);
const concurrency = 16;
const org = 'bench', db = 'app';

interface Instance { ls: LocalScale; username: string; password: string; host: string }

async function start(mysqlUrl: string, tag: string, detect: string): Promise<Instance> {
  const config = resolveConfig({
    log_level: 'silent', http_detect_timeout: detect,
    organizations: { [org]: { databases: { [db]: { safe_migrations: false, keyspaces: [{ name: 'app' }] } } } },
  }, { port: 0, mysqlUrl, metadataSchema: `ls_bench_${tag}`, databasePrefix: `b${tag}` });
  const ls = await startLocalScale(config, { log: createLogger('silent') });
  const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: 'bench', serviceToken: 'bench' });
  const pw = await client.passwords.create(org, db, 'main', { role: 'admin' });
  return { ls, username: pw.username, password: pw.plain_text!, host: pw.access_host_url };
}

/** `total` runs of `one`, `parallel` at a time; queries per second. */
async function throughput(total: number, parallel: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const ms = await timeIt(() => Promise.all(Array.from({ length: parallel }, async () => {
    while (next < total) await one(next++);
  })));
  return round(total / (ms / 1000), 0);
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
    const [main, off, short] = [await start(server.url, 'a', '100ms'), await start(server.url, 'b', '0'), await start(server.url, 'c', '15ms')];
    instances.push(main, off, short);
    const seed = `http://${main.username}:${main.password}@${main.host}`;
    await connect({ url: seed }).execute('CREATE TABLE t (id int PRIMARY KEY, v varchar(20))');
    await connect({ url: seed }).execute(`INSERT INTO t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}`);
    const [physical] = await main.ls.services.admin.query(`SELECT TABLE_SCHEMA AS db FROM information_schema.TABLES WHERE TABLE_NAME = 't' AND TABLE_SCHEMA LIKE 'ba\\_%'`);
    const database = (physical as { db: string }[])[0]!.db;

    const sql = 'SELECT id, v FROM t WHERE id = ?';
    const conn = connect({ url: seed });
    const direct = await mysql.createConnection(server.url + database);
    const pool = mysql.createPool({ uri: server.url + database, connectionLimit: concurrency });
    const [edgeHost, edgePort] = main.host.split(':');
    const viaEdge = await mysql.createConnection({ host: edgeHost, port: Number(edgePort), user: main.username, password: main.password, database: 'app' });
    await conn.execute(sql, [1]); // warm both paths
    await direct.query(sql, [1]);

    const driverSerial = await throughput(queries, 1, (i) => conn.execute(sql, [i % 100]));
    const mysqlSerial = await throughput(queries, 1, (i) => direct.query(sql, [i % 100]));
    const edgeSerial = await throughput(queries, 1, (i) => viaEdge.query(sql, [i % 100]));
    const driverParallel = await throughput(queries, concurrency, (i) => connect({ url: seed }).execute(sql, [i % 100]));
    const mysqlParallel = await throughput(queries, concurrency, (i) => pool.query(sql, [i % 100]));
    await direct.end();
    await pool.end();
    await viaEdge.end();

    // Interleaved, so drift in the machine's load affects the three alike.
    const samples = new Map<Instance, number[]>([[off, []], [short, []], [main, []]]);
    for (let i = 0; i < connects; i++) {
      for (const [inst, list] of samples) {
        const [host, port] = inst.host.split(':');
        list.push(await timeIt(async () => {
          const c = await mysql.createConnection({ host, port: Number(port), user: inst.username, password: inst.password, database: 'app' });
          await c.end();
        }));
      }
    }
    const latency = (inst: Instance) => ({ median_ms: round(median(samples.get(inst)!), 2), p95_ms: round(percentile(samples.get(inst)!, 95), 2) });
    const connectOff = latency(off), connect15 = latency(short), connect100 = latency(main);

    const firstQueries = async (inst: Instance) => {
      let ok = 0;
      for (let i = 0; i < freshProcesses; i++) if (await freshProcessQuery(`http://${inst.username}:${inst.password}@${inst.host}`)) ok++;
      return `${ok}/${freshProcesses}`;
    };
    const fresh15 = await firstQueries(short), fresh100 = await firstQueries(main);

    await report('httpdb', {
      queries, concurrency, statement: sql,
      throughput_qps: {
        driver_http_serial: driverSerial, mysql2_direct_serial: mysqlSerial, mysql2_through_edge_serial: edgeSerial,
        driver_http_parallel: driverParallel, mysql2_direct_pool_parallel: mysqlParallel,
      },
      ratio_driver_vs_mysql2_serial: round(driverSerial / mysqlSerial, 2),
      ratio_driver_vs_mysql2_parallel: round(driverParallel / mysqlParallel, 2),
      mysql_connect_latency: {
        connects,
        detection_off: connectOff, detection_15ms: connect15, detection_100ms_default: connect100,
        added_by_default_ms: round(connect100.median_ms - connectOff.median_ms, 2),
      },
      fresh_process_first_driver_query_ok: { detection_15ms: fresh15, detection_100ms_default: fresh100 },
    });
  } finally {
    for (const inst of instances) await inst.ls.stop().catch(() => undefined);
    await server.stop();
  }
}

await main();
