// SIGKILL of LocalScale while a revert's RENAME is waiting for the table, with a client writing to
// the table before, during and after: the revert must keep every row written since the deploy.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cluster, db, org } from '../support/cluster.js';
import { note } from '../support/scale.js';
import { expectNoRowLost, expectNothingLeft, killDuringRename, table, tableUnderWrites } from '../support/scenario.js';

let cluster: Cluster;
beforeAll(async () => { cluster = await Cluster.create(); });
afterAll(async () => { await cluster?.destroy(); });

it('the revert finishes after the restart (after the cut-over backoff), rows written since the deploy survive, nothing is left behind', async () => {
  const writer = await tableUnderWrites(cluster);
  await cluster.branchWith('add-flag', [`ALTER TABLE ${table} ADD COLUMN flag tinyint NOT NULL DEFAULT 1`]);
  const dr = await cluster.openRequest('add-flag', true);
  await cluster.client.deployRequests.deploy(org, db, dr.number);
  await cluster.waitFor(dr.number, ['complete_pending_revert']);
  await writer.progressed(200); // rows written under the new schema, which the revert must keep

  const killed = await killDuringRename(cluster, dr.number, () => cluster.client.deployRequests.revert(org, db, dr.number), writer);
  expect(killed.stateAtKill).toBe('in_progress_revert');
  expect((await cluster.client.deployRequests.get(org, db, dr.number)).deployment_state).toBe('in_progress_revert');

  // The engine retries a failed cut-over after a minute (Vitess's backoff); reverts cannot be forced.
  const done = await cluster.waitFor(dr.number, ['complete_revert', 'complete_revert_error'], 150_000);
  expect(done.deployment_state, cluster.output()).toBe('complete_revert');
  const [columns] = await cluster.admin.query<any[]>(`SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [cluster.mainDatabase, table]);
  expect(columns.map((c) => c.c)).toEqual(['id', 'v', 'n']);

  const check = await expectNoRowLost(cluster, writer);
  await expectNothingLeft(cluster);
  note('kill during revert', { rows_checked: check.rows, writer_ops: check.ops, final: 'complete_revert' });
});
