import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { settle, submitOne, tableName, waitRows } from './harness.js';

eachAdapter('cancel and retry', (h) => {
  it('cancels a queued migration (1 row), and then does nothing (0 rows)', async () => {
    const uuid = await submitOne(h(), `create table ${tableName('cq')} (id int primary key)`, 'vitess --postpone-launch');
    expect(await h().engine.cancel(h().keyspace, { uuid })).toBe(1);
    const row = await settle(h(), h().keyspace, uuid);
    expect(row).toMatchObject({ migration_status: 'cancelled', message: 'CANCEL issued by user' });
    expect(row.cancelled_timestamp).not.toBeNull();
    expect(await h().engine.cancel(h().keyspace, { uuid })).toBe(0);
  });

  it('cancels a ready migration held back by a running one', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('cr');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const blocker = await submitOne(h(), `alter table ${t} add column c int`, 'vitess --postpone-completion');
    await waitRows(h(), h().keyspace, blocker, (rows) => rows.every((r) => r.migration_status === 'running'), 'running');
    const waiting = await submitOne(h(), `create table ${tableName('cw')} (id int primary key)`);
    await waitRows(h(), h().keyspace, waiting, (rows) => rows.every((r) => r.migration_status === 'ready'), 'ready');
    expect(await h().engine.cancel(h().keyspace, { uuid: waiting })).toBe(1);
    expect((await settle(h(), h().keyspace, waiting)).migration_status).toBe('cancelled');
    expect(await h().engine.cancel(h().keyspace, { uuid: blocker })).toBe(1);
  });

  it('cancels a running online ALTER, removing its shadow table and leaving the table as it was', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('cx');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, a int)`);
    await h().exec(h().keyspace, `insert into ${t} values (1, 1), (2, 2)`);
    const uuid = await submitOne(h(), `alter table ${t} drop column a`, 'vitess --postpone-completion');
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    expect(await h().engine.cancel(h().keyspace, { uuid })).toBe(1);
    const row = await settle(h(), h().keyspace, uuid);
    expect(row.migration_status).toBe('cancelled');
    expect(await h().query(h().keyspace, `select * from ${t} order by id`)).toEqual([{ id: 1, a: 1 }, { id: 2, a: 2 }]);
    await h().exec(h().keyspace, `insert into ${t} values (3, 3)`);
  });

  it('does not cancel terminal migrations, and errors on an unknown UUID', async () => {
    const uuid = await submitOne(h(), `create table ${tableName('ct')} (id int primary key)`);
    await settle(h(), h().keyspace, uuid);
    expect(await h().engine.cancel(h().keyspace, { uuid })).toBe(0);
    await expect(h().engine.cancel(h().keyspace, { uuid: '00000000_0000_1000_8000_000000000000' })).rejects.toThrow(/migration not found/);
  });

  it('CANCEL ALL cancels every pending migration', async () => {
    const a = await submitOne(h(), `create table ${tableName('aa')} (id int primary key)`, 'vitess --postpone-launch');
    const b = await submitOne(h(), `create table ${tableName('ab')} (id int primary key)`, 'vitess --postpone-launch');
    expect(await h().engine.cancel(h().keyspace, { all: true })).toBe(2);
    expect(await settle(h(), h().keyspace, a)).toMatchObject({ migration_status: 'cancelled', message: 'CANCEL ALL issued by user' });
    expect((await settle(h(), h().keyspace, b)).migration_status).toBe('cancelled');
  });

  it('retries a failed migration: queued again with retries+1, then completes', async () => {
    const t = tableName('rt');
    const uuid = await submitOne(h(), `drop table ${t}`);
    expect((await settle(h(), h().keyspace, uuid)).migration_status).toBe('failed');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    expect(await h().engine.retry(h().keyspace, uuid)).toBe(1);
    const row = await settle(h(), h().keyspace, uuid);
    expect(row).toMatchObject({ migration_status: 'complete', retries: 1, message: '' });
    expect(await h().engine.retry(h().keyspace, uuid)).toBe(0);
  });

  it('retries a cancelled online ALTER from scratch', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('rc');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    await h().exec(h().keyspace, `insert into ${t} values (1), (2), (3)`);
    const uuid = await submitOne(h(), `alter table ${t} add column c int default 4`, 'vitess --postpone-launch');
    expect(await h().engine.cancel(h().keyspace, { uuid })).toBe(1);
    expect(await h().engine.retry(h().keyspace, uuid)).toBe(1);
    expect(await h().engine.launch(h().keyspace, { uuid })).toBe(1);
    expect(await settle(h(), h().keyspace, uuid)).toMatchObject({ migration_status: 'complete', retries: 1, rows_copied: 3 });
    expect(await h().query(h().keyspace, `select sum(c) as s from ${t}`)).toEqual([{ s: '12' }]);
  });

  it('checks the UUID format of RETRY, COMPLETE, LAUNCH, CLEANUP and FORCE_CUTOVER', async () => {
    const ks = h().keyspace;
    await expect(h().engine.retry(ks, 'nope')).rejects.toThrow('Not a valid migration ID in RETRY: nope');
    await expect(h().engine.complete(ks, { uuid: 'nope' })).rejects.toThrow('Not a valid migration ID in COMPLETE: nope');
    await expect(h().engine.launch(ks, { uuid: 'nope' })).rejects.toThrow('Not a valid migration ID in EXECUTE: nope');
    await expect(h().engine.cleanup(ks, { uuid: 'nope' })).rejects.toThrow('Not a valid migration ID in CLEANUP: nope');
    await expect(h().engine.forceCutover(ks, { uuid: 'nope' })).rejects.toThrow('Not a valid migration ID in FORCE_CUTOVER: nope');
    expect(await h().engine.retry(ks, '00000000_0000_1000_8000_000000000000')).toBe(0);
  });
});
