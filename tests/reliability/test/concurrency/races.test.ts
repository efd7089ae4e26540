// Races a real client can start: the same action fired many times at once, many databases deploying
// at once, the same branch name created many times at once. Exactly one of a racing set may win; the
// others must be refused with a clean 409 envelope, and the metadata must stay consistent.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkConsistency, consistent } from '../support/consistency.js';
import { describeAnswer, isEnvelope, type Answer } from '../support/http.js';
import { note, scale } from '../support/scale.js';
import { startServer, type Server } from '../support/server.js';

const org = 'acme';
let server: Server;
beforeAll(async () => {
  server = await startServer({ revert_window_duration: '10m', organizations: { [org]: { databases: { shop: { keyspaces: [{ name: 'app' }] } } } } });
});
afterAll(async () => { await server?.stop(); });

const ok = async (res: Promise<Answer>) => {
  const a = await res;
  if (a.status < 200 || a.status >= 300) throw new Error(describeAnswer(a));
  return a.body;
};

/** main with a table, a branch changing it, and an open deploy request ready to deploy. */
async function readyRequest(database: string, keyspace: string, branch: string) {
  await ok(server.call('/admin/seed-ddl', { method: 'POST', json: { org, database, keyspace, statements: ['CREATE TABLE IF NOT EXISTS t (id int NOT NULL PRIMARY KEY, v int)'] } }));
  await server.client.branches.create(org, database, { name: branch });
  await server.client.waitForBranchReady(org, database, branch, { timeoutMs: 120_000, intervalMs: 100 });
  await ok(server.call(`/v1/organizations/${org}/databases/${database}/branches/${branch}/schema`, { method: 'POST', json: { ddl: { [keyspace]: [`ALTER TABLE t ADD COLUMN c_${branch.replace(/-/g, '_')} int NULL`] } } }));
  const dr = await server.client.deployRequests.create(org, database, { branch, into_branch: 'main', auto_cutover: true });
  return server.client.waitForDeployRequest(org, database, dr.number, { until: ['ready', 'no_changes', 'error'], timeoutMs: 120_000, intervalMs: 100 });
}

it(`${scale.parallelDeploys} parallel deploy calls for one deploy request: exactly one proceeds, the rest are refused with 409`, async () => {
  const dr = await readyRequest('shop', 'app', 'race');
  expect(dr.deployment_state).toBe('ready');
  const answers = await Promise.all(Array.from({ length: scale.parallelDeploys }, () =>
    server.call(`/v1/organizations/${org}/databases/shop/deploy-requests/${dr.number}/deploy`, { method: 'POST', json: {}, timeoutMs: 60_000 })));
  const byStatus = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  expect(byStatus, answers.filter((a) => a.status !== 200 && a.status !== 409).map(describeAnswer).slice(0, 3).join('\n')).toEqual({ 200: 1, 409: scale.parallelDeploys - 1 });
  expect(answers.filter((a) => a.status === 409).every((a) => isEnvelope(a.body) && a.body.code === 'conflict')).toBe(true);
  const done = await server.client.waitForDeployRequest(org, 'shop', dr.number, { until: ['complete_pending_revert', 'complete_error'], timeoutMs: 120_000, intervalMs: 100 });
  expect(done.deployment_state).toBe('complete_pending_revert');
  note('parallel deploy calls', { calls: answers.length, statuses: byStatus });
});

it(`${scale.databases} databases deploying at once all reach complete_pending_revert`, async () => {
  const names = Array.from({ length: scale.databases }, (_, i) => `fleet-${i}`);
  const created = await Promise.all(names.map((name) => server.call(`/v1/organizations/${org}/databases`, { method: 'POST', json: { name, cluster_size: 'PS_10' }, timeoutMs: 120_000 })));
  expect(created.map((a) => a.status), created.filter((a) => a.status !== 201).map(describeAnswer).join('\n')).toEqual(names.map(() => 201));
  const requests = await Promise.all(names.map((name) => readyRequest(name, name, 'change')));
  expect(requests.map((r) => r.deployment_state)).toEqual(names.map(() => 'ready'));
  await Promise.all(requests.map((r, i) => server.client.deployRequests.deploy(org, names[i]!, r.number)));
  const finished = await Promise.all(requests.map((r, i) =>
    server.client.waitForDeployRequest(org, names[i]!, r.number, { until: ['complete_pending_revert', 'complete_error'], timeoutMs: 240_000, intervalMs: 200 })));
  expect(finished.map((d) => d.deployment_state)).toEqual(names.map(() => 'complete_pending_revert'));
  note('databases deploying at once', { databases: names.length, complete_pending_revert: finished.length });
});

it(`${scale.branchRacers} concurrent creates of one branch name: one 201, the rest 409 "Name has already been taken"`, async () => {
  const answers = await Promise.all(Array.from({ length: scale.branchRacers }, () =>
    server.call(`/v1/organizations/${org}/databases/shop/branches`, { method: 'POST', json: { name: 'contested' }, timeoutMs: 60_000 })));
  const byStatus = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  expect(byStatus, answers.filter((a) => a.status !== 201 && a.status !== 409).map(describeAnswer).slice(0, 3).join('\n')).toEqual({ 201: 1, 409: scale.branchRacers - 1 });
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toEqual({ code: 'conflict', message: 'Name has already been taken' });
  const branch = await server.client.waitForBranchReady(org, 'shop', 'contested', { timeoutMs: 60_000, intervalMs: 100 });
  expect(branch.ready).toBe(true);
  const { problems, summary } = await checkConsistency(server.admin, server.metadataSchema, server.tag);
  expect(problems).toEqual(consistent);
  note('concurrent branch creates', { calls: answers.length, statuses: byStatus, metadata: summary });
});
