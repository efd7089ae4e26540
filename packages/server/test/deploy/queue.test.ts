// The deploy queue, cancellation in each cancellable state, failures that hold the queue, closing,
// approvals and the throttler, end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { branchWith, columnsOf, mainQuery, openRequest, org, refused, seedMain, tablesOf, waitFor } from './support.js';

let ls: TestServer;
const database = 'queue';

beforeAll(async () => {
  ls = await startTestServer({
    revert_window_duration: '10m',
    organizations: { acme: { databases: { queue: { keyspaces: [{ name: 'app' }] }, approvals: { require_approval: true, keyspaces: [{ name: 'app' }] }, cancels: { keyspaces: [{ name: 'app' }] } } } },
  });
  await seedMain(ls, 'app', ['CREATE TABLE t (id int PRIMARY KEY, v int)'], database);
  await mainQuery(ls, 'app', 'INSERT INTO t VALUES (1, 1), (2, 1)', [], database);
  await seedMain(ls, 'app', ['CREATE TABLE t (id int PRIMARY KEY, v int)'], 'approvals');
  await seedMain(ls, 'app', ['CREATE TABLE big (id int PRIMARY KEY, v int)'], 'cancels');
  // Enough rows for a heavily throttled copy to be caught in_progress.
  const values = Array.from({ length: 3000 }, (_, i) => `(${i + 1}, ${i})`).join(', ');
  await mainQuery(ls, 'app', `INSERT INTO big VALUES ${values}`, [], 'cancels');
});
afterAll(async () => { await ls?.stop(); });

describe('the deploy queue', () => {
  it('a gated deployment and then its revert window hold the queue; skip-revert lets the next one go', async () => {
    await branchWith(ls, 'first', { app: ['ALTER TABLE t ADD COLUMN a int'] }, undefined, database);
    await branchWith(ls, 'second', { app: ['CREATE TABLE u (id int PRIMARY KEY)'] }, undefined, database);
    const one = await openRequest(ls, 'first', { database });
    const two = await openRequest(ls, 'second', { database, autoCutover: true });
    await ls.client.deployRequests.deploy(org, database, one.number);
    await waitFor(ls, one.number, ['pending_cutover'], database);
    const queued = await ls.client.deployRequests.deploy(org, database, two.number);
    expect(queued.deployment_state).toBe('queued');
    expect(queued.deployment.preceding_deployments.map((d) => d.deploy_request_number)).toEqual([one.number]);
    const queue = await ls.client.api.GET('/organizations/{organization}/databases/{database}/deploy-queue', { params: { path: { organization: org, database } } });
    expect(queue.data!.data.map((d) => [d.deploy_request_number, d.state])).toEqual([[one.number, 'pending_cutover'], [two.number, 'queued']]);

    await ls.client.deployRequests.applyDeploy(org, database, one.number);
    await waitFor(ls, one.number, ['complete_pending_revert'], database);
    await new Promise((r) => setTimeout(r, 500));
    expect((await ls.client.deployRequests.get(org, database, two.number)).deployment_state).toBe('queued');

    await ls.client.deployRequests.skipRevert(org, database, one.number);
    expect((await waitFor(ls, two.number, ['complete_pending_revert', 'complete_error'], database)).deployment_state).toBe('complete_pending_revert');
    expect(await tablesOf(ls, 'app', database)).toEqual(['t', 'u']);
    await ls.client.deployRequests.skipRevert(org, database, two.number);
  });

  it('a failed deployment holds the queue until complete-deploy', async () => {
    // A unique key over duplicate values: the copy into the shadow table fails.
    await branchWith(ls, 'unique-v', { app: ['ALTER TABLE t ADD UNIQUE KEY uk_v (v)'] }, undefined, database);
    await branchWith(ls, 'after', { app: ['CREATE TABLE w (id int PRIMARY KEY)'] }, undefined, database);
    const bad = await openRequest(ls, 'unique-v', { database, autoCutover: true });
    const next = await openRequest(ls, 'after', { database, autoCutover: true });
    await ls.client.deployRequests.deploy(org, database, bad.number);
    const failed = await waitFor(ls, bad.number, ['complete_error', 'complete_pending_revert'], database);
    expect(failed.deployment_state).toBe('complete_error');
    expect(failed.deployment.deploy_operations[0]!.deploy_errors).toMatch(/Duplicate entry/);
    await ls.client.deployRequests.deploy(org, database, next.number);
    await new Promise((r) => setTimeout(r, 500));
    expect((await ls.client.deployRequests.get(org, database, next.number)).deployment_state).toBe('queued');
    expect((await refused(ls, bad.number, 'revert', database)).status).toBe(409);
    const unblocked = await ls.client.deployRequests.completeDeploy(org, database, bad.number);
    expect(unblocked.deployment_state).toBe('complete');
    expect((await waitFor(ls, next.number, ['complete_pending_revert', 'complete_error'], database)).deployment_state).toBe('complete_pending_revert');
    await ls.client.deployRequests.skipRevert(org, database, next.number);
  });
});

describe('cancel', () => {
  it('a queued deployment is cancelled without touching Vitess', async () => {
    await branchWith(ls, 'hold', { app: ['ALTER TABLE big ADD COLUMN h int'] }, undefined, 'cancels');
    await branchWith(ls, 'waiting', { app: ['CREATE TABLE x (id int PRIMARY KEY)'] }, undefined, 'cancels');
    const hold = await openRequest(ls, 'hold', { database: 'cancels' });
    const waiting = await openRequest(ls, 'waiting', { database: 'cancels' });
    await ls.client.deployRequests.deploy(org, 'cancels', hold.number);
    await waitFor(ls, hold.number, ['pending_cutover'], 'cancels');
    await ls.client.deployRequests.deploy(org, 'cancels', waiting.number);
    const cancelled = await ls.client.deployRequests.cancel(org, 'cancels', waiting.number);
    expect(cancelled.deployment_state).toBe('cancelled');
    // ...and a gated one waiting for its cut-over: cancelled, main unchanged.
    const inCancel = await ls.client.deployRequests.cancel(org, 'cancels', hold.number);
    expect(['in_progress_cancel', 'complete_cancel']).toContain(inCancel.deployment_state);
    expect((await waitFor(ls, hold.number, ['complete_cancel'], 'cancels')).deployment_state).toBe('complete_cancel');
    expect(await columnsOf(ls, 'app', 'big', 'cancels')).toEqual(['id', 'v']);
    expect(await tablesOf(ls, 'app', 'cancels')).toEqual(['big']);
  });

  it('a deployment copying rows is cancelled; a cancelled request can be deployed again', async () => {
    await branchWith(ls, 'slow', { app: ['ALTER TABLE big ADD COLUMN s int'] }, undefined, 'cancels');
    const dr = await openRequest(ls, 'slow', { database: 'cancels' });
    await ls.client.deployRequests.throttle(org, 'cancels', dr.number, { ratio: 95 });
    await ls.client.deployRequests.deploy(org, 'cancels', dr.number);
    const copying = await ls.client.waitForDeployRequest(org, 'cancels', dr.number, {
      until: (d) => d.deployment_state === 'in_progress' && d.deployment.deploy_operations.some((o) => o.state === 'in_progress'), timeoutMs: 30_000, intervalMs: 20,
    });
    expect(copying.deployment.deploy_operations[0]!.progress_percentage).toBeLessThan(100);
    await ls.client.deployRequests.cancel(org, 'cancels', dr.number);
    expect((await waitFor(ls, dr.number, ['complete_cancel'], 'cancels')).deployment_state).toBe('complete_cancel');
    expect(await columnsOf(ls, 'app', 'big', 'cancels')).toEqual(['id', 'v']);
    await ls.client.deployRequests.throttle(org, 'cancels', dr.number, { ratio: 0 });
    await ls.client.deployRequests.autoApply(org, 'cancels', dr.number, true);
    await ls.client.deployRequests.deploy(org, 'cancels', dr.number);
    expect((await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], 'cancels')).deployment_state).toBe('complete_pending_revert');
    expect(await columnsOf(ls, 'app', 'big', 'cancels')).toEqual(['id', 'v', 's']);
    await ls.client.deployRequests.skipRevert(org, 'cancels', dr.number);
  });

  it('nothing to cancel once deployed', async () => {
    const list = await ls.client.deployRequests.list(org, 'cancels', { state: 'closed' });
    const done = list.data.find((d) => d.deployment_state === 'complete')!;
    expect(await refused(ls, done.number, 'cancel', 'cancels')).toMatchObject({ status: 409, code: 'conflict' });
  });
});

describe('close, approvals, throttler', () => {
  it('closing: allowed before deploying, refused while deploying, and a closed request refuses actions', async () => {
    await branchWith(ls, 'to-close', { app: ['CREATE TABLE c (id int PRIMARY KEY)'] }, undefined, database);
    const dr = await openRequest(ls, 'to-close', { database });
    const closed = await ls.client.deployRequests.close(org, database, dr.number);
    expect(closed).toMatchObject({ state: 'closed', deployment_state: 'ready' });
    expect(closed.closed_at).not.toBeNull();
    expect(closed.closed_by?.id).toBe('test-token-id');
    expect(await refused(ls, dr.number, 'deploy', database)).toMatchObject({ status: 409, message: expect.stringMatching(/closed/) });
    const filtered = await ls.client.deployRequests.list(org, database, { state: 'closed', branch: 'to-close' });
    expect(filtered.data.map((d) => d.number)).toEqual([dr.number]);
  });

  it('lists by deployed_at and running_at ranges', async () => {
    const all = await ls.client.deployRequests.list(org, database, { state: 'deployed' });
    expect(all.data.length).toBeGreaterThan(0);
    const since = await ls.client.deployRequests.list(org, database, { deployed_at: '2000-01-01T00:00:00Z..' });
    expect(since.data.map((d) => d.number).sort()).toEqual(all.data.map((d) => d.number).sort());
    expect((await ls.client.deployRequests.list(org, database, { deployed_at: '2999-01-01T00:00:00Z..2999-12-31T00:00:00Z' })).data).toEqual([]);
    const ran = await ls.client.deployRequests.list(org, database, { running_at: `..${new Date().toISOString()}` });
    expect(ran.data.length).toBeGreaterThanOrEqual(all.data.length);
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/deploy-requests?deployed_at=yesterday`)).status).toBe(400);
  });

  it('a database requiring approval refuses deploys until someone else approves', async () => {
    await branchWith(ls, 'needs-ok', { app: ['CREATE TABLE ok (id int PRIMARY KEY)'] }, undefined, 'approvals');
    const dr = await openRequest(ls, 'needs-ok', { database: 'approvals' });
    expect(dr.approved).toBe(false);
    expect(await refused(ls, dr.number, 'deploy', 'approvals')).toMatchObject({ status: 403, message: expect.stringContaining('approved') });
    const self = await ls.call(`/v1/organizations/${org}/databases/approvals/deploy-requests/${dr.number}/reviews`, { method: 'POST', json: { state: 'approved' } });
    expect(self.status).toBe(403);
    const comment = await ls.client.deployRequests.review(org, 'approvals', dr.number, { state: 'commented', body: 'looks fine' });
    expect(comment.state).toBe('commented');
    const other = await ls.call(`/v1/organizations/${org}/databases/approvals/deploy-requests/${dr.number}/reviews`, { method: 'POST', json: { state: 'approved', body: 'ship it' }, headers: { Authorization: 'reviewer:secret' } });
    expect(other.status).toBe(201);
    expect((await ls.client.deployRequests.get(org, 'approvals', dr.number)).approved).toBe(true);
    const reviews = await ls.client.deployRequests.reviews(org, 'approvals', dr.number);
    expect(reviews.data.map((r) => [r.state, r.actor.id])).toEqual([['commented', 'test-token-id'], ['approved', 'reviewer']]);
    const queued = await ls.client.deployRequests.deploy(org, 'approvals', dr.number);
    expect(queued.deployment.actor?.id).toBe('test-token-id');
    expect((await waitFor(ls, dr.number, ['pending_cutover', 'complete_error'], 'approvals')).deployment_state).toBe('pending_cutover');
    const cancelled = await ls.client.deployRequests.cancel(org, 'approvals', dr.number);
    expect(cancelled.deployment).toMatchObject({ actor: { id: 'test-token-id' }, cancelled_actor: { id: 'test-token-id' } });
  });

  it('throttler: per request 0..95, per keyspace, the compat 0..0.95 endpoint, and the database default', async () => {
    await branchWith(ls, 'throttled', { app: ['CREATE TABLE th (id int PRIMARY KEY)'] }, undefined, database);
    const dr = await openRequest(ls, 'throttled', { database });
    const set = await ls.client.deployRequests.throttle(org, database, dr.number, { ratio: 40 });
    expect(set).toMatchObject({ keyspaces: ['app'], configurations: [{ keyspace_name: 'app', ratio: 40 }] });
    const perKs = await ls.client.deployRequests.throttle(org, database, dr.number, { configurations: [{ keyspace_name: 'app', ratio: 10 }] });
    expect(perKs.configurations).toEqual([{ keyspace_name: 'app', ratio: 10 }]);
    expect((await refused(ls, dr.number, 'throttler', database, 'PATCH', { ratio: 96 })).status).toBe(422);
    expect((await refused(ls, dr.number, 'throttler', database, 'PATCH', { configurations: [{ keyspace_name: 'nope', ratio: 5 }] })).status).toBe(422);
    const compat = await ls.call(`/v1/organizations/${org}/databases/${database}/deploy-requests/${dr.number}/throttle`, { method: 'PUT', json: { throttle_ratio: 0.5 } });
    expect(compat.body).toEqual({ status: 'ok' });
    expect((await ls.client.deployRequests.throttler(org, database, dr.number)).configurations).toEqual([{ keyspace_name: 'app', ratio: 50 }]);
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/deploy-requests/${dr.number}/throttle`, { method: 'PUT', json: { throttle_ratio: 1 } })).status).toBe(422);
    const dbThrottler = await ls.call(`/v1/organizations/${org}/databases/${database}/throttler`, { method: 'PATCH', json: { ratio: 25 } });
    expect(dbThrottler.body.configurations).toEqual([{ keyspace_name: 'app', ratio: 25 }]);
    await branchWith(ls, 'inherits', { app: ['CREATE TABLE inh (id int PRIMARY KEY)'] }, undefined, database);
    const inherited = await openRequest(ls, 'inherits', { database });
    expect((await ls.client.deployRequests.throttler(org, database, inherited.number)).configurations).toEqual([{ keyspace_name: 'app', ratio: 25 }]);
  });
});
