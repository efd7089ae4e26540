// The test-suite helper: `startLocalScale()` from `@localscale/server/testing` until it resolves (its
// own private MySQL server, started and ready), and what it costs in memory: the test process's RSS
// growth plus the private mysqld's RSS. Median of 5. The baseline, in the same run, is the private
// MySQL server alone through the same module, so the ratios show what the helper adds on top of MySQL.
// Also measured: the helper on an already running MySQL server (`mysqlUrl`), the fast mode for suites.
import { readFile } from 'node:fs/promises';
import { startManagedMysql } from '@localscale/mysql';
import { report } from './report.js';
import { median, round, timeIt } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const mb = (bytes: number) => round(bytes / 2 ** 20);

/** Resident memory of another process, in bytes (Linux; NaN elsewhere). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

async function main() {
  const importMs = await timeIt(() => import('@localscale/server/testing'));
  const { startLocalScale } = await import('@localscale/server/testing');
  const helperMs: number[] = [], helperNodeRss: number[] = [], helperMysqldRss: number[] = [];
  const mysqlMs: number[] = [], mysqlRss: number[] = [], sharedMs: number[] = [];
  const shared = await startManagedMysql();
  try {
    for (let i = 0; i < runs; i++) {
      const before = process.memoryUsage().rss;
      let ls: Awaited<ReturnType<typeof startLocalScale>> | undefined;
      helperMs.push(await timeIt(async () => { ls = await startLocalScale(); }));
      helperNodeRss.push(process.memoryUsage().rss - before);
      const pidFile = String((await ls!.admin.client.metadataQuery({ query: 'SELECT @@pid_file' })).rows![0]![0]);
      helperMysqldRss.push(await rssOf(Number((await readFile(pidFile, 'utf8')).trim())));
      await ls!.stop();

      let mysql: Awaited<ReturnType<typeof startManagedMysql>> | undefined;
      mysqlMs.push(await timeIt(async () => { mysql = await startManagedMysql(); }));
      mysqlRss.push(await rssOf(mysql!.pid));
      await mysql!.stop();

      let onShared: Awaited<ReturnType<typeof startLocalScale>> | undefined;
      sharedMs.push(await timeIt(async () => { onShared = await startLocalScale({ mysqlUrl: shared.url }); }));
      await onShared!.stop();
    }
  } finally {
    await shared.stop();
  }
  const total = helperNodeRss.map((n, i) => n + helperMysqldRss[i]!);
  await report('helper', {
    runs,
    import_ms: round(importMs),
    helper_start_ms: round(median(helperMs)),
    mysql_alone_start_ms: round(median(mysqlMs)),
    ratio_start: round(median(helperMs) / median(mysqlMs), 2),
    helper_on_running_mysql_start_ms: round(median(sharedMs)),
    helper_node_rss_delta_mb: mb(median(helperNodeRss)),
    helper_mysqld_rss_mb: mb(median(helperMysqldRss)),
    helper_total_rss_mb: mb(median(total)),
    mysql_alone_rss_mb: mb(median(mysqlRss)),
    ratio_rss: round(median(total) / median(mysqlRss), 2),
    samples: { helper_ms: helperMs.map((x) => round(x)), node_rss_delta_mb: helperNodeRss.map(mb), on_running_mysql_ms: sharedMs.map((x) => round(x)) },
  });
}

await main();
