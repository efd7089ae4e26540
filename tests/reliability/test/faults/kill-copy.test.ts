// SIGKILL of LocalScale in the middle of an online ALTER's row copy (throttled, so the copy is
// still running when the kill lands; killed again after each restart as often as the scale asks),
// with a client writing to the table the whole time.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Cluster, db, org } from '../support/cluster.js';
import { note, scale } from '../support/scale.js';
import { expectNoRowLost, expectNothingLeft, table, tableUnderWrites } from '../support/scenario.js';

let cluster: Cluster;
beforeAll(async () => { cluster = await Cluster.create(); });
afterAll(async () => { await cluster?.destroy(); });

it('the copy resumes after the restart, the deploy completes, every written row is there once, nothing is left behind', async () => {
  const writer = await tableUnderWrites(cluster);
  await cluster.branchWith('add-extra', [`ALTER TABLE ${table} ADD COLUMN extra int NOT NULL DEFAULT 7`]);
  const dr = await cluster.openRequest('add-extra', true);
  await cluster.client.deployRequests.throttle(org, db, dr.number, { ratio: 95 });
  await cluster.client.deployRequests.deploy(org, db, dr.number);

  // Caught mid-copy, as many times as the scale asks: each time some chunks further, never done.
  const copiedAtKill: number[] = [];
  for (let round = 0; round < scale.killRounds; round++) {
    const copied = await cluster.until('the copy to be under way', async () => {
      const rows = await cluster.migrationRows().catch(() => []);
      const row = rows.find((r) => r.migration_status === 'running' && Number(r.rows_copied) > (copiedAtKill.at(-1) ?? 0));
      return row && Number(row.progress) < 100 ? row : undefined;
    }, 120_000, 20);
    expect(Number(copied.user_throttle_ratio)).toBe(0.95);
    expect(await cluster.storedState(dr.number)).toBe('in_progress');
    copiedAtKill.push(Number(copied.rows_copied));
    await cluster.killAndRestart(async () => { await writer.progressed(50); });
  }

  await cluster.client.deployRequests.throttle(org, db, dr.number, { ratio: 0 });
  const done = await cluster.waitFor(dr.number, ['complete_pending_revert', 'complete_error']);
  expect(done.deployment_state, cluster.output()).toBe('complete_pending_revert');
  const migrations = await cluster.migrationRows();
  expect(migrations.map((m) => m.migration_status)).toEqual(['complete']);
  const [[extra]] = await cluster.admin.query<any[]>(`SELECT COUNT(*) AS n, SUM(extra <> 7) AS wrong FROM \`${cluster.mainDatabase}\`.${table}`);
  expect(Number(extra.wrong ?? 0)).toBe(0);

  const check = await expectNoRowLost(cluster, writer);
  // The revert window keeps the old table in step through triggers: the check below can see them.
  expect((await cluster.leftovers()).triggers).toHaveLength(3);
  await cluster.client.deployRequests.skipRevert(org, db, dr.number);
  expect((await cluster.waitFor(dr.number, ['complete'])).state).toBe('closed');
  await expectNothingLeft(cluster);
  note('kill during copy', { kills: copiedAtKill.length, rows_copied_at_each_kill: copiedAtKill, rows_checked: check.rows, writer_ops: check.ops, final: 'complete' });
});
