// Deploy requests end to end through the SDK, on the embedded Vitess engine and real MySQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { branchWith, columnsOf, db, mainQuery, openRequest, org, seedMain, waitFor } from './support.js';

let ls: TestServer;
beforeAll(async () => {
  ls = await startTestServer({ revert_window_duration: '10m', organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] } } } } });
  await seedMain(ls, 'shop', ['CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL, legacy varchar(20))']);
  await mainQuery(ls, 'shop', "INSERT INTO users (email, legacy) VALUES ('a@x', 'l1'), ('b@x', 'l2'), ('c@x', 'l3')");
});
afterAll(async () => { await ls?.stop(); });

describe('deploy requests', () => {
  it('no changes: no_changes, and deploy is refused', async () => {
    await branchWith(ls, 'same', {});
    const dr = await openRequest(ls, 'same');
    expect(dr.deployment_state).toBe('no_changes');
    const res = await ls.call(`/v1/organizations/${org}/databases/${db}/deploy-requests/${dr.number}/deploy`, { method: 'POST', json: {} });
    expect(res.status).toBe(409);
  });

  it('ALTER with a gated cut-over: pending_cutover until apply-deploy, then the revert window, then revert preserves data', async () => {
    await branchWith(ls, 'add-name', { shop: ['ALTER TABLE users ADD COLUMN name varchar(100) NULL AFTER email', 'ALTER TABLE users DROP COLUMN legacy'] });
    const dr = await openRequest(ls, 'add-name');
    expect(dr.deployment_state).toBe('ready');
    expect(dr.deployment.deployable).toBe(true);
    const diff = await ls.client.deployRequests.diff(org, db, dr.number);
    expect(diff.data.map((d) => d.name)).toEqual(['users']);

    const queued = await ls.client.deployRequests.deploy(org, db, dr.number);
    expect(queued.deployment_state).toBe('queued');
    const gated = await waitFor(ls, dr.number, ['pending_cutover', 'complete_error']);
    expect(gated.deployment_state).toBe('pending_cutover');
    const ops = await ls.client.deployRequests.operations(org, db, dr.number);
    expect(ops.data).toEqual([expect.objectContaining({ table_name: 'users', operation_name: 'ALTER', keyspace_name: 'shop', progress_percentage: 100, can_drop_data: true })]);
    expect(await columnsOf(ls, 'shop', 'users')).toEqual(['id', 'email', 'legacy']);

    await ls.client.deployRequests.applyDeploy(org, db, dr.number);
    const deployed = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error']);
    expect(deployed.deployment_state).toBe('complete_pending_revert');
    expect(deployed.deployed_at).not.toBeNull();
    expect(await columnsOf(ls, 'shop', 'users')).toEqual(['id', 'email', 'name']);
    // Written after the deploy: must survive the revert.
    await mainQuery(ls, 'shop', "INSERT INTO users (email, name) VALUES ('d@x', 'Dee')");

    await ls.client.deployRequests.revert(org, db, dr.number);
    const reverted = await waitFor(ls, dr.number, ['complete_revert', 'complete_revert_error']);
    expect(reverted.deployment_state).toBe('complete_revert');
    expect(reverted.state).toBe('closed');
    expect(await columnsOf(ls, 'shop', 'users')).toEqual(['id', 'email', 'legacy']);
    const rows = await mainQuery(ls, 'shop', 'SELECT email, legacy FROM users ORDER BY id');
    expect(rows.rows).toEqual([['a@x', 'l1'], ['b@x', 'l2'], ['c@x', 'l3'], ['d@x', null]]);
  });
});
