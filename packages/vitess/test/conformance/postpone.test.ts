import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { idle, settle, submitOne, tableName, waitRows, waitStatus } from './harness.js';

eachAdapter('postponed completion and launch', (h) => {
  it('keeps a postponed immediate operation queued with ready_to_complete=1 until COMPLETE', async () => {
    const t = tableName('pc');
    const uuid = await submitOne(h(), `create table ${t} (id int primary key)`, 'vitess --postpone-completion');
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready to complete');
    await idle(h());
    const [row] = await h().engine.showMigrations({ keyspace: h().keyspace, uuid });
    expect(row).toMatchObject({ migration_status: 'queued', ready_to_complete: 1, postpone_completion: 1 });
    expect(await h().engine.complete(h().keyspace, { uuid })).toBe(1);
    expect(await settle(h(), h().keyspace, uuid)).toMatchObject({ migration_status: 'complete', postpone_completion: 0 });
    expect(await h().engine.complete(h().keyspace, { uuid })).toBe(0);
  });

  it('runs a postponed ALTER to running, ready_to_complete=1, progress 100, and cuts over only after COMPLETE', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('pa');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, a int)`);
    await h().exec(h().keyspace, `insert into ${t} values ${Array.from({ length: 120 }, (_, i) => `(${i + 1}, ${i})`).join(',')}`);
    const uuid = await submitOne(h(), `alter table ${t} add column b int`, 'vitess --postpone-completion');
    const [ready] = await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready to complete');
    expect(ready).toMatchObject({ migration_status: 'running', progress: 100, postpone_completion: 1, rows_copied: 120 });
    expect(ready!.ready_to_complete_timestamp).not.toBeNull();
    await idle(h());
    expect((await h().engine.showMigrations({ keyspace: h().keyspace, uuid }))[0]!.migration_status).toBe('running');
    await h().exec(h().keyspace, `insert into ${t} (id, a) values (1000, 1)`);
    expect(await h().engine.complete(h().keyspace, { uuid })).toBe(1);
    expect(await settle(h(), h().keyspace, uuid)).toMatchObject({ migration_status: 'complete' });
    expect(await h().query(h().keyspace, `select count(*) as n from ${t} where b is null`)).toEqual([{ n: 121 }]);
  });

  it('COMPLETE ALL completes every postponed pending migration', async () => {
    const a = await submitOne(h(), `create table ${tableName('ca')} (id int primary key)`, 'vitess --postpone-completion --allow-concurrent');
    const b = await submitOne(h(), `create table ${tableName('cb')} (id int primary key)`, 'vitess --postpone-completion --allow-concurrent');
    await waitRows(h(), h().keyspace, b, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    expect(await h().engine.complete(h().keyspace, { all: true })).toBe(2);
    expect((await settle(h(), h().keyspace, a)).migration_status).toBe('complete');
    expect((await settle(h(), h().keyspace, b)).migration_status).toBe('complete');
  });

  it('holds a --postpone-launch migration queued (but reviewed) until LAUNCH', async () => {
    const uuid = await submitOne(h(), `create table ${tableName('pl')} (id int primary key)`, 'vitess --postpone-launch');
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.reviewed_timestamp !== null), 'reviewed');
    await idle(h());
    const [row] = await h().engine.showMigrations({ keyspace: h().keyspace, uuid });
    expect(row).toMatchObject({ migration_status: 'queued', postpone_launch: 1, ready_to_complete: 0 });
    expect(await h().engine.launch(h().keyspace, { uuid })).toBe(1);
    expect((await settle(h(), h().keyspace, uuid)).migration_status).toBe('complete');
    expect(await h().engine.launch(h().keyspace, { uuid })).toBe(0);
  });

  it('launches shard by shard with VITESS_SHARDS', async ({ skip }) => {
    if (!h().sharded) skip();
    const ks = h().sharded!;
    const uuid = await submitOne(h(), `create table ${tableName('ls')} (id bigint primary key)`, 'vitess --postpone-launch', '', ks);
    await waitRows(h(), ks, uuid, (rows) => rows.every((r) => r.reviewed_timestamp !== null), 'reviewed');
    expect(await h().engine.launch(ks, { uuid }, ['-80'])).toBe(1);
    await waitRows(h(), ks, uuid, (rows) => rows.find((r) => r.shard === '-80')!.migration_status === 'complete', '-80 complete');
    expect((await h().engine.showMigrations({ keyspace: ks, uuid })).find((r) => r.shard === '80-')!.migration_status).toBe('queued');
    expect(await h().engine.launch(ks, { all: true })).toBe(1);
    await waitStatus(h(), ks, uuid, 'complete');
  });

  it('rejects --postpone-completion with the mysql strategy at review', async () => {
    const t = tableName('mp');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const row = await settle(h(), h().keyspace, await submitOne(h(), `alter table ${t} add column c int`, 'mysql --postpone-completion'));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toContain("--postpone-completion not supported in 'mysql' strategy");
  });
});
