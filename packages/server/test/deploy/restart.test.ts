// A restart of LocalScale inside each active state: the new process picks the deployment up from the
// metadata and the Vitess rows, and finishes it. Also the revert window expiring on its own.
import { afterEach, describe, expect, it } from 'vitest';
import type { RawConfig } from '../../src/config/load.js';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { branchWith, columnsOf, mainQuery, openRequest, org, seedMain, waitFor } from './support.js';

const database = 'shop';
const config: RawConfig = { revert_window_duration: '2s', organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'app' }] } } } } };
let current: TestServer | undefined;
afterEach(async () => { await current?.stop(); current = undefined; });

async function fresh() {
  current = await startTestServer(config);
  await seedMain(current, 'app', ['CREATE TABLE big (id int PRIMARY KEY, v int)'], database);
  const values = Array.from({ length: 3000 }, (_, i) => `(${i + 1}, ${i})`).join(', ');
  await mainQuery(current, 'app', `INSERT INTO big VALUES ${values}`, [], database);
  return current;
}

async function restart(ls: TestServer) {
  await ls.shutdown();
  current = await startTestServer(config, { tag: ls.tag });
  return current;
}

describe('restart inside each active state', () => {
  it('queued: the deployment starts after the restart', async () => {
    let ls = await fresh();
    await branchWith(ls, 'hold', { app: ['ALTER TABLE big ADD COLUMN h int'] }, undefined, database);
    await branchWith(ls, 'next', { app: ['CREATE TABLE n (id int PRIMARY KEY)'] }, undefined, database);
    const hold = await openRequest(ls, 'hold', { database });
    const next = await openRequest(ls, 'next', { database, autoCutover: true });
    await ls.client.deployRequests.deploy(org, database, hold.number);
    await waitFor(ls, hold.number, ['pending_cutover'], database);
    await ls.client.deployRequests.deploy(org, database, next.number);
    ls = await restart(ls);
    expect((await ls.client.deployRequests.get(org, database, next.number)).deployment_state).toBe('queued');
    await ls.client.deployRequests.cancel(org, database, hold.number);
    expect((await waitFor(ls, next.number, ['complete_pending_revert', 'complete_error'], database)).deployment_state).toBe('complete_pending_revert');
  });

  it('in_progress (copying): the copy resumes and completes', async () => {
    let ls = await fresh();
    await branchWith(ls, 'slow', { app: ['ALTER TABLE big ADD COLUMN s int'] }, undefined, database);
    const dr = await openRequest(ls, 'slow', { database, autoCutover: true });
    await ls.client.deployRequests.throttle(org, database, dr.number, { ratio: 95 });
    await ls.client.deployRequests.deploy(org, database, dr.number);
    await ls.client.waitForDeployRequest(org, database, dr.number, { until: (d) => d.deployment.deploy_operations.some((o) => o.state === 'in_progress'), timeoutMs: 30_000, intervalMs: 20 });
    ls = await restart(ls);
    await ls.client.deployRequests.throttle(org, database, dr.number, { ratio: 0 });
    expect((await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], database)).deployment_state).toBe('complete_pending_revert');
    expect(await columnsOf(ls, 'app', 'big', database)).toEqual(['id', 'v', 's']);
    const count = await mainQuery(ls, 'app', 'SELECT COUNT(*), SUM(v) FROM big', [], database);
    expect(count.rows).toEqual([['3000', String((2999 * 3000) / 2)]]);
  });

  it('pending_cutover: still gated after the restart, apply-deploy finishes it', async () => {
    let ls = await fresh();
    await branchWith(ls, 'gate', { app: ['ALTER TABLE big ADD COLUMN g int'] }, undefined, database);
    const dr = await openRequest(ls, 'gate', { database });
    await ls.client.deployRequests.deploy(org, database, dr.number);
    await waitFor(ls, dr.number, ['pending_cutover'], database);
    ls = await restart(ls);
    expect((await ls.client.deployRequests.get(org, database, dr.number)).deployment_state).toBe('pending_cutover');
    await ls.client.deployRequests.applyDeploy(org, database, dr.number);
    expect((await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], database)).deployment_state).toBe('complete_pending_revert');
  });

  it('complete_pending_revert: the window keeps running across the restart and ends in complete', async () => {
    let ls = await fresh();
    await branchWith(ls, 'window', { app: ['CREATE TABLE win (id int PRIMARY KEY)'] }, undefined, database);
    const dr = await openRequest(ls, 'window', { database, autoCutover: true });
    await ls.client.deployRequests.deploy(org, database, dr.number);
    await waitFor(ls, dr.number, ['complete_pending_revert'], database);
    ls = await restart(ls);
    const done = await waitFor(ls, dr.number, ['complete'], database);
    expect(done).toMatchObject({ deployment_state: 'complete', state: 'closed' });
  });

  it('in_progress_revert: the revert completes after the restart', async () => {
    let ls = await fresh();
    await branchWith(ls, 'rev', { app: ['ALTER TABLE big ADD COLUMN r int'] }, undefined, database);
    const dr = await openRequest(ls, 'rev', { database, autoCutover: true });
    await ls.client.deployRequests.deploy(org, database, dr.number);
    await waitFor(ls, dr.number, ['complete_pending_revert'], database);
    await ls.client.deployRequests.revert(org, database, dr.number);
    ls = await restart(ls);
    expect((await waitFor(ls, dr.number, ['complete_revert', 'complete_revert_error'], database)).deployment_state).toBe('complete_revert');
    expect(await columnsOf(ls, 'app', 'big', database)).toEqual(['id', 'v']);
  });
});
