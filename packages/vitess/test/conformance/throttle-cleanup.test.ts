import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { idle, settle, submitOne, tableName, waitRows } from './harness.js';

eachAdapter('throttle, cleanup and forced cut-over', (h) => {
  it('a fully throttled copy makes no progress until UNTHROTTLE; the ratio shows in user_throttle_ratio', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('th');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    await h().exec(h().keyspace, `insert into ${t} values ${Array.from({ length: 200 }, (_, i) => `(${i + 1})`).join(',')}`);
    await h().engine.throttle(h().keyspace, { all: true }, { ratio: 1 });
    const uuid = await submitOne(h(), `alter table ${t} add column a int`);
    const [throttled] = await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.migration_status === 'running' && r.user_throttle_ratio === 1), 'running, throttled');
    await idle(h());
    const [still] = await h().engine.showMigrations({ keyspace: h().keyspace, uuid });
    expect(still).toMatchObject({ migration_status: 'running', rows_copied: 0, ready_to_complete: 0 });
    expect(throttled!.user_throttle_ratio).toBe(1);
    await h().engine.unthrottle(h().keyspace, { all: true });
    const row = await settle(h(), h().keyspace, uuid);
    expect(row).toMatchObject({ migration_status: 'complete', rows_copied: 200 });
  });

  it('a per-migration throttle ratio applies to that migration', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('tr');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    await h().exec(h().keyspace, `insert into ${t} values (1), (2)`);
    const uuid = await submitOne(h(), `alter table ${t} add column a int`, 'vitess --postpone-completion');
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.migration_status === 'running'), 'running');
    await h().engine.throttle(h().keyspace, { uuid }, { ratio: 0.5, expireMs: 60_000 });
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => Math.abs(r.user_throttle_ratio - 0.5) < 1e-6), 'ratio 0.5');
    await h().engine.unthrottle(h().keyspace, { uuid });
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.user_throttle_ratio === 0), 'ratio 0');
  });

  it('rejects a throttle ratio outside 0..1', async () => {
    await expect(h().engine.throttle(h().keyspace, { all: true }, { ratio: 1.5 })).rejects.toThrow(/invalid RATIO value: 1\.5/);
  });

  it('CLEANUP marks a migration for artifact collection; its cleanup_timestamp gets set', async () => {
    const t = tableName('cl');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const drop = await submitOne(h(), `drop table ${t}`);
    const done = await settle(h(), h().keyspace, drop);
    expect(done.retain_artifacts_seconds).toBe(86400);
    expect(await h().engine.cleanup(h().keyspace, { uuid: drop })).toBe(1);
    const [row] = await waitRows(h(), h().keyspace, drop, (rows) => rows.every((r) => r.cleanup_timestamp !== null), 'cleaned up');
    expect(row!.retain_artifacts_seconds).toBe(-1);
  });

  it('CLEANUP ALL marks every terminal migration not yet cleaned', async () => {
    const a = await submitOne(h(), `create table ${tableName('ka')} (id int primary key)`);
    await settle(h(), h().keyspace, a);
    expect(await h().engine.cleanup(h().keyspace, { all: true })).toBeGreaterThanOrEqual(1);
    await waitRows(h(), h().keyspace, a, (rows) => rows.every((r) => r.cleanup_timestamp !== null), 'cleaned up');
  });

  it('--retain-artifacts sets retain_artifacts_seconds', async () => {
    const row = await settle(h(), h().keyspace, await submitOne(h(), `create table ${tableName('ra')} (id int primary key)`, 'vitess --retain-artifacts=1h'));
    expect(row.retain_artifacts_seconds).toBe(3600);
  });

  it('FORCE_CUTOVER sets a sticky flag (1 row, then 0) without completing a postponed migration', async () => {
    const uuid = await submitOne(h(), `create table ${tableName('fc')} (id int primary key)`, 'vitess --postpone-completion');
    expect(await h().engine.forceCutover(h().keyspace, { uuid })).toBe(1);
    expect(await h().engine.forceCutover(h().keyspace, { uuid })).toBe(0);
    await idle(h());
    const [row] = await h().engine.showMigrations({ keyspace: h().keyspace, uuid });
    expect(row).toMatchObject({ force_cutover: 1, migration_status: 'queued' });
    expect(await h().engine.forceCutover(h().keyspace, { all: true })).toBe(0);
  });

  it('FORCE_CUTOVER cuts over an online ALTER whose table is held by an open transaction', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('fk');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    await h().exec(h().keyspace, `insert into ${t} values (1)`);
    const uuid = await submitOne(h(), `alter table ${t} add column a int`, 'vitess --postpone-completion --cut-over-threshold=5s');
    await waitRows(h(), h().keyspace, uuid, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    await h().engine.forceCutover(h().keyspace, { uuid });
    await h().engine.complete(h().keyspace, { uuid });
    expect((await settle(h(), h().keyspace, uuid)).migration_status).toBe('complete');
  });
});
