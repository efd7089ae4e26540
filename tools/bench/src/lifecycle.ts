// Deploy-request lifecycle latency: branch -> DDL -> deploy request -> deploy -> complete (auto
// cut-over, small table, skip-revert), median of 10; next to the same ALTER run directly on the
// server against an identical table, in the same run (ratio). Also the processor's tick cost with
// 10, 100 and 1,000 active deploy requests.
import { startManagedMysql, copySchema, deployRequests, databases, organizations, branches, type Pool } from '@localscale/mysql';
import { createPlanetScaleClient } from '@localscale/sdk';
import { createLogger, resolveConfig, startLocalScale } from '@localscale/server';
import { report } from './report.js';
import { median, round, timeIt } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const org = 'bench', db = 'app';

async function seed(pool: Pool, database: string) {
  await pool.query(`CREATE TABLE \`${database}\`.t (id int PRIMARY KEY, v varchar(20))`);
  await pool.query(`INSERT INTO \`${database}\`.t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}`);
}

async function main() {
  const mysql = await startManagedMysql();
  try {
    const config = resolveConfig({ log_level: 'silent', processor_tick_interval: '100ms', organizations: { [org]: { databases: { [db]: { keyspaces: [{ name: 'app' }] }, wide: { keyspaces: [{ name: 'wide' }] } } } } }, { port: 0, mysqlUrl: mysql.url });
    const ls = await startLocalScale(config, { log: createLogger('silent') });
    const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: 'bench', serviceToken: 'bench' });
    try {
      const seedDdl = await fetch(`${ls.url}/admin/seed-ddl`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ org, database: db, keyspace: 'app', statements: ['CREATE TABLE t (id int PRIMARY KEY, v varchar(20))'] }) });
      if (!seedDdl.ok) throw new Error(await seedDdl.text());
      await fetch(`${ls.url}/admin/vtgate-exec`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ org, database: db, keyspace: 'app', query: `INSERT INTO t VALUES ${Array.from({ length: 100 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}` }) });

      const lifecycle: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < runs; i++) {
        lifecycle.push(await timeIt(async () => {
          const branch = `b${i}`;
          await client.branches.create(org, db, { name: branch });
          await client.waitForBranchReady(org, db, branch, { intervalMs: 20 });
          const apply = await fetch(`${ls.apiUrl}/organizations/${org}/databases/${db}/branches/${branch}/schema`, {
            method: 'POST', headers: { 'content-type': 'application/json', authorization: 'bench:bench' },
            body: JSON.stringify({ ddl: { app: [`ALTER TABLE t ADD COLUMN c${i} int`] } }),
          });
          if (!apply.ok) throw new Error(await apply.text());
          const dr = await client.deployRequests.create(org, db, { branch, into_branch: 'main', auto_cutover: true });
          await client.waitForDeployRequest(org, db, dr.number, { until: ['ready', 'error', 'no_changes'], intervalMs: 20 });
          await client.deployRequests.deploy(org, db, dr.number);
          await client.waitForDeployRequest(org, db, dr.number, { until: ['complete_pending_revert', 'complete_error'], intervalMs: 20 });
          await client.deployRequests.skipRevert(org, db, dr.number);
        }));
        // Baseline: the same ALTER on an identical table, straight on the server.
        const scratch = `bench_direct_${i}`;
        await ls.services.admin.query(`CREATE DATABASE ${scratch}`);
        await seed(ls.services.admin, scratch);
        direct.push(await timeIt(() => ls.services.admin.query(`ALTER TABLE \`${scratch}\`.t ADD COLUMN c${i} int`)));
        await ls.services.admin.query(`DROP DATABASE ${scratch}`);
      }

      // Branch creation through the API for a 100-table schema: create -> ready (the snapshot copies
      // every table); the baseline is copySchema alone between two plain databases in the same run.
      const tables = Array.from({ length: 100 }, (_, i) => `CREATE TABLE t${i} (id bigint NOT NULL PRIMARY KEY, a varchar(50), b int, c datetime, KEY ix_b (b))`);
      const wideSeed = await fetch(`${ls.url}/admin/seed-ddl`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ org, database: 'wide', keyspace: 'wide', statements: tables }) });
      if (!wideSeed.ok) throw new Error(await wideSeed.text());
      const branchCreate: number[] = [];
      const copyOnly: number[] = [];
      for (let i = 0; i < 5; i++) {
        branchCreate.push(await timeIt(async () => {
          await client.branches.create(org, 'wide', { name: `w${i}` });
          await client.waitForBranchReady(org, 'wide', `w${i}`, { intervalMs: 10 });
        }));
        await ls.services.admin.query(`CREATE DATABASE bench_src_${i}`);
        for (const t of tables) await ls.services.admin.query(`CREATE TABLE bench_src_${i}.${t.slice('CREATE TABLE '.length)}`);
        copyOnly.push(await timeIt(() => copySchema(ls.services.admin, `bench_src_${i}`, `bench_dst_${i}`)));
        await ls.services.admin.query(`DROP DATABASE bench_src_${i}`);
        await ls.services.admin.query(`DROP DATABASE bench_dst_${i}`);
      }

      // Tick cost: N requests sitting in in_progress (no migration rows yet), one tick each.
      const tick: Record<string, number> = {};
      const orgRec = await organizations.getOrganization(ls.services.metadata, org);
      const dbRec = await databases.getDatabase(ls.services.metadata, orgRec.id, db);
      const main = await branches.getBranch(ls.services.metadata, dbRec.id, 'main');
      await ls.deploy.processor.stop();
      let inserted = 0;
      for (const n of [10, 100, 1000]) {
        for (; inserted < n; inserted++) {
          await deployRequests.insertDeployRequest(ls.services.metadata, {
            databaseId: dbRec.id, branch: 'main', branchId: main.id, intoBranch: 'main', state: 'open', deploymentState: 'in_progress',
            approved: false, notes: '', actorId: null, closedBy: null, closedAt: null, deployedAt: null, queuedAt: null, branchDeleted: false,
            branchDeletedAt: null, branchDeletedBy: null, finalized: false, plan: { keyspaces: [{ keyspace: 'app', ddl: ['ALTER TABLE t ADD COLUMN z int'], vschema: null }], instantEligible: false },
            deployment: { state: 'in_progress', autoCutover: false, autoDeleteBranch: false, instantDdl: false, instantDdlEligible: false, deployable: true, deployCheckErrors: null, error: null, migrationContext: `bench:${inserted}`, revertContext: `bench:${inserted}:revert`, vschemaApplied: false, vschemaReverted: false, throttle: {}, queuedAt: null, submittedAt: null, startedAt: null, readyToCutoverAt: null, cutoverAt: null, finishedAt: null, forceCutoverRequestedAt: null, cancelledAt: null, revertedAt: null, revertExpiresAt: null, finalized: false },
            actors: {},
          });
        }
        const samples: number[] = [];
        for (let k = 0; k < 5; k++) samples.push((await ls.deploy.processor.tick()).ms);
        tick[`active_${n}_tick_ms`] = round(median(samples), 2);
        tick[`active_${n}_lookups`] = ls.deploy.processor.lastTick!.lookups;
      }
      await report('lifecycle', {
        runs,
        lifecycle_median_ms: round(median(lifecycle)), direct_alter_median_ms: round(median(direct), 2),
        ratio: round(median(lifecycle) / median(direct), 1),
        samples_ms: lifecycle.map((x) => round(x)),
        processor: { ...tick, per_request_ms_at_1000: round(tick.active_1000_tick_ms! / 1000, 3) },
        branch_create_100_tables_median_ms: round(median(branchCreate)), copy_schema_100_tables_median_ms: round(median(copyOnly)),
        branch_create_ratio: round(median(branchCreate) / median(copyOnly), 2),
      });
    } finally {
      await ls.stop();
    }
  } finally {
    await mysql.stop();
  }
}

await main();
