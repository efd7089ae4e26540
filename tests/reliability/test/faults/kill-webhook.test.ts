// SIGKILL of LocalScale in the middle of a webhook delivery: the receiver holds the first request
// open, an event is queued behind it, and LocalScale dies. After the restart both are delivered, the
// interrupted one again (at least once) and in order, signed, and the attempt log shows the attempt
// that was cut short.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@localscale/sdk';
import { Cluster, db, org } from '../support/cluster.js';
import { note } from '../support/scale.js';

let cluster: Cluster | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeReceiver?.();
  await cluster?.destroy();
  cluster = undefined;
});

/** A webhook receiver that holds its first request open and answers the others 200. */
async function holdingReceiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (received.length === 1) held.push(res);
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeReceiver = async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

it('a delivery cut short by SIGKILL is made again after the restart, before the event queued behind it', async () => {
  cluster = await Cluster.create();
  const c = cluster;
  const receiver = await holdingReceiver();
  const hook = await c.client.webhooks.create(org, db, { url: receiver.url, events: ['deploy_request.opened'] });
  await c.seed(['CREATE TABLE t (id bigint NOT NULL PRIMARY KEY)']);
  await c.branchWith('dev', ['ALTER TABLE t ADD COLUMN c int']);

  await c.client.webhooks.test(org, db, hook.id);
  await c.until('the first delivery to reach the receiver', async () => (receiver.received.length ? true : undefined));
  const dr = await c.client.deployRequests.create(org, db, { branch: 'dev', into_branch: 'main' }); // queued behind the held delivery
  await c.killAndRestart();

  await c.until('both deliveries after the restart', async () => (receiver.received.length >= 3 ? true : undefined), 60_000);
  const events = receiver.received.map((r) => JSON.parse(r.body).event);
  expect(events).toEqual(['webhook.test', 'webhook.test', 'deploy_request.opened']);
  expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
  for (const r of receiver.received) expect(await verifyWebhookSignature(r.body, r.headers['x-planetscale-signature'] as string, hook.secret)).toBe(true);
  expect(JSON.parse(receiver.received[2]!.body)).toMatchObject({ organization: org, database: db, resource: { number: dr.number, deployment_state: 'pending' } });

  const deliveries = await c.until('the deliveries to settle', async () => {
    const { data } = await c.ok(`/admin/webhook-deliveries?organization=${org}&database=${db}`);
    return data.every((d: { state: string }) => d.state === 'delivered') ? data : undefined;
  });
  const test = deliveries.find((d: { event: string }) => d.event === 'webhook.test');
  expect(test.attempt_log.map((a: { duration_ms: number | null; http_status: number | null }) => [a.duration_ms === null, a.http_status])).toEqual([[true, null], [false, 200]]);
  expect((await c.client.webhooks.get(org, db, hook.id))).toMatchObject({ enabled: true, last_sent_success: true });
  note('webhook delivery across SIGKILL', { requests: receiver.received.length, attempts_of_interrupted: test.attempts });
});
