// SQL injection through every name that reaches SQL: organization, database, branch and keyspace
// names (in paths, bodies and query strings), webhook URLs and ids, service token names, ids and the
// database an access is granted on, the keyspace of the admin query helpers, VSchema keys,
// and table and column names in DDL through the compatibility endpoint, down to an online deploy of
// a table whose name and columns are injection attempts. Canaries beside main's data, in a schema of
// their own and in the metadata schema must all survive, and no answer may be a 5xx.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkConsistency, consistent } from '../support/consistency.js';
import { canariesAlive, plantCanaries, removeCanarySchema, seedFixtures } from '../support/fixtures.js';
import { describeAnswer, isEnvelope, type Answer, type CallInit } from '../support/http.js';
import { injections } from '../support/hostile.js';
import { note } from '../support/scale.js';
import { startServer, type Server } from '../support/server.js';

const org = 'acme', db = 'shop';
const base = `/v1/organizations/${org}/databases/${db}`;
let server: Server;
let payloads: string[];
let tokenId: string;
const answers: { what: string; answer: Answer }[] = [];

beforeAll(async () => {
  server = await startServer({ organizations: { [org]: { databases: { [db]: { keyspaces: [{ name: 'app' }] } } } } });
  payloads = injections(await plantCanaries(server));
  tokenId = (await seedFixtures(server)).serviceTokenId;
});
afterAll(async () => {
  if (server) await removeCanarySchema(server);
  await server?.stop();
});

async function attempt(what: string, path: string, init: CallInit = {}): Promise<Answer> {
  const answer = await server.call(path, init);
  answers.push({ what, answer });
  return answer;
}

const quoted = (name: string) => `\`${name.replace(/`/g, '``')}\``;

it('names in paths and query strings', async () => {
  for (const p of payloads) {
    const e = encodeURIComponent(p);
    await attempt('organization', `/v1/organizations/${e}/databases`);
    await attempt('database', `/v1/organizations/${org}/databases/${e}/branches`);
    await attempt('branch', `${base}/branches/${e}/schema`);
    await attempt('keyspace', `${base}/branches/main/keyspaces/${e}/vschema`);
    await attempt('keyspace query', `${base}/branches/main/schema?keyspace=${e}`);
    await attempt('list filter', `${base}/deploy-requests?branch=${e}&into_branch=${e}`);
    await attempt('search', `/v1/organizations/${org}/databases?q=${e}`);
  }
});

it('names in bodies and the admin helpers', async () => {
  for (const p of payloads) {
    await attempt('create database', `/v1/organizations/${org}/databases`, { method: 'POST', json: { name: p, cluster_size: 'PS_10' } });
    await attempt('create branch', `${base}/branches`, { method: 'POST', json: { name: p } });
    await attempt('parent branch', `${base}/branches`, { method: 'POST', json: { name: 'child', parent_branch: p } });
    await attempt('deploy request branches', `${base}/deploy-requests`, { method: 'POST', json: { branch: p, into_branch: p } });
    await attempt('password name', `${base}/branches/main/passwords`, { method: 'POST', json: { name: p, role: 'reader' } });
    await attempt('webhook url', `${base}/webhooks`, { method: 'POST', json: { url: `https://hooks.example.com/${p}` } });
    await attempt('webhook id', `${base}/webhooks/${encodeURIComponent(p)}`, { method: 'PATCH', json: { enabled: false } });
    await attempt('service token name', `/v1/organizations/${org}/service-tokens`, { method: 'POST', json: { name: p } });
    await attempt('service token id', `/v1/organizations/${org}/service-tokens/${encodeURIComponent(p)}/access`, { method: 'POST', json: { database: db, access: ['read_branch'] } });
    await attempt('access database and name', `/v1/organizations/${org}/service-tokens/${tokenId}/access`, { method: 'POST', json: { database: p, access: [p] } });
    await attempt('webhook deliveries filter', `/admin/webhook-deliveries?organization=${org}&database=${db}&webhook=${encodeURIComponent(p)}`);
    await attempt('vtgate-exec keyspace', '/admin/vtgate-exec', { method: 'POST', json: { org, database: db, keyspace: p, query: 'SELECT 1' } });
    await attempt('vtgate-exec database', '/admin/vtgate-exec', { method: 'POST', json: { org, database: p, keyspace: 'app', query: 'SELECT 1' } });
    await attempt('branch-db-query names', '/admin/branch-db-query', { method: 'POST', json: { org, database: db, branch: p, keyspace: p, query: 'SELECT 1' } });
    await attempt('seed-ddl keyspace', '/admin/seed-ddl', { method: 'POST', json: { org, database: db, keyspace: p, statements: ['CREATE TABLE seeded (id int PRIMARY KEY)'] } });
    await attempt('seed-ddl strategy', '/admin/seed-ddl', { method: 'POST', json: { org, database: db, keyspace: 'app', strategy: p, statements: ['CREATE TABLE seeded2 (id int PRIMARY KEY)'] } });
    const vschema = { tables: { [p]: {} }, vindexes: { [p]: { type: 'hash' } } };
    await attempt('vschema keys', `${base}/branches/feature/keyspaces/app/vschema`, { method: 'PATCH', json: { vschema: JSON.stringify(vschema) } });
    await attempt('seed-vschema keys', '/admin/seed-vschema', { method: 'POST', json: { org, database: db, keyspace: 'app', vschema } });
    await attempt('compat keyspace key', `${base}/branches/feature/schema`, { method: 'POST', json: { ddl: { [p]: ['CREATE TABLE k (id int PRIMARY KEY)'] } } });
  }
});

it('table and column names in DDL through the compatibility endpoint, deployed online', async () => {
  // Quoted properly, these are legal (if unkind) identifiers: they must be created, diffed, copied
  // and cut over as names, never run as SQL.
  const table = payloads[0]!.trim().slice(0, 60), column = payloads[1]!.trim().slice(0, 60); // MySQL names cannot end in a space
  await server.client.branches.create(org, db, { name: 'hostile-names' });
  await server.client.waitForBranchReady(org, db, 'hostile-names', { timeoutMs: 60_000, intervalMs: 50 });
  const ddl = [`CREATE TABLE ${quoted(table)} (id int NOT NULL PRIMARY KEY, ${quoted(column)} varchar(20))`, `ALTER TABLE t ADD COLUMN ${quoted(column)} int NULL`];
  const applied = await attempt('compat DDL names', `${base}/branches/hostile-names/schema`, { method: 'POST', json: { ddl: { app: ddl } } });
  expect(applied.status, describeAnswer(applied)).toBe(200);
  for (const p of payloads) {
    await attempt('compat DDL unquoted', `${base}/branches/feature/schema`, { method: 'POST', json: { ddl: { app: [`CREATE TABLE ${p} (id int PRIMARY KEY)`, `DROP TABLE ${p}`] } } });
  }
  const dr = await server.client.deployRequests.create(org, db, { branch: 'hostile-names', into_branch: 'main', auto_cutover: true });
  const ready = await server.client.waitForDeployRequest(org, db, dr.number, { until: ['ready', 'no_changes', 'error'], timeoutMs: 60_000, intervalMs: 50 });
  expect(ready.deployment_state).toBe('ready');
  // The main branch's table t has rows, so the ALTER runs as an online copy with triggers naming the column.
  await attempt('seed rows', '/admin/vtgate-exec', { method: 'POST', json: { org, database: db, keyspace: 'app', query: 'INSERT INTO t (id, v) VALUES (1, ?), (2, ?)', args: [payloads[2], payloads[3]] } });
  await server.client.deployRequests.deploy(org, db, dr.number);
  const done = await server.client.waitForDeployRequest(org, db, dr.number, { until: ['complete_pending_revert', 'complete_error'], timeoutMs: 60_000, intervalMs: 50 });
  expect(done.deployment_state, JSON.stringify(done.deployment.deploy_operations)).toBe('complete_pending_revert');
  await server.client.deployRequests.revert(org, db, dr.number);
  const reverted = await server.client.waitForDeployRequest(org, db, dr.number, { until: ['complete_revert', 'complete_revert_error'], timeoutMs: 60_000, intervalMs: 50 });
  expect(reverted.deployment_state).toBe('complete_revert');
});

it('every attempt was answered without a 5xx, and every canary survived', async () => {
  const bad = answers.filter(({ answer: a }) => a.status === 0 || (a.status >= 500 && a.status !== 501) || (a.status >= 400 && !isEnvelope(a.body)));
  expect(bad.map(({ what, answer }) => `${what}: ${describeAnswer(answer)}`)).toEqual([]);
  expect(await canariesAlive(server)).toEqual({ main: 1, schema: 1, metadata: 1 });
  await server.ls.snapshots.idle();
  expect((await checkConsistency(server.admin, server.metadataSchema, server.tag)).problems).toEqual(consistent);
  const byStatus = answers.reduce<Record<number, number>>((m, { answer: a }) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  note('sql injection attempts', { payloads: payloads.length, requests: answers.length, by_status: byStatus, canaries: 'intact' });
});
