// The MySQL server goes away under a running LocalScale (a clean stop of a server this test owns),
// with a deploy copying, another deploy in its revert window and a client writing. While MySQL is
// down every API call answers 503 with PlanetScale's envelope, promptly, and LocalScale stays up;
// when MySQL is back on the same address, LocalScale serves again, the deploys finish and no row is
// lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startManagedMysql, type ManagedMysql } from '@localscale/mysql';
import { holdTable, runningStatements } from '../support/blocker.js';
import { Cluster, db, org } from '../support/cluster.js';
import { describeAnswer, isEnvelope } from '../support/http.js';
import { note } from '../support/scale.js';
import { expectNoRowLost, expectNothingLeft, table, tableUnderWrites } from '../support/scenario.js';

let dataDir: string;
let mysql: ManagedMysql;
let cluster: Cluster;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ls-reliability-mysql-'));
  mysql = await startManagedMysql({ dataDir });
  cluster = await Cluster.create({ mysqlUrl: mysql.url });
});
afterAll(async () => {
  await cluster?.destroy();
  await mysql?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const base = `/v1/organizations/${org}/databases/${db}`;
/** A spread of operations: reads and writes, metadata only and Vitess engine. */
const probes = (dr: number) => [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/v1/organizations' },
  { method: 'GET', path: `/v1/organizations/${org}/databases` },
  { method: 'GET', path: `${base}/branches` },
  { method: 'GET', path: `${base}/branches/main/schema` },
  { method: 'POST', path: `${base}/branches`, json: { name: 'during-outage' } },
  { method: 'GET', path: `${base}/deploy-requests` },
  { method: 'GET', path: `${base}/deploy-requests/${dr}` },
  { method: 'POST', path: `${base}/deploy-requests/${dr}/skip-revert` },
  { method: 'POST', path: '/admin/vtgate-exec', json: { org, database: db, keyspace: 'app', query: 'SELECT 1' } },
];

it('answers 503 envelopes while MySQL is down and recovers when it is back; deploys finish, rows survive', async () => {
  const writer = await tableUnderWrites(cluster);
  // One deploy sitting in its revert window, one copying (throttled) when MySQL goes away.
  await cluster.branchWith('add-a', [`ALTER TABLE ${table} ADD COLUMN a int NULL`]);
  const first = await cluster.openRequest('add-a', true);
  await cluster.client.deployRequests.deploy(org, db, first.number);
  await cluster.waitFor(first.number, ['complete_pending_revert']);
  await cluster.client.deployRequests.skipRevert(org, db, first.number);
  await cluster.waitFor(first.number, ['complete']);
  await cluster.branchWith('add-b', [`ALTER TABLE ${table} ADD COLUMN b int NULL`]);
  const second = await cluster.openRequest('add-b', true);
  await cluster.client.deployRequests.throttle(org, db, second.number, { ratio: 95 });
  await cluster.client.deployRequests.deploy(org, db, second.number);
  await cluster.until('the copy to be under way', async () => (await cluster.migrationRows()).some((r) => r.migration_status === 'running' && Number(r.rows_copied) > 0 && Number(r.progress) < 100) ? true : undefined);

  await mysql.stop();
  const answers = [];
  for (const probe of probes(second.number)) {
    const res = await cluster.call(probe.path, { method: probe.method, json: probe.json, timeoutMs: 30_000 });
    answers.push({ ...probe, status: res.status, code: res.body?.code, envelope: isEnvelope(res.body), answer: describeAnswer(res) });
  }
  expect(answers.filter((a) => a.status !== 503 || a.code !== 'service_unavailable' || !a.envelope), cluster.output()).toEqual([]);
  expect(cluster.process.alive()).toBe(true);

  mysql = await startManagedMysql({ dataDir, port: mysql.port });
  const recovered = await cluster.until('LocalScale to serve again', async () => {
    const res = await cluster.call(`${base}/deploy-requests/${second.number}`, { timeoutMs: 10_000 });
    return res.status === 200 ? res : undefined;
  }, 60_000, 200);
  expect(recovered.status).toBe(200);
  await cluster.client.deployRequests.throttle(org, db, second.number, { ratio: 0 });
  const done = await cluster.waitFor(second.number, ['complete_pending_revert', 'complete_error']);
  expect(done.deployment_state, cluster.output()).toBe('complete_pending_revert');
  const check = await expectNoRowLost(cluster, writer);
  await cluster.client.deployRequests.skipRevert(org, db, second.number);
  await cluster.waitFor(second.number, ['complete']);
  await expectNothingLeft(cluster);
  expect(cluster.processes).toHaveLength(1);
  note('mysql outage', { probes: answers.length, all_503: true, rows_checked: check.rows, writer_ops: check.ops, unknown_outcomes: writer.stats().unknownOutcomes });
});

it('a deploy whose setup MySQL cut short ends in complete_error with the reason, instead of staying in_progress', async () => {
  await cluster.seed(['CREATE TABLE other (id int NOT NULL PRIMARY KEY, v int)']);
  await cluster.branchWith('add-other', ['ALTER TABLE other ADD COLUMN w int NULL']);
  const dr = await cluster.openRequest('add-other', true);
  // The setup's CREATE TRIGGER waits for the table while a reader holds it; MySQL stops meanwhile.
  const hold = await holdTable(cluster.admin, cluster.mainDatabase, 'other');
  await cluster.client.deployRequests.deploy(org, db, dr.number);
  await cluster.until('the setup to wait for the table', async () => (await runningStatements(cluster.admin, cluster.mainDatabase, 'CREATE')).length ? true : undefined);
  await mysql.stop();
  await hold.release().catch(() => undefined);
  mysql = await startManagedMysql({ dataDir, port: mysql.port });

  const failed = await cluster.waitFor(dr.number, ['complete_pending_revert', 'complete_error']);
  expect(failed.deployment_state).toBe('complete_error');
  expect(failed.deployment.deploy_operations[0]?.deploy_errors ?? '').toMatch(/interrupted/);
  await cluster.client.deployRequests.completeDeploy(org, db, dr.number);
  await expectNothingLeft(cluster);
  note('mysql outage during a migration setup', { final: 'complete_error, then complete' });
});
