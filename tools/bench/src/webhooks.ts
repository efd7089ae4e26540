// Webhooks and strict-mode accesses (issue 18). Three measurements, each against a baseline in the
// same run on the same machine:
// - outbox throughput: N deliveries queued for one webhook (one at a time, in order, each attempt
//   claimed and settled in the metadata) until the receiver has them all, against the same N signed
//   POSTs sent one after another straight from this process to the same receiver;
// - a test send: POST .../webhooks/{id}/test until the receiver has it, against one direct POST;
// - authorization: GET .../branches with a service token made through the API (looked up, its accesses
//   checked) against the same request with a configured token (no look-up, every access).
// Sizes: BENCH_DELIVERIES (500), BENCH_REQUESTS (400).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startManagedMysql, systemClock, webhooks, type Clock } from '@localscale/mysql';
import { createPlanetScaleClient } from '@localscale/sdk';
import { createLogger, resolveConfig, startLocalScale } from '@localscale/server';
import { createHmac } from 'node:crypto';
import { report } from './report.js';
import { median, percentile, round } from './stats.js';

const deliveries = Number(process.env.BENCH_DELIVERIES ?? 500);
const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const org = 'bench', db = 'hooks';
const admin = { id: 'bench-admin', token: 'pscale_tkn_bench_admin' };

/** The machine's clock, which this benchmark moves past the 20 s between test sends. */
let offset = 0;
const clock: Clock = { now: () => new Date(Date.now() + offset), setTimer: (ms, fn) => systemClock.setTimer(ms, fn) };

let received = 0;
const waiters: (() => void)[] = [];
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    for (const w of waiters.splice(0)) w();
    res.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
const until = async (n: number) => { while (received < n) await new Promise<void>((resolve) => waiters.push(resolve)); };

const mysqld = await startManagedMysql();
const config = resolveConfig({
  log_level: 'silent', auth: { mode: 'strict', service_tokens: [admin] },
  organizations: { [org]: { databases: { [db]: {} } } },
}, { port: 0, mysqlUrl: mysqld.url, metadataSchema: 'ls_bench_hooks', databasePrefix: 'bwh' });
const ls = await startLocalScale(config, { log: createLogger('silent'), clock });
try {
  const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: admin.id, serviceToken: admin.token, retry: false });
  const hook = await client.webhooks.create(org, db, { url, events: [] });
  const database = (await client.databases.get(org, db)).id;

  // Outbox throughput.
  const body = JSON.stringify({ timestamp: 0, event: 'webhook.test', organization: org, database: db, resource: { id: database, name: db, padding: 'x'.repeat(2_000) } });
  let t0 = performance.now();
  await webhooks.enqueueDeliveries(ls.services.metadata, Array.from({ length: deliveries }, () => ({ webhookId: hook.id, event: 'webhook.test', body })), clock.now());
  ls.services.deliveriesQueued();
  await until(deliveries);
  const outboxMs = performance.now() - t0;
  await ls.webhooks.idle();

  const signature = createHmac('sha256', hook.secret).update(body).digest('hex');
  const start = received;
  t0 = performance.now();
  for (let i = 0; i < deliveries; i++) {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-planetscale-signature': signature } });
    await res.arrayBuffer();
  }
  const directMs = performance.now() - t0;
  if (received - start !== deliveries) throw new Error('the direct POSTs did not all arrive');

  // A test send, end to end, against one direct POST.
  const testMs: number[] = [], postMs: number[] = [];
  for (let i = 0; i < 15; i++) {
    offset += 21_000;
    const before = received;
    t0 = performance.now();
    await client.webhooks.test(org, db, hook.id);
    await until(before + 1);
    testMs.push(performance.now() - t0);
    t0 = performance.now();
    await (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).arrayBuffer();
    postMs.push(performance.now() - t0);
  }
  await ls.webhooks.idle();

  // Authorization: a token made through the API against a configured one, same request.
  const made = await client.serviceTokens.create(org, { name: 'bench' });
  await client.serviceTokens.addAccess(org, made.id, { database: db, access: ['read_branch'] });
  const path = `${ls.apiUrl}/organizations/${org}/databases/${db}/branches`;
  const timed = async (authorization: string) => {
    const out: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      const res = await fetch(path, { headers: { authorization } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET branches answered ${res.status}`);
      out.push(performance.now() - t);
    }
    return out;
  };
  await timed(`${admin.id}:${admin.token}`); // warm-up
  const configured: number[] = [], apiToken: number[] = [];
  for (let round_ = 0; round_ < 2; round_++) {
    configured.push(...await timed(`${admin.id}:${admin.token}`));
    apiToken.push(...await timed(`${made.id}:${made.token}`));
  }

  await report('webhooks', {
    outbox: {
      deliveries, body_bytes: body.length,
      outbox_ms_per_delivery: round(outboxMs / deliveries, 2), direct_post_ms: round(directMs / deliveries, 2),
      ratio: round(outboxMs / directMs, 2),
    },
    test_send: { runs: testMs.length, median_ms: round(median(testMs)), direct_post_median_ms: round(median(postMs)), ratio: round(median(testMs) / median(postMs), 2) },
    authorization: {
      requests: configured.length,
      configured_token: { median_ms: round(median(configured), 2), p99_ms: round(percentile(configured, 99), 2) },
      api_token: { median_ms: round(median(apiToken), 2), p99_ms: round(percentile(apiToken, 99), 2) },
      ratio_median: round(median(apiToken) / median(configured), 2),
    },
  });
} finally {
  await ls.stop();
  await mysqld.stop();
  receiver.closeAllConnections();
  receiver.close();
}
