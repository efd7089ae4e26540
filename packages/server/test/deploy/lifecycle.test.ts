// Deploy requests end to end through the SDK, on the embedded Vitess engine and real MySQL: every
// kind of change, gated and automatic cut-over, instant deploys, VSchema phases, revert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { admin, branchWith, columnsOf, db, mainQuery, openRequest, org, refused, seedMain, tablesOf, waitFor } from './support.js';

let ls: TestServer;
const usersTable = 'CREATE TABLE users (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL, legacy varchar(20))';
const sharded = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { orders: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };

beforeAll(async () => {
  ls = await startTestServer({
    revert_window_duration: '10m',
    organizations: {
      acme: {
        databases: {
          shop: { keyspaces: [{ name: 'shop' }] },
          create: { keyspaces: [{ name: 'create' }] },
          instant: { keyspaces: [{ name: 'instant' }] },
          multi: { keyspaces: [{ name: 'catalog' }, { name: 'orders', shards: 2 }] },
          vs: { keyspaces: [{ name: 'orders', shards: 2 }] },
        },
      },
    },
  });
  await seedMain(ls, 'shop', [usersTable]);
  await mainQuery(ls, 'shop', "INSERT INTO users (email, legacy) VALUES ('a@x', 'l1'), ('b@x', 'l2'), ('c@x', 'l3')");
  await seedMain(ls, 'instant', ['CREATE TABLE t (id int PRIMARY KEY, a int)'], 'instant');
  await seedMain(ls, 'catalog', ['CREATE TABLE products (id int PRIMARY KEY, name varchar(50))'], 'multi');
  await seedMain(ls, 'orders', ['CREATE TABLE orders (id bigint PRIMARY KEY, total int)'], 'multi');
  await seedMain(ls, 'orders', ['CREATE TABLE orders (id bigint PRIMARY KEY, total int)'], 'vs');
});
afterAll(async () => { await ls?.stop(); });

describe('deploy requests', () => {
  it('no changes: no_changes, and deploy is refused', async () => {
    await branchWith(ls, 'same', {});
    const dr = await openRequest(ls, 'same');
    expect(dr.deployment_state).toBe('no_changes');
    expect(dr.deployment.deployable).toBe(false);
    expect((await refused(ls, dr.number, 'deploy')).status).toBe(409);
  });

  it('ALTER with a gated cut-over: pending_cutover until apply-deploy, then the revert window, then revert preserves data', async () => {
    await branchWith(ls, 'add-name', { shop: ['ALTER TABLE users ADD COLUMN name varchar(100) NULL AFTER email', 'ALTER TABLE users DROP COLUMN legacy'] });
    const dr = await openRequest(ls, 'add-name');
    expect(dr.deployment_state).toBe('ready');
    expect(dr.deployment.deployable).toBe(true);
    const diff = await ls.client.deployRequests.diff(org, db, dr.number);
    expect(diff.data.map((d) => d.name)).toEqual(['users']);
    expect((await refused(ls, dr.number, 'apply-deploy')).status).toBe(409);

    const queued = await ls.client.deployRequests.deploy(org, db, dr.number);
    expect(queued.deployment_state).toBe('queued');
    const gated = await waitFor(ls, dr.number, ['pending_cutover', 'complete_error']);
    expect(gated.deployment_state).toBe('pending_cutover');
    expect(gated.deployment.ready_to_cutover_at).not.toBeNull();
    const ops = await ls.client.deployRequests.operations(org, db, dr.number);
    expect(ops.data).toEqual([expect.objectContaining({ table_name: 'users', operation_name: 'ALTER', keyspace_name: 'shop', progress_percentage: 100, can_drop_data: true })]);
    expect(await columnsOf(ls, 'shop', 'users')).toEqual(['id', 'email', 'legacy']);

    await ls.client.deployRequests.applyDeploy(org, db, dr.number);
    const deployed = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error']);
    expect(deployed.deployment_state).toBe('complete_pending_revert');
    expect(deployed.deployed_at).not.toBeNull();
    expect(deployed.deployment.cutover_at).not.toBeNull();
    expect(deployed.deployment.deploy_operations[0]!.state).toBe('complete');
    expect(await columnsOf(ls, 'shop', 'users')).toEqual(['id', 'email', 'name']);
    await mainQuery(ls, 'shop', "INSERT INTO users (email, name) VALUES ('d@x', 'Dee')");

    await ls.client.deployRequests.revert(org, db, dr.number);
    const reverted = await waitFor(ls, dr.number, ['complete_revert', 'complete_revert_error']);
    expect(reverted.deployment_state).toBe('complete_revert');
    expect(reverted.state).toBe('closed');
    expect(await columnsOf(ls, 'shop', 'users')).toEqual(['id', 'email', 'legacy']);
    const rows = await mainQuery(ls, 'shop', 'SELECT email, legacy FROM users ORDER BY id');
    expect(rows.rows).toEqual([['a@x', 'l1'], ['b@x', 'l2'], ['c@x', 'l3'], ['d@x', null]]);
  });

  it('CREATE TABLE with auto cut-over, then skip-revert makes it final and closes the request', async () => {
    await branchWith(ls, 'carts', { create: ['CREATE TABLE carts (id bigint NOT NULL PRIMARY KEY, user_id bigint NOT NULL)'] }, undefined, 'create');
    const dr = await openRequest(ls, 'carts', { autoCutover: true, database: 'create' });
    expect(dr.deployment.auto_cutover).toBe(true);
    await ls.client.deployRequests.deploy(org, 'create', dr.number);
    const deployed = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], 'create');
    expect(deployed.deployment_state).toBe('complete_pending_revert');
    expect(deployed.deployment.deploy_operations).toEqual([expect.objectContaining({ operation_name: 'CREATE', table_name: 'carts', state: 'complete' })]);
    expect(await tablesOf(ls, 'create', 'create')).toEqual(['carts']);
    const skipped = await ls.client.deployRequests.skipRevert(org, 'create', dr.number);
    expect(skipped).toMatchObject({ deployment_state: 'complete', state: 'closed' });
    expect((await refused(ls, dr.number, 'revert', 'create')).status).toBe(409);
  });

  it('instant deploys apply at once, skip the revert window and cannot be reverted', async () => {
    await branchWith(ls, 'add-b', { instant: ['ALTER TABLE t ADD COLUMN b int'] }, undefined, 'instant');
    const dr = await openRequest(ls, 'add-b', { database: 'instant' });
    expect(dr.deployment.instant_ddl_eligible).toBe(true);
    await ls.client.deployRequests.deploy(org, 'instant', dr.number, { instant_ddl: true });
    const done = await waitFor(ls, dr.number, ['complete', 'complete_error'], 'instant');
    expect(done).toMatchObject({ deployment_state: 'complete', state: 'closed', deployment: { instant_ddl: true } });
    expect(await columnsOf(ls, 'instant', 't', 'instant')).toEqual(['id', 'a', 'b']);
    expect(await refused(ls, dr.number, 'revert', 'instant')).toMatchObject({ status: 409, message: expect.stringMatching(/closed|Instant/) });
  });

  it('instant deploy of a change that is not instant-eligible is refused', async () => {
    await branchWith(ls, 'index-a', { instant: ['ALTER TABLE t ADD INDEX ix_a (a)'] }, undefined, 'instant');
    const dr = await openRequest(ls, 'index-a', { database: 'instant' });
    expect(dr.deployment.instant_ddl_eligible).toBe(false);
    expect((await refused(ls, dr.number, 'deploy', 'instant', 'POST', { instant_ddl: true })).status).toBe(422);
  });

  it('changes in several keyspaces, one of them sharded, deploy together', async () => {
    await branchWith(ls, 'both', { catalog: ['ALTER TABLE products ADD COLUMN price int'], orders: ['ALTER TABLE orders ADD COLUMN note varchar(10)'] }, undefined, 'multi');
    const dr = await openRequest(ls, 'both', { autoCutover: true, database: 'multi' });
    await ls.client.deployRequests.deploy(org, 'multi', dr.number);
    const done = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], 'multi');
    expect(done.deployment_state).toBe('complete_pending_revert');
    expect(done.deployment.deploy_operation_summaries.map((s) => [s.keyspace_name, s.shard_count])).toEqual([['catalog', 1], ['orders', 2]]);
    expect(await columnsOf(ls, 'catalog', 'products', 'multi')).toEqual(['id', 'name', 'price']);
    // Each shard's own database (vtgate-exec would ask one shard, as vtgate does for information_schema).
    const perShard = await admin(ls, 'branch-db-query', {
      org, database: 'multi', branch: 'main', keyspace: 'orders',
      query: "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'",
    });
    expect(perShard.body.rows).toEqual([['1'], ['1']]);
    await ls.client.deployRequests.skipRevert(org, 'multi', dr.number);
  });

  it('VSchema only: deployed through in_progress_vschema, reverted back', async () => {
    await branchWith(ls, 'vindex', {}, { orders: sharded }, 'vs');
    const dr = await openRequest(ls, 'vindex', { autoCutover: true, database: 'vs' });
    expect(dr.deployment_state).toBe('ready');
    await ls.client.deployRequests.deploy(org, 'vs', dr.number);
    const done = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], 'vs');
    expect(done.deployment_state).toBe('complete_pending_revert');
    const main = await ls.client.keyspaces.vschema(org, 'vs', 'main', 'orders');
    expect(JSON.parse(main.raw)).toEqual(sharded);
    await ls.client.deployRequests.revert(org, 'vs', dr.number);
    expect((await waitFor(ls, dr.number, ['complete_revert', 'complete_revert_error'], 'vs')).deployment_state).toBe('complete_revert');
    expect(JSON.parse((await ls.client.keyspaces.vschema(org, 'vs', 'main', 'orders')).raw)).toEqual({});
  });

  it('VSchema and DDL together', async () => {
    const withTable = { ...sharded, tables: { ...sharded.tables, items: { column_vindexes: [{ column: 'order_id', name: 'hash' }] } } };
    await branchWith(ls, 'items', { orders: ['CREATE TABLE items (order_id bigint NOT NULL, sku varchar(20) NOT NULL, PRIMARY KEY (order_id, sku))'] }, { orders: withTable }, 'vs');
    const dr = await openRequest(ls, 'items', { autoCutover: true, database: 'vs' });
    await ls.client.deployRequests.deploy(org, 'vs', dr.number);
    const done = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error'], 'vs');
    expect(done.deployment_state).toBe('complete_pending_revert');
    expect((await tablesOf(ls, 'orders', 'vs')).sort()).toEqual(['items', 'orders']);
    // Every shard has the new table: SHOW TABLES in each shard's own database.
    const perShard = await admin(ls, 'branch-db-query', { org, database: 'vs', branch: 'main', keyspace: 'orders', query: 'SHOW TABLES' });
    expect((perShard.body.rows as string[][]).map((r) => r[0]!).filter((t) => !t.startsWith('_vt_')).sort()).toEqual(['items', 'items', 'orders', 'orders']);
    expect(JSON.parse((await ls.client.keyspaces.vschema(org, 'vs', 'main', 'orders')).raw)).toEqual(withTable);
    await ls.client.deployRequests.skipRevert(org, 'vs', dr.number);
  });
});
