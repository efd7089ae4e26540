// SIGKILL of LocalScale while its cut-over RENAME is waiting for the table (a reader's open
// transaction holds it), with a client writing to the table the whole time.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cluster, db, org } from '../support/cluster.js';
import { note } from '../support/scale.js';
import { expectNoRowLost, expectNothingLeft, killDuringRename, table, tableUnderWrites } from '../support/scenario.js';

let cluster: Cluster;
beforeAll(async () => { cluster = await Cluster.create(); });
afterAll(async () => { await cluster?.destroy(); });

it('the interrupted cut-over is retried after the restart (forced), the deploy completes, no row is lost, nothing is left behind', async () => {
  const writer = await tableUnderWrites(cluster);
  await cluster.branchWith('add-index', [`ALTER TABLE ${table} ADD INDEX by_v (v)`]);
  const dr = await cluster.openRequest('add-index', false);
  await cluster.client.deployRequests.deploy(org, db, dr.number);
  await cluster.waitFor(dr.number, ['pending_cutover']);

  const killed = await killDuringRename(cluster, dr.number, () => cluster.client.deployRequests.applyDeploy(org, db, dr.number), writer);
  expect(killed.stateAtKill).toBe('in_progress_cutover');
  expect((await cluster.client.deployRequests.get(org, db, dr.number)).deployment_state).toBe('in_progress_cutover');
  // A failed attempt backs the next one off by a minute, as in Vitess; the user's way out is to force it.
  await cluster.client.deployRequests.forceCutover(org, db, dr.number);
  const done = await cluster.waitFor(dr.number, ['complete_pending_revert', 'complete_error']);
  expect(done.deployment_state, cluster.output()).toBe('complete_pending_revert');
  const [indexes] = await cluster.admin.query<any[]>(`SHOW INDEX FROM \`${cluster.mainDatabase}\`.${table} WHERE Key_name = 'by_v'`);
  expect(indexes.length).toBeGreaterThan(0);

  const check = await expectNoRowLost(cluster, writer);
  await cluster.client.deployRequests.skipRevert(org, db, dr.number);
  expect((await cluster.waitFor(dr.number, ['complete'])).state).toBe('closed');
  await expectNothingLeft(cluster);
  note('kill during cut-over', { rename_state: killed.renameState, rows_checked: check.rows, writer_ops: check.ops, final: 'complete' });
});
