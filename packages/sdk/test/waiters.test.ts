// Waiters poll until done, report progress, give up at their deadline and stop when aborted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlanetScaleClient, WaitTimeoutError, type BranchProgress, type DeployRequestProgress } from '../src/index.js';
import { startStubServer, type Reply, type StubServer } from './support/stub-server.js';

let stub: StubServer;
beforeAll(async () => { stub = await startStubServer(); });
afterAll(async () => { await stub.close(); });
beforeEach(() => { stub.requests.length = 0; });

const client = () => createPlanetScaleClient({ baseUrl: stub.baseUrl, retry: false });
const fast = { intervalMs: 1 };

const operation = (table_name: string, progress_percentage: number | null, state = 'in_progress') =>
  ({ id: `op-${table_name}`, keyspace_name: 'shop', table_name, operation_name: 'ALTER', state, progress_percentage, eta_seconds: 5 });
const dr = (deployment_state: string, operations = [operation('orders', null, 'pending')]): Reply =>
  ({ json: { number: 7, state: 'open', deployment_state, deployment: { state: deployment_state, deploy_operations: operations } } });

describe('waitForDeployRequest', () => {
  it('polls until a settled state, reporting deployment_state and per-table progress', async () => {
    stub.script(
      dr('pending'),
      dr('in_progress', [operation('orders', 40), operation('users', 10)]),
      dr('in_progress', [operation('orders', 100, 'complete'), operation('users', 60)]),
      dr('complete_pending_revert', [operation('orders', 100, 'complete'), operation('users', 100, 'complete')]),
    );
    const seen: DeployRequestProgress[] = [];
    const result = await client().waitForDeployRequest('acme', 'shop', 7, { ...fast, onProgress: (p) => seen.push(p) });
    expect(result.deployment_state).toBe('complete_pending_revert');
    expect(seen.map((p) => p.deployment_state)).toEqual(['pending', 'in_progress', 'in_progress', 'complete_pending_revert']);
    expect(seen.map((p) => p.operations.map((o) => `${o.table_name}:${o.progress_percentage}`))).toEqual([
      ['orders:null'], ['orders:40', 'users:10'], ['orders:100', 'users:60'], ['orders:100', 'users:100'],
    ]);
    expect(seen[3]!.deployRequest.number).toBe(7);
    expect(stub.requests.map((r) => r.url)).toEqual(Array(4).fill('/v1/organizations/acme/databases/shop/deploy-requests/7'));
  });

  it('waits for the states given, or for a predicate', async () => {
    stub.script(dr('queued'), dr('pending_cutover'), dr('in_progress_cutover'), dr('complete'));
    expect((await client().waitForDeployRequest('acme', 'shop', 7, { ...fast, until: ['complete', 'complete_error'] })).deployment_state).toBe('complete');
    expect(stub.requests).toHaveLength(4);
    stub.requests.length = 0;
    stub.script(dr('queued'), dr('in_progress'), dr('complete'));
    const result = await client().waitForDeployRequest('acme', 'shop', 7, { ...fast, until: (d) => d.deployment_state.startsWith('in_progress') });
    expect(result.deployment_state).toBe('in_progress');
    expect(stub.requests).toHaveLength(2);
  });

  it('reads operations from the operations endpoint when a deploy request comes without a deployment', async () => {
    stub.handle((r) => r.path.endsWith('/operations')
      ? { json: { current_page: 1, next_page: null, data: [operation('orders', 55)] } }
      : { json: { number: 7, deployment_state: 'in_progress', deployment: null } });
    const seen: DeployRequestProgress[] = [];
    const controller = new AbortController();
    const reason = new Error('seen enough');
    await expect(client().waitForDeployRequest('acme', 'shop', 7, { ...fast, signal: controller.signal, onProgress: (p) => { seen.push(p); controller.abort(reason); } })).rejects.toBe(reason);
    expect(seen[0]!.operations.map((o) => o.progress_percentage)).toEqual([55]);
    expect(stub.requests.map((r) => r.url)).toEqual([
      '/v1/organizations/acme/databases/shop/deploy-requests/7',
      '/v1/organizations/acme/databases/shop/deploy-requests/7/operations?page=1&per_page=100',
    ]);
  });

  it('reports no operations when the operations endpoint has none for it', async () => {
    stub.handle((r) => r.path.endsWith('/operations') ? { status: 404, json: { code: 'not_found', message: 'Not Found' } } : { json: { number: 7, deployment_state: 'no_changes' } });
    const seen: DeployRequestProgress[] = [];
    await client().waitForDeployRequest('acme', 'shop', 7, { ...fast, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.deployment_state, p.operations])).toEqual([['no_changes', []]]);
  });

  it('gives up at the deadline with the last state it saw', async () => {
    stub.script(dr('in_progress'));
    const error = await client().waitForDeployRequest('acme', 'shop', 7, { intervalMs: 5, timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError<{ deployment_state: string }>).last?.deployment_state).toBe('in_progress');
    expect((error as Error).message).toMatch(/timed out after 50 ms waiting for deploy request acme\/shop#7/);
  });

  it('gives up at the deadline even while a request hangs', async () => {
    stub.handle(() => new Promise<Reply>(() => undefined));
    await expect(client().waitForDeployRequest('acme', 'shop', 7, { timeoutMs: 50 })).rejects.toBeInstanceOf(WaitTimeoutError);
    // The hanging poll was the only one (fetch itself may resend a request whose pooled socket was
    // found closed, so count what arrives after the deadline instead of the exact number before).
    const seen = stub.requests.length;
    expect(seen).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(stub.requests).toHaveLength(seen);
  });

  it('stops when aborted, with the signal reason, and polls no more', async () => {
    stub.script(dr('in_progress'));
    const controller = new AbortController();
    let polls = 0;
    const waiting = client().waitForDeployRequest('acme', 'shop', 7, { ...fast, signal: controller.signal, onProgress: () => { if (++polls === 2) controller.abort(); } });
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(stub.requests).toHaveLength(2);
  });

  it('does not start when already aborted', async () => {
    const reason = new Error('cancelled by user');
    await expect(client().waitForDeployRequest('acme', 'shop', 7, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(stub.requests).toHaveLength(0);
  });

  it('passes API errors through', async () => {
    stub.script({ status: 404, json: { code: 'not_found', message: 'Not Found' } });
    await expect(client().waitForDeployRequest('acme', 'shop', 7, fast)).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('waitForBranchReady', () => {
  const branch = (ready: boolean, state = ready ? 'ready' : 'pending'): Reply => ({ json: { name: 'feature', ready, state } });

  it('polls the branch until it is ready', async () => {
    stub.script(branch(false), branch(false), branch(true));
    const seen: BranchProgress[] = [];
    const result = await client().waitForBranchReady('acme', 'shop', 'feature', { ...fast, onProgress: (p) => seen.push(p) });
    expect(result).toMatchObject({ name: 'feature', ready: true });
    expect(seen.map((p) => [p.ready, p.state])).toEqual([[false, 'pending'], [false, 'pending'], [true, 'ready']]);
    expect(stub.requests.map((r) => r.url)).toEqual(Array(3).fill('/v1/organizations/acme/databases/shop/branches/feature'));
  });

  it('gives up at the deadline', async () => {
    stub.script(branch(false));
    await expect(client().waitForBranchReady('acme', 'shop', 'feature', { intervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject({
      name: 'WaitTimeoutError', last: { ready: false },
    });
  });
});
