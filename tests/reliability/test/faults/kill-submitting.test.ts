// SIGKILL of LocalScale while a deploy is `submitting`: the submission of its migrations to the
// Vitess engine is held (a slow sidecar write, injected with a trigger on the engine's own table) and
// LocalScale dies in the middle of it. After the restart the deployment must run to the end, once,
// on every shard.
import { afterEach, expect, it } from 'vitest';
import { Cluster, db, org } from '../support/cluster.js';
import { note } from '../support/scale.js';
import { expectNoRowLost, expectNothingLeft, table, tableUnderWrites } from '../support/scenario.js';

const slowTrigger = 'reliability_slow_submit';
let cluster: Cluster | undefined;
afterEach(async () => { await cluster?.destroy(); cluster = undefined; });

/** A first deploy, so that main's Vitess engine (and its sidecar) exists. */
async function warmUp(c: Cluster) {
  await c.branchWith('warm', ['CREATE TABLE warm (id int NOT NULL PRIMARY KEY)']);
  const dr = await c.openRequest('warm', true);
  await c.client.deployRequests.deploy(org, db, dr.number);
  await c.waitFor(dr.number, ['complete_pending_revert']);
  await c.client.deployRequests.skipRevert(org, db, dr.number);
}

/** Makes inserts of migration rows for `shard` (or every shard) hang until the statement is killed. */
async function slowSubmissions(c: Cluster, shard: string | null) {
  await c.admin.query(`CREATE TRIGGER \`${c.sidecar}\`.${slowTrigger} BEFORE INSERT ON \`${c.sidecar}\`.schema_migrations FOR EACH ROW
    BEGIN IF ${shard === null ? 'TRUE' : 'NEW.shard = ' + c.admin.escape(shard)} THEN DO SLEEP(299.25); END IF; END`);
}

/** Sessions inside the trigger's sleep (the processlist shows the trigger's statement, not the INSERT). */
async function heldSubmissions(c: Cluster): Promise<number[]> {
  const [rows] = await c.admin.query<any[]>("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO = 'DO SLEEP(299.25)'");
  return rows.map((r) => Number(r.id));
}

/** The held INSERT of the dead process: ended, as it would have been had the process died before sending it. */
async function endHeldSubmission(c: Cluster) {
  const held = await c.until('the held submission', async () => {
    const ids = await heldSubmissions(c);
    return ids.length ? ids : undefined;
  });
  for (const id of held) await c.admin.query(`KILL ${id}`).catch(() => undefined);
  await c.admin.query(`DROP TRIGGER \`${c.sidecar}\`.${slowTrigger}`);
}

async function killWhileSubmitting(c: Cluster, number: number, shard: string | null) {
  await slowSubmissions(c, shard);
  await c.client.deployRequests.deploy(org, db, number);
  await c.until('the deploy to be submitting', async () => (await c.storedState(number)) === 'submitting' ? true : undefined);
  await c.until('a submission to be held', async () => {
    return (await heldSubmissions(c)).length ? true : undefined;
  });
  await c.killAndRestart(() => endHeldSubmission(c));
}

it('unsharded: the restarted process submits the migration and the deploy completes; no row lost', async () => {
  const c = cluster = await Cluster.create();
  await warmUp(c);
  const writer = await tableUnderWrites(c);
  await c.branchWith('add-extra', [`ALTER TABLE ${table} ADD COLUMN extra int NULL`]);
  const dr = await c.openRequest('add-extra', true);
  await killWhileSubmitting(c, dr.number, null);

  const done = await c.waitFor(dr.number, ['complete_pending_revert', 'complete_error']);
  expect(done.deployment_state, c.output()).toBe('complete_pending_revert');
  const rows = (await c.migrationRows()).filter((r) => r.migration_context === done.deployment.id || r.mysql_table === table);
  expect(rows.map((r) => r.migration_status)).toEqual(['complete']);
  const check = await expectNoRowLost(c, writer);
  await c.client.deployRequests.skipRevert(org, db, dr.number);
  await c.waitFor(dr.number, ['complete']);
  await expectNothingLeft(c);
  note('kill while submitting (unsharded)', { rows_checked: check.rows, writer_ops: check.ops, final: 'complete' });
});

it('sharded: a submission cut between two shards still ends with the change on every shard', async () => {
  const c = cluster = await Cluster.create({ shards: 2 });
  await warmUp(c);
  await c.seed(['CREATE TABLE t (id bigint NOT NULL PRIMARY KEY, v int)']);
  await c.branchWith('add-w', ['ALTER TABLE t ADD COLUMN w int NULL']);
  const dr = await c.openRequest('add-w', true);
  // The first shard's row goes in, the second shard's is held when the process dies.
  await killWhileSubmitting(c, dr.number, '80-');

  const done = await c.waitFor(dr.number, ['complete_pending_revert', 'complete_error']);
  expect(done.deployment_state, c.output()).toBe('complete_pending_revert');
  for (const shard of c.shardDatabases) {
    const [columns] = await c.admin.query<any[]>('SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [shard, 't']);
    expect(columns.map((x) => x.c), shard).toEqual(['id', 'v', 'w']);
  }
  await c.client.deployRequests.skipRevert(org, db, dr.number);
  await c.waitFor(dr.number, ['complete']);
  await expectNothingLeft(c);
  note('kill while submitting (sharded, between shards)', { shards: c.shardDatabases.length, final: 'complete' });
});
