// What the hostile-input run aims at: real resources (a table on main, a branch with a change, an
// open deploy request, a password, a webhook, a service token), so that well-formed parts of a request reach the handlers, and
// canaries: a table beside main's data, a schema of its own and a table in the metadata schema, each
// with one row. A successful injection through any name would drop or empty one of them.
import { physicalShards, quoteIdentifier, type Row } from '@localscale/mysql';
import { describeAnswer } from './http.js';
import type { Server } from './server.js';

const org = 'acme', db = 'shop', keyspace = 'app';

const mainDatabase = (server: Server) => physicalShards(server.tag, org, db, 'main', { name: keyspace, shards: 1 })[0]!.database;
export const canarySchemaOf = (server: Server) => `canary_${server.tag}`;

export async function seedFixtures(server: Server): Promise<{ deployRequest: number; passwordId: string; webhookId: string; serviceTokenId: string }> {
  const must = async (p: string, json: unknown) => {
    const a = await server.call(p, { method: 'POST', json });
    if (a.status >= 300) throw new Error(`${p}: ${describeAnswer(a)}`);
  };
  await must('/admin/seed-ddl', { org, database: db, keyspace, statements: ['CREATE TABLE t (id int NOT NULL PRIMARY KEY, v varchar(20))'] });
  // A webhook hearing every event the run causes, pointed at a port where nothing listens (the
  // discard port): deliveries fail fast, are retried and end the way failing ones do, all through the outbox.
  const webhook = await server.client.webhooks.create(org, db, {
    url: 'http://127.0.0.1:9/planetscale',
    events: ['branch.ready', 'deploy_request.opened', 'deploy_request.queued', 'deploy_request.in_progress', 'deploy_request.pending_cutover',
      'deploy_request.schema_applied', 'deploy_request.errored', 'deploy_request.reverted', 'deploy_request.closed'],
  });
  await server.client.branches.create(org, db, { name: 'feature' });
  await server.client.waitForBranchReady(org, db, 'feature', { timeoutMs: 60_000, intervalMs: 50 });
  await must(`/v1/organizations/${org}/databases/${db}/branches/feature/schema`, { ddl: { [keyspace]: ['ALTER TABLE t ADD COLUMN w int NULL'] } });
  const dr = await server.client.deployRequests.create(org, db, { branch: 'feature', into_branch: 'main' });
  await server.client.waitForDeployRequest(org, db, dr.number, { until: ['ready', 'no_changes', 'error'], timeoutMs: 60_000, intervalMs: 50 });
  const password = await server.client.passwords.create(org, db, 'main', { name: 'fuzz', role: 'reader' });
  const token = await server.client.serviceTokens.create(org, { name: 'fuzz' });
  return { deployRequest: dr.number, passwordId: password.id, webhookId: webhook.id, serviceTokenId: token.id };
}

export async function plantCanaries(server: Server): Promise<string> {
  const schema = canarySchemaOf(server);
  await server.admin.query(`CREATE DATABASE ${quoteIdentifier(schema)}`);
  for (const where of [mainDatabase(server), schema, server.metadataSchema]) {
    await server.admin.query(`CREATE TABLE ${quoteIdentifier(where)}.canary (id int NOT NULL PRIMARY KEY, note varchar(20))`);
    await server.admin.query(`INSERT INTO ${quoteIdentifier(where)}.canary VALUES (1, 'alive')`);
  }
  return schema;
}

/** Rows left in each canary (1 each when nothing got through); -1 for a canary that is gone. */
export async function canariesAlive(server: Server): Promise<{ main: number; schema: number; metadata: number }> {
  const count = async (where: string) => {
    try {
      const [[row]] = await server.admin.query<Row[]>(`SELECT COUNT(*) AS n FROM ${quoteIdentifier(where)}.canary WHERE note = 'alive'`);
      return Number(row!.n);
    } catch {
      return -1;
    }
  };
  const result = { main: await count(mainDatabase(server)), schema: await count(canarySchemaOf(server)), metadata: await count(server.metadataSchema) };
  return result;
}

export async function removeCanarySchema(server: Server): Promise<void> {
  await server.admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(canarySchemaOf(server))}`);
}
