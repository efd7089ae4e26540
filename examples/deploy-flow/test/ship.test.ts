// The example's tests: a real PlanetScale-shaped API (LocalScale, started in this process by the
// helper) behind the same SDK client the code uses in production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanetScaleError } from '@localscale/sdk';
import { startLocalScale } from '@localscale/server/testing';
import { ShipError, shipSchemaChange } from '../src/ship.js';

const ls = await startLocalScale({ config: { organizations: { acme: { databases: { shop: {} } } } } });
afterAll(() => ls.stop());
const org = 'acme', db = 'shop';

// Deploy requests answer 501 until LocalScale's Vitess engine is wired in; from then on the deploy
// tests below run by themselves. The probe names a branch that does not exist, so it changes nothing.
const deployRequests = await ls.client.deployRequests.create(org, db, { branch: 'no-such-branch' })
  .then(() => true, (err: unknown) => !(isPlanetScaleError(err) && err.status === 501));

const tableRaw = async (branch: string, table: string) =>
  (await ls.client.branches.schema(org, db, branch)).data.find((t) => t.name === table)?.raw ?? '';

beforeAll(async () => {
  await ls.admin.seedDDL('CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL)');
  await ls.admin.exec('INSERT INTO users (email) VALUES (?)', ['ada@example.com']);
});

describe('a schema change on a branch', () => {
  it('is visible on the branch and not in production', async () => {
    await ls.client.branches.create(org, db, { name: 'add-name', parent_branch: 'main' });
    await ls.client.waitForBranchReady(org, db, 'add-name', { intervalMs: 50 });
    await ls.admin.branchQuery('add-name', 'ALTER TABLE users ADD COLUMN name varchar(100)');
    expect(await tableRaw('add-name', 'users')).toMatch(/`name` varchar\(100\)/);
    expect(await tableRaw('main', 'users')).not.toMatch(/`name`/);
  });
});

describe('shipSchemaChange', () => {
  it.skipIf(!deployRequests)('ships an index to production through a deploy request, keeping the data', async () => {
    const done = await shipSchemaChange(ls.client, {
      organization: org, database: db, branch: 'index-email', notes: 'Look users up by email', intervalMs: 50,
      applyDdl: async (branch) => { await ls.admin.branchQuery(branch, 'ALTER TABLE users ADD INDEX idx_email (email)'); },
    });
    expect(['complete_pending_revert', 'complete']).toContain(done.deployment_state);
    expect(done).toMatchObject({ branch: 'index-email', into_branch: 'main', notes: 'Look users up by email' });
    expect(await tableRaw('main', 'users')).toMatch(/KEY `idx_email` \(`email`\)/);
    expect(await ls.admin.exec('SELECT email FROM users')).toEqual({ columns: ['email'], rows: [['ada@example.com']] });
  });

  it.skipIf(!deployRequests)('refuses a branch without changes, naming the state', async () => {
    const attempt = shipSchemaChange(ls.client, { organization: org, database: db, branch: 'nothing', intervalMs: 50, applyDdl: async () => undefined });
    await expect(attempt).rejects.toThrow(ShipError);
    await expect(attempt).rejects.toThrow(/cannot be deployed: no_changes/);
  });
});
