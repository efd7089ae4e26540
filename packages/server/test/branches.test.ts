// Branches through the SDK: lifecycle, schema snapshots, the compatibility schema endpoints, VSchema
// isolation, refresh, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPhysicalDatabases, type Row } from '@localscale/mysql';
import { startTestServer, type TestServer } from './support/localscale.js';

let ls: TestServer;
const org = 'acme', database = 'shop';
const path = { organization: org, database };

beforeAll(async () => {
  ls = await startTestServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }, { name: 'orders', shards: 2 }] } } } } });
  // Something to snapshot: a table on main (directly, as a seed would).
  await ls.call(`/v1/organizations/${org}/databases/${database}/branches/main/safe-migrations`, { method: 'DELETE' });
  await ls.call(`/v1/organizations/${org}/databases/${database}/branches/main/schema`, { method: 'POST', json: { ddl: { shop: ['CREATE TABLE users (id bigint NOT NULL PRIMARY KEY, email varchar(255) NOT NULL)'], orders: ['CREATE TABLE orders (id bigint NOT NULL PRIMARY KEY, total decimal(10,2))'] } } });
  await ls.call(`/v1/organizations/${org}/databases/${database}/branches/main/safe-migrations`, { method: 'POST' });
});
afterAll(async () => { await ls?.stop(); });

async function createReadyBranch(name: string, parent?: string) {
  const { data, error, response } = await ls.client.api.POST('/organizations/{organization}/databases/{database}/branches', { params: { path }, body: { name, ...(parent ? { parent_branch: parent } : {}) } });
  expect(error, JSON.stringify(error)).toBeUndefined();
  expect(response.status).toBe(201);
  expect(data!).toMatchObject({ name, ready: false, production: false, parent_branch: parent ?? 'main' });
  await ls.snapshots.idle();
  const ready = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches/{branch}', { params: { path: { ...path, branch: name } } });
  expect(ready.data).toMatchObject({ name, ready: true, state: 'ready' });
  return ready.data!;
}

const schemaOf = async (branch: string, keyspace?: string) => {
  const { data } = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches/{branch}/schema', { params: { path: { ...path, branch }, query: keyspace ? { keyspace } : {} } });
  return data!.data.map((t) => t.name);
};

const applySchema = (branch: string, body: unknown) => ls.call(`/v1/organizations/${org}/databases/${database}/branches/${branch}/schema`, { method: 'POST', json: body });

describe('branch lifecycle', () => {
  it('create -> ready -> DDL via the compat endpoint -> branch schema shows it, main does not', async () => {
    await createReadyBranch('feature');
    expect(await schemaOf('feature')).toEqual(['orders', 'users']);
    const applied = await applySchema('feature', { ddl: { shop: ['ALTER TABLE users ADD COLUMN name varchar(100)', 'CREATE TABLE carts (id bigint NOT NULL PRIMARY KEY)'] } });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ ok: true, total_ddl: 2, vschema_count: 0 });
    expect(await schemaOf('feature', 'shop')).toEqual(['carts', 'users']);
    expect(await schemaOf('main', 'shop')).toEqual(['users']);
    const users = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches/{branch}/schema', { params: { path: { ...path, branch: 'feature' }, query: { keyspace: 'shop' } } });
    expect(users.data!.data.find((t) => t.name === 'users')!.raw).toMatch(/`name` varchar\(100\)/);
  });

  it('sharded keyspaces get the DDL on every shard', async () => {
    const applied = await applySchema('feature', { ddl: { orders: ['ALTER TABLE orders ADD COLUMN note text'] } });
    expect(applied.status).toBe(200);
    const names = await listPhysicalDatabases(ls.services.admin, ls.config.databasePrefix);
    const shards = names.filter((n) => n.includes('_feature_orders_'));
    expect(shards).toHaveLength(2);
    for (const shard of shards) {
      const [cols] = await ls.services.admin.query<Row[]>('SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [shard, 'orders']);
      expect(cols.map((c) => c.COLUMN_NAME)).toContain('note');
    }
  });

  it('lists, filters and pages branches', async () => {
    await createReadyBranch('second');
    const all = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches', { params: { path } });
    expect(all.data!.data.map((b) => b.name)).toEqual(['main', 'feature', 'second']);
    const prod = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches', { params: { path, query: { production: true } } });
    expect(prod.data!.data.map((b) => b.name)).toEqual(['main']);
    const paged = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches', { params: { path, query: { per_page: 2, page: 2 } } });
    expect(paged.data!.data.map((b) => b.name)).toEqual(['second']);
    expect(paged.data!.next_page).toBeNull();
  });

  it('a branch of a branch snapshots its parent, changes included', async () => {
    await createReadyBranch('child', 'feature');
    expect(await schemaOf('child', 'shop')).toEqual(['carts', 'users']);
  });

  it('refresh-schema throws the branch changes away', async () => {
    const refreshed = await ls.call(`/v1/organizations/${org}/databases/${database}/branches/second/refresh-schema`, { method: 'POST' });
    expect(refreshed.body).toEqual({ name: 'second', ready: false });
    await ls.snapshots.idle();
    await applySchema('second', { ddl: { shop: ['CREATE TABLE scratch (id int PRIMARY KEY)'] } });
    expect(await schemaOf('second', 'shop')).toEqual(['scratch', 'users']);
    await ls.call(`/v1/organizations/${org}/databases/${database}/branches/second/refresh-schema`, { method: 'POST' });
    await ls.snapshots.idle();
    expect(await schemaOf('second', 'shop')).toEqual(['users']);
  });

  it('deletes a branch (204) and its databases', async () => {
    await createReadyBranch('doomed');
    const before = await listPhysicalDatabases(ls.services.admin, ls.config.databasePrefix);
    const res = await ls.client.api.DELETE('/organizations/{organization}/databases/{database}/branches/{branch}', { params: { path: { ...path, branch: 'doomed' } } });
    expect(res.response.status).toBe(204);
    const after = await listPhysicalDatabases(ls.services.admin, ls.config.databasePrefix);
    expect(before.length - after.length).toBe(3);
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/branches/doomed`)).status).toBe(404);
  });

  it('promotes, demotes and toggles safe migrations', async () => {
    const p = { path: { ...path, branch: 'second' } };
    expect((await ls.client.api.POST('/organizations/{organization}/databases/{database}/branches/{branch}/promote', { params: p })).data!.production).toBe(true);
    expect((await ls.client.api.POST('/organizations/{organization}/databases/{database}/branches/{branch}/safe-migrations', { params: p })).data!.safe_migrations).toBe(true);
    expect((await ls.client.api.DELETE('/organizations/{organization}/databases/{database}/branches/{branch}/safe-migrations', { params: p })).data!.safe_migrations).toBe(false);
    expect((await ls.client.api.POST('/organizations/{organization}/databases/{database}/branches/{branch}/demote', { params: p })).data!.production).toBe(false);
  });
});

describe('VSchema', () => {
  const vschemaPath = (branch: string, keyspace = 'orders') => ({ path: { ...path, branch, keyspace } });
  const sharded = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { orders: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };

  it('a branch VSchema is independent of main until deployed', async () => {
    const patched = await ls.client.api.PATCH('/organizations/{organization}/databases/{database}/branches/{branch}/keyspaces/{keyspace}/vschema', { params: vschemaPath('feature'), body: { vschema: JSON.stringify(sharded) } });
    expect(patched.error).toBeUndefined();
    expect(JSON.parse(patched.data!.raw)).toEqual(sharded);
    const branch = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches/{branch}/keyspaces/{keyspace}/vschema', { params: vschemaPath('feature') });
    expect(JSON.parse(branch.data!.raw)).toEqual(sharded);
    const main = await ls.client.api.GET('/organizations/{organization}/databases/{database}/branches/{branch}/keyspaces/{keyspace}/vschema', { params: vschemaPath('main') });
    expect(JSON.parse(main.data!.raw)).toEqual({});
  });

  it('refuses invalid VSchema with 422, naming the problem', async () => {
    for (const [vschema, message] of [['{not json', /not valid JSON/], ['[1]', /must be a JSON object/], [JSON.stringify({ sharded: 'yes' }), /sharded/],
      [JSON.stringify({ vindexes: {}, tables: { t: { column_vindexes: [{ column: 'id', name: 'missing' }] } } }), /not defined in vindexes/]] as const) {
      const res = await ls.call(`/v1/organizations/${org}/databases/${database}/branches/feature/keyspaces/orders/vschema`, { method: 'PATCH', json: { vschema } });
      expect(res.status, vschema).toBe(422);
      expect(res.body.message).toMatch(message);
    }
  });

  it('the compat endpoint applies VSchema objects too', async () => {
    const res = await applySchema('child', { vschema: { orders: sharded } });
    expect(res.body).toEqual({ ok: true, total_ddl: 0, vschema_count: 1 });
  });

  it('main has safe migrations: its VSchema only changes through deploy requests', async () => {
    const res = await ls.call(`/v1/organizations/${org}/databases/${database}/branches/main/keyspaces/orders/vschema`, { method: 'PATCH', json: { vschema: '{}' } });
    expect(res.status).toBe(409);
  });
});

describe('refusals change nothing', () => {
  const create = (body: unknown) => ls.call(`/v1/organizations/${org}/databases/${database}/branches`, { method: 'POST', json: body });

  it('duplicate names get 409 "Name has already been taken"', async () => {
    const res = await create({ name: 'feature' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ code: 'conflict', message: 'Name has already been taken' });
  });

  it('invalid names and unknown parents get 422', async () => {
    for (const name of ['Feature', 'with space', '`x`', '../up', 'a'.repeat(100), '-lead']) expect((await create({ name })).status, name).toBe(422);
    const unknown = await create({ name: 'orphan', parent_branch: 'nope' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toMatch(/parent_branch nope does not exist/);
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/branches/orphan`)).status).toBe(404);
  });

  it('main cannot be deleted or demoted', async () => {
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/branches/main`, { method: 'DELETE' })).status).toBe(409);
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/branches/main/demote`, { method: 'POST' })).status).toBe(409);
  });

  it('the compat endpoint validates every statement before running any, and refuses DDL on safe-migrations branches', async () => {
    const before = await schemaOf('feature', 'shop');
    const res = await applySchema('feature', { ddl: { shop: ['CREATE TABLE ok1 (id int PRIMARY KEY)', 'DELETE FROM users'] } });
    expect(res.status).toBe(422);
    expect(await schemaOf('feature', 'shop')).toEqual(before);
    expect((await applySchema('feature', { ddl: { nope: ['CREATE TABLE x (id int PRIMARY KEY)'] } })).status).toBe(404);
    expect((await applySchema('main', { ddl: { shop: ['CREATE TABLE x (id int PRIMARY KEY)'] } })).status).toBe(409);
  });

  it('unknown keyspaces 404 on schema and vschema', async () => {
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/branches/feature/schema?keyspace=nope`)).status).toBe(404);
    expect((await ls.call(`/v1/organizations/${org}/databases/${database}/branches/feature/keyspaces/nope/vschema`)).status).toBe(404);
  });

  it('lint reports tables without a primary key', async () => {
    await applySchema('child', { ddl: { shop: ['CREATE TABLE nopk (a int)'] } });
    const res = await ls.call(`/v1/organizations/${org}/databases/${database}/branches/child/schema/lint`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ table_name: 'nopk', keyspace_name: 'shop', subject_type: 'table' })]));
  });
});
