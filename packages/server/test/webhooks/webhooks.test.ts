// Webhooks end to end, with a real HTTP receiver: the API (PlanetScale's rules and errors), a signed
// test send, every transition of a deploy announced in order with PlanetScale's body, and retries,
// backoff, timeouts and disabling on a clock the test moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, type PlanetScaleError } from '@localscale/sdk';
import { routes } from '../../src/generated/routes.js';
import { validateResponse } from '../../src/http/validation.js';
import { branchWith, db, openRequest, org, seedMain, waitFor } from '../deploy/support.js';
import { ManualClock } from '../support/clock.js';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const config = { organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] }, other: {} } } } };
const routeOf = (id: string) => routes.find((r) => r.operationId === id)!;
/** The resource of a delivery is what the matching GET answers: the spec's schema of that answer. */
const expectShapeOf = (operationId: string, resource: unknown) => expect(() => validateResponse(routeOf(operationId), 200, resource)).not.toThrow();

async function expectSigned(r: { headers: Record<string, unknown>; body: string }, secret: string) {
  expect(r.headers['content-type']).toBe('application/json');
  expect(await verifyWebhookSignature(r.body, r.headers['x-planetscale-signature'] as string, secret)).toBe(true);
  expect(await verifyWebhookSignature(r.body, r.headers['x-planetscale-signature'] as string, 'another secret')).toBe(false);
}

const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: PlanetScaleError) => e);
  return err && { status: err.status, code: err.code, message: err.message };
};

describe('the webhooks API', () => {
  let ls: TestServer;
  let receiver: Receiver;
  beforeAll(async () => { [ls, receiver] = await Promise.all([startTestServer(config), startReceiver()]); });
  afterAll(async () => { await receiver?.close(); await ls?.stop(); });

  it('creates, lists, gets, updates and deletes webhooks, with PlanetScale\'s fields', async () => {
    const created = await ls.client.webhooks.create(org, 'other', { url: 'https://hooks.example.com/ps', events: ['deploy_request.opened', 'branch.ready'] });
    expect(created).toMatchObject({
      url: 'https://hooks.example.com/ps', enabled: true, events: ['deploy_request.opened', 'branch.ready'],
      last_sent_result: '', last_sent_success: false, last_sent_at: null,
    });
    expect(created.secret).toMatch(/^[0-9a-f]{40}$/);
    expect((await ls.client.webhooks.list(org, 'other')).data.map((w) => w.id)).toEqual([created.id]);
    expect(await ls.client.webhooks.get(org, 'other', created.id)).toEqual(created);
    const updated = await ls.client.webhooks.update(org, 'other', created.id, { enabled: false, events: ['deploy_request.closed'] });
    expect(updated).toMatchObject({ enabled: false, events: ['deploy_request.closed'], secret: created.secret });
    await ls.client.webhooks.delete(org, 'other', created.id);
    expect(await refusal(ls.client.webhooks.get(org, 'other', created.id))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await refusal(ls.client.webhooks.list(org, 'nope'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('keeps PlanetScale\'s limits: 5 webhooks a database, URLs LocalScale can reach, events from PlanetScale\'s list', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await ls.client.webhooks.create(org, 'other', { url: `https://hooks.example.com/${i}` }));
    expect(await refusal(ls.client.webhooks.create(org, 'other', { url: 'https://hooks.example.com/6' })))
      .toMatchObject({ status: 422, message: 'A database can have at most 5 webhooks' });
    for (const w of made) await ls.client.webhooks.delete(org, 'other', w.id);
    expect(await refusal(ls.client.webhooks.create(org, 'other', { url: 'http://hooks.example.com/plain' })))
      .toMatchObject({ status: 422, message: expect.stringContaining('https://') });
    expect((await refusal(ls.client.webhooks.create(org, 'other', { url: 'https://x.example.com', events: ['deploy_request.exploded' as 'branch.ready'] })))?.status).toBe(422);
    expect((await ls.client.webhooks.list(org, 'other')).data).toEqual([]);
  });

  it('a test send is a signed webhook.test delivery of the database; a second within 20 s answers 429', async () => {
    const hook = await ls.client.webhooks.create(org, db, { url: receiver.url, events: [] });
    const before = receiver.received.length;
    await ls.client.webhooks.test(org, db, hook.id);
    const [got] = (await receiver.waitFor(before + 1)).slice(before);
    await expectSigned(got!, hook.secret);
    expect(Object.keys(got!.json)).toEqual(['timestamp', 'event', 'organization', 'database', 'resource']);
    expect(got!.json).toMatchObject({ event: 'webhook.test', organization: org, database: db, resource: { name: db } });
    expect(Math.abs(got!.json.timestamp - Date.now() / 1000)).toBeLessThan(120);
    expectShapeOf('get_database', got!.json.resource);
    expect(await refusal(ls.client.webhooks.test(org, db, hook.id)))
      .toMatchObject({ status: 429, code: 'too_many_requests', message: 'You can only send one webhook test every 20 seconds' });
    await ls.webhooks.idle();
    expect(await ls.client.webhooks.get(org, db, hook.id)).toMatchObject({ last_sent_success: true, last_sent_result: '200 OK', last_sent_at: expect.any(String) });
    const { data } = await ls.call('/admin/webhook-deliveries?organization=acme&database=shop').then((r) => r.body as { data: any[] });
    expect(data[0]).toMatchObject({ webhook_id: hook.id, event: 'webhook.test', state: 'delivered', attempts: 1, body: got!.body });
    expect(data[0].attempt_log).toEqual([{ attempt: 1, started_at: expect.any(String), duration_ms: expect.any(Number), http_status: 200, success: true, error: null }]);
    await ls.client.webhooks.update(org, db, hook.id, { enabled: false });
    expect(await refusal(ls.client.webhooks.test(org, db, hook.id))).toMatchObject({ status: 422 });
    await ls.client.webhooks.delete(org, db, hook.id);
  });
});

describe('deploy request and branch events', () => {
  let ls: TestServer;
  let receiver: Receiver;
  beforeAll(async () => { [ls, receiver] = await Promise.all([startTestServer(config), startReceiver()]); });
  afterAll(async () => { await receiver?.close(); await ls?.stop(); });

  it('every transition of a gated deploy, its revert and close reach the receiver in order, signed, with the deploy request as GET shows it', async () => {
    await seedMain(ls, 'shop', ['CREATE TABLE t (id bigint PRIMARY KEY)']);
    const all = await ls.client.webhooks.create(org, db, {
      url: receiver.url,
      events: ['branch.ready', 'deploy_request.opened', 'deploy_request.queued', 'deploy_request.in_progress', 'deploy_request.pending_cutover',
        'deploy_request.schema_applied', 'deploy_request.errored', 'deploy_request.reverted', 'deploy_request.closed'],
    });
    const closedOnly = await ls.client.webhooks.create(org, db, { url: `${receiver.url}/closed`, events: ['deploy_request.closed'] });
    await ls.client.webhooks.create(org, 'other', { url: `${receiver.url}/other`, events: ['deploy_request.opened', 'branch.ready'] });

    await branchWith(ls, 'dev', { shop: ['ALTER TABLE t ADD COLUMN c int'] });
    const { number } = await openRequest(ls, 'dev');
    await ls.client.deployRequests.deploy(org, db, number);
    await waitFor(ls, number, ['pending_cutover']);
    await ls.client.deployRequests.applyDeploy(org, db, number);
    await waitFor(ls, number, ['complete_pending_revert']);
    await ls.client.deployRequests.revert(org, db, number);
    await waitFor(ls, number, ['complete_revert']);

    const expected = [
      ['branch.ready', null], ['deploy_request.opened', 'pending'], ['deploy_request.queued', 'queued'], ['deploy_request.in_progress', 'in_progress'],
      ['deploy_request.pending_cutover', 'pending_cutover'], ['deploy_request.schema_applied', 'complete_pending_revert'],
      ['deploy_request.reverted', 'complete_revert'], ['deploy_request.closed', 'complete_revert'],
    ];
    await receiver.waitFor(expected.length + 1);
    await ls.webhooks.idle();
    // Deliveries of each webhook, told apart by their signatures.
    const byHook = async (secret: string) => {
      const mine = [];
      for (const r of receiver.received) if (await verifyWebhookSignature(r.body, r.headers['x-planetscale-signature'] as string, secret)) mine.push(r);
      return mine;
    };
    const delivered = await byHook(all.secret);
    expect(delivered.map((r) => [r.json.event, r.json.resource.deployment_state ?? null])).toEqual(expected);
    for (const r of delivered) {
      expect(r.json).toMatchObject({ organization: org, database: db });
      if (r.json.event === 'branch.ready') {
        expect(r.json.resource).toMatchObject({ name: 'dev', ready: true, parent_branch: 'main' });
        expectShapeOf('get_branch', r.json.resource);
      } else {
        expect(r.json.resource).toMatchObject({ number, branch: 'dev', into_branch: 'main' });
        expectShapeOf('get_deploy_request', r.json.resource);
      }
    }
    expect(delivered.at(-1)!.json.resource).toMatchObject({ state: 'closed', closed_at: expect.any(String) });
    expect(delivered.find((r) => r.json.event === 'deploy_request.schema_applied')!.json.resource.deployed_at).toEqual(expect.any(String));
    expect((await byHook(closedOnly.secret)).map((r) => r.json.event)).toEqual(['deploy_request.closed']);
    // The other database's webhook heard nothing: its database had no events.
    expect(receiver.received.filter((r) => r.json.database === 'other')).toEqual([]);
  });
});

describe('retries, timeouts and disabling, on a clock the test moves', () => {
  let ls: TestServer;
  let receiver: Receiver;
  const clock = new ManualClock();
  beforeAll(async () => {
    // PlanetScale's 2 s timeout: shorter ones are hard to tell from a loaded machine's first connection.
    [ls, receiver] = await Promise.all([startTestServer(config, { clock, webhooks: { pollMs: 60_000 } }), startReceiver()]);
  });
  afterAll(async () => { await receiver?.close(); await ls?.stop(); });

  const deliveries = async () => (await ls.call(`/admin/webhook-deliveries?organization=${org}&database=${db}`)).body.data as any[];
  /** Moves the clock a second at a time (letting the dispatcher run in between) until `done`. */
  async function until(done: () => Promise<boolean> | boolean, what: string) {
    for (let i = 0; i < 400; i++) {
      await ls.webhooks.idle();
      if (await done()) return;
      clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  it('retries with growing delays, one delivery at a time and in order, until one gets a 2xx', async () => {
    const hook = await ls.client.webhooks.create(org, db, { url: receiver.url });
    receiver.answer = (n) => (n <= 2 ? 500 : 200);
    await ls.client.webhooks.test(org, db, hook.id);
    await receiver.waitFor(1);
    clock.advance(20_000);
    await ls.client.webhooks.test(org, db, hook.id); // queued behind the first, which is being retried
    await until(() => receiver.received.length >= 4, 'four requests');
    const [second, first] = await deliveries();
    expect(first.attempt_log.map((a: any) => a.http_status)).toEqual([500, 500, 200]);
    expect(first.state).toBe('delivered');
    // The first retry came a second after the first attempt failed, the second two seconds after that.
    const starts = first.attempt_log.map((a: any) => Date.parse(a.started_at));
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(1_000);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(2_000);
    expect(second).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(receiver.received.map((r) => r.body)).toEqual([first.body, first.body, first.body, second.body]);
    await ls.client.webhooks.delete(org, db, hook.id);
  });

  it('an answer slower than the timeout fails the attempt; a webhook that keeps failing is disabled and drops what it had queued', async () => {
    receiver.received.length = 0;
    receiver.answer = 'hang';
    const hook = await ls.client.webhooks.create(org, db, { url: receiver.url });
    clock.advance(20_000);
    await ls.client.webhooks.test(org, db, hook.id);
    await receiver.waitFor(1);
    clock.advance(20_000);
    await ls.client.webhooks.test(org, db, hook.id); // waits behind the first
    await until(async () => !(await ls.client.webhooks.get(org, db, hook.id)).enabled, 'the webhook to be disabled');
    const [queued, d] = await deliveries();
    expect(d).toMatchObject({ state: 'failed', attempts: 6 });
    expect(queued).toMatchObject({ state: 'skipped', attempts: 0, attempt_log: [] });
    expect(d.attempt_log.map((a: any) => a.error)).toEqual(Array(6).fill('timed out after 2000 ms'));
    expect(await ls.client.webhooks.get(org, db, hook.id)).toMatchObject({ enabled: false, last_sent_success: false, last_sent_result: 'error: timed out after 2000 ms' });
    receiver.release();

    // Enabled again, it starts afresh.
    receiver.answer = 200;
    await ls.client.webhooks.update(org, db, hook.id, { enabled: true });
    clock.advance(20_000);
    const before = receiver.received.length;
    await ls.client.webhooks.test(org, db, hook.id);
    await receiver.waitFor(before + 1);
    await ls.webhooks.idle();
    expect(await ls.client.webhooks.get(org, db, hook.id)).toMatchObject({ enabled: true, last_sent_success: true, last_sent_result: '200 OK' });
  });
});
