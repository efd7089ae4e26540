// Plans stored before the plan kept the differ's structure hold plain statements per keyspace. Such a
// row still loads: its operations show kind, table and data loss derived once at load time, it
// deploys, and its next save writes the plan back in the current shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '@localscale/mysql';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { branchWith, db, openRequest, org, seedMain, waitFor } from './support.js';

let ls: TestServer;

beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }] } } } } });
  await seedMain(ls, 'shop', ['CREATE TABLE users (id bigint NOT NULL PRIMARY KEY, legacy varchar(20))']);
});
afterAll(async () => { await ls?.stop(); });

const storedPlan = async (number: number) => {
  const [rows] = await ls.services.metadata.query<Row[]>('SELECT plan FROM `deploy_requests` WHERE number = ?', [number]);
  return JSON.parse(String(rows[0]!.plan)) as { keyspaces: Record<string, unknown>[] };
};

describe('legacy plans (plain statements)', () => {
  it('load, show their operations, deploy, and are written back in the current shape', async () => {
    await branchWith(ls, 'drop-legacy', { shop: ['ALTER TABLE users DROP COLUMN legacy'] });
    const dr = await openRequest(ls, 'drop-legacy');
    expect(dr.deployment_state).toBe('ready');
    const current = await storedPlan(dr.number);
    expect(current.keyspaces[0]).toMatchObject({ keyspace: 'shop', changes: [{ kind: 'ALTER', table: 'users', dropsData: true }] });

    // The row as an older LocalScale stored it.
    const legacy = { keyspaces: [{ keyspace: 'shop', ddl: ['ALTER TABLE `users` DROP COLUMN `legacy`'], vschema: null }], instantEligible: false };
    await ls.services.metadata.query('UPDATE `deploy_requests` SET plan = ? WHERE number = ?', [JSON.stringify(legacy), dr.number]);

    const ops = await ls.client.deployRequests.operations(org, db, dr.number);
    expect(ops.data).toEqual([expect.objectContaining({ table_name: 'users', operation_name: 'ALTER', can_drop_data: true, state: 'pending' })]);
    expect((await ls.client.deployRequests.diff(org, db, dr.number)).data.map((d) => d.name)).toEqual(['users']);

    await ls.client.deployRequests.deploy(org, db, dr.number);
    expect((await waitFor(ls, dr.number, ['pending_cutover', 'complete_error'])).deployment_state).toBe('pending_cutover');
    expect((await storedPlan(dr.number)).keyspaces[0]).toEqual({
      keyspace: 'shop', vschema: null, changes: [{ kind: 'ALTER', table: 'users', sql: 'ALTER TABLE `users` DROP COLUMN `legacy`', dropsData: true }],
    });
    await ls.client.deployRequests.cancel(org, db, dr.number);
  });
});
