// The helper uses no test-framework API: the same kind of test under Node's own runner (node --test),
// as it would run under jest or mocha.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startLocalScale, type LocalScaleHandle } from '@localscale/server/testing';

let ls: LocalScaleHandle;
before(async () => { ls = await startLocalScale(); });
after(async () => { await ls.stop(); });

test('a branch of the default database gets its own copy of the schema', async () => {
  await ls.admin.seedDDL('CREATE TABLE notes (id int PRIMARY KEY, body text)');
  await ls.client.branches.create(ls.organization, ls.database, { name: 'dev', parent_branch: 'main' });
  const dev = await ls.client.waitForBranchReady(ls.organization, ls.database, 'dev', { intervalMs: 50 });
  assert.equal(dev.ready, true);
  await ls.admin.branchQuery('dev', 'DROP TABLE notes');
  assert.deepEqual((await ls.admin.branchQuery('dev', 'SHOW TABLES')).rows ?? [], []);
  assert.deepEqual((await ls.client.branches.schema(ls.organization, ls.database, 'main')).data.map((t) => t.name), ['notes']);
});
