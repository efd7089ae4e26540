import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { idle, settle, submitOne, tableName, waitRows } from './harness.js';

eachAdapter('ordering and concurrency', (h) => {
  it('--in-order-completion completes migrations in submission order', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('io');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const strategy = 'vitess --in-order-completion --allow-concurrent';
    const first = await submitOne(h(), `alter table ${t} add column a int`, `${strategy} --postpone-completion`, 'ctx-io');
    await waitRows(h(), h().keyspace, first, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    const second = await submitOne(h(), `create table ${tableName('io2')} (id int primary key)`, strategy, 'ctx-io');
    await idle(h());
    // The CREATE is immediate but must wait its turn behind the postponed ALTER.
    expect((await h().engine.showMigrations({ keyspace: h().keyspace, uuid: second }))[0]!.migration_status).not.toBe('complete');
    await h().engine.complete(h().keyspace, { uuid: first });
    const a = await settle(h(), h().keyspace, first);
    const b = await settle(h(), h().keyspace, second);
    expect([a.migration_status, b.migration_status]).toEqual(['complete', 'complete']);
    expect(a.completed_timestamp! <= b.completed_timestamp!).toBe(true);
  });

  it('--in-order-completion fails a migration whose predecessor in the same context was cancelled (v21+)', async () => {
    const first = await submitOne(h(), `create table ${tableName('if1')} (id int primary key)`, 'vitess --in-order-completion --postpone-launch', 'ctx-iof');
    const second = await submitOne(h(), `create table ${tableName('if2')} (id int primary key)`, 'vitess --in-order-completion', 'ctx-iof');
    await h().engine.cancel(h().keyspace, { uuid: first });
    const row = await settle(h(), h().keyspace, second);
    expect(row.migration_status).toBe('failed');
    expect(row.message).toBe(`migration ${second} cannot run because prior migration ${first} in same context has failed/was cancelled`);
  });

  it('runs one non-concurrent migration at a time, but lets --allow-concurrent ones run alongside', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('cc');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const running = await submitOne(h(), `alter table ${t} add column a int`, 'vitess --postpone-completion');
    await waitRows(h(), h().keyspace, running, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    const blocked = await submitOne(h(), `create table ${tableName('cb')} (id int primary key)`, 'vitess');
    const concurrent = await submitOne(h(), `create table ${tableName('cn')} (id int primary key)`, 'vitess --allow-concurrent');
    expect((await settle(h(), h().keyspace, concurrent)).migration_status).toBe('complete');
    expect((await h().engine.showMigrations({ keyspace: h().keyspace, uuid: blocked }))[0]!.migration_status).toBe('ready');
    await h().engine.complete(h().keyspace, { uuid: running });
    expect((await settle(h(), h().keyspace, blocked)).migration_status).toBe('complete');
  });

  it('never runs two migrations on the same table at once, even with --allow-concurrent', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('st');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const first = await submitOne(h(), `alter table ${t} add column a int`, 'vitess --allow-concurrent --postpone-completion');
    await waitRows(h(), h().keyspace, first, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    const second = await submitOne(h(), `alter table ${t} add column b int`, 'vitess --allow-concurrent');
    await idle(h());
    expect((await h().engine.showMigrations({ keyspace: h().keyspace, uuid: second }))[0]!.migration_status).toBe('ready');
    await h().engine.complete(h().keyspace, { uuid: first });
    expect((await settle(h(), h().keyspace, second)).migration_status).toBe('complete');
  });
});
