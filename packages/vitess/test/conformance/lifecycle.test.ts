import { expect, it } from 'vitest';
import type { MigrationEvent } from '../../src/index.js';
import { eachAdapter } from './each-adapter.js';
import { settle, submitOne, tableName } from './harness.js';

eachAdapter('status paths', (h) => {
  it('CREATE and DROP of tables are immediate operations; DROP keeps the table under a hold name', async () => {
    const t = tableName('cd');
    const create = await settle(h(), h().keyspace, await submitOne(h(), `create table ${t} (id int primary key, v int)`));
    expect(create.migration_status).toBe('complete');
    await h().exec(h().keyspace, `insert into ${t} values (1, 10)`);
    const drop = await settle(h(), h().keyspace, await submitOne(h(), `drop table ${t}`));
    expect(drop).toMatchObject({ migration_status: 'complete', ddl_action: 'drop', is_immediate_operation: 1, progress: 100 });
    expect(drop.artifacts).toMatch(/^_vt_hld_[0-9a-f]{32}_\d{14}_,$/);
    const hold = drop.artifacts.slice(0, -1);
    expect(await h().query(h().keyspace, `select v from \`${hold}\``)).toEqual([{ v: 10 }]);
  });

  it('fails a CREATE of an existing table and a DROP of a missing one with the MySQL error', async () => {
    const t = tableName('fx');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const create = await settle(h(), h().keyspace, await submitOne(h(), `create table ${t} (id int primary key)`));
    expect(create.migration_status).toBe('failed');
    expect(create.message).toMatch(/1050|already exists/);
    const drop = await settle(h(), h().keyspace, await submitOne(h(), `drop table ${t}_missing`));
    expect(drop.migration_status).toBe('failed');
    expect(drop.message).toMatch(/1146|doesn't exist/);
  });

  it('makes IF EXISTS / IF NOT EXISTS no-ops complete with no artifacts', async () => {
    const t = tableName('ie');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const create = await settle(h(), h().keyspace, await submitOne(h(), `create table if not exists ${t} (id int primary key)`));
    expect(create).toMatchObject({ migration_status: 'complete', artifacts: '' });
    const drop = await settle(h(), h().keyspace, await submitOne(h(), `drop table if exists ${t}_missing`));
    expect(drop).toMatchObject({ migration_status: 'complete', artifacts: '' });
  });

  it('handles views: CREATE, ALTER (swapped in, old view kept), CREATE OR REPLACE of an existing view, DROP', async () => {
    const t = tableName('vb');
    const v = tableName('vv');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, a int, b int)`);
    await h().exec(h().keyspace, `insert into ${t} values (1, 2, 3)`);
    const create = await settle(h(), h().keyspace, await submitOne(h(), `create view ${v} as select id, a from ${t}`));
    expect(create).toMatchObject({ migration_status: 'complete', is_view: 1, ddl_action: 'create' });
    const alter = await settle(h(), h().keyspace, await submitOne(h(), `alter view ${v} as select id, b from ${t}`));
    expect(alter).toMatchObject({ migration_status: 'complete', is_view: 1, ddl_action: 'alter', is_immediate_operation: 1 });
    expect(alter.artifacts).toMatch(/^_vt_hld_/);
    expect(await h().query(h().keyspace, `select * from ${v}`)).toEqual([{ id: 1, b: 3 }]);
    const replace = await settle(h(), h().keyspace, await submitOne(h(), `create or replace view ${v} as select id, a, b from ${t}`));
    expect(replace).toMatchObject({ migration_status: 'complete', ddl_action: 'alter' });
    const drop = await settle(h(), h().keyspace, await submitOne(h(), `drop view ${v}`));
    expect(drop).toMatchObject({ migration_status: 'complete', ddl_action: 'drop' });
    await expect(h().query(h().keyspace, `select * from ${v}`)).rejects.toThrow();
  });

  it('runs an online ALTER queued → ready → running → complete, copying every row and keeping the old table', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('oa');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, v varchar(20))`);
    for (let i = 0; i < 5; i++) {
      await h().exec(h().keyspace, `insert into ${t} values ${Array.from({ length: 60 }, (_, j) => `(${i * 60 + j + 1}, 'v${i * 60 + j + 1}')`).join(',')}`);
    }
    const seen: string[] = [];
    let uuid = '';
    const stop = h().engine.subscribe((e: MigrationEvent) => {
      if (e.type === 'changed' && e.uuid === uuid && seen[seen.length - 1] !== e.status) seen.push(e.status);
    });
    uuid = await submitOne(h(), `alter table ${t} add column w int not null default 5, add unique key v_uk (v)`);
    const row = await settle(h(), h().keyspace, uuid);
    // The event follows the row change; give it a moment to arrive.
    for (let i = 0; i < 100 && seen[seen.length - 1] !== 'complete'; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(row).toMatchObject({ migration_status: 'complete', rows_copied: 300, progress: 100, eta_seconds: 0, ready_to_complete: 1, added_unique_keys: 1, is_immediate_operation: 0 });
    expect(row.table_rows).toBeGreaterThanOrEqual(300);
    expect(row.artifacts).toMatch(/^_vt_vrp_[0-9a-f]{32}_\d{14}_,$/);
    expect(row.cutover_attempts).toBe(1);
    expect(seen).toContain('running');
    expect(seen[seen.length - 1]).toBe('complete');
    expect(await h().query(h().keyspace, `select count(*) as n, sum(w) as w from ${t}`)).toEqual([{ n: 300, w: '1500' }]);
    const old = row.artifacts.slice(0, -1);
    expect(await h().query(h().keyspace, `select count(*) as n from \`${old}\``)).toEqual([{ n: 300 }]);
  });

  it('fails an online ALTER of a table without a usable unique key, with a clear message', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('nk');
    await h().exec(h().keyspace, `create table ${t} (a int, b int)`);
    const row = await settle(h(), h().keyspace, await submitOne(h(), `alter table ${t} add column c int`));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toContain(`found no possible unique key on \`${t}\``);
  });

  it('fails an ALTER of a missing table', async () => {
    const row = await settle(h(), h().keyspace, await submitOne(h(), `alter table ${tableName('nope')} add column c int`));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toMatch(/1146|doesn't exist/);
  });

  it('runs a mysql-strategy ALTER as a blocking ALTER that never reports ready_to_complete', async () => {
    const t = tableName('my');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const row = await settle(h(), h().keyspace, await submitOne(h(), `alter table ${t} add column c int`, 'mysql'));
    expect(row).toMatchObject({ migration_status: 'complete', strategy: 'mysql', ready_to_complete: 0 });
    expect(await h().query(h().keyspace, `show columns from ${t}`)).toHaveLength(2);
  });

  it('applies INSTANT-eligible ALTERs directly with --prefer-instant-ddl, and copies the rest', async ({ skip }) => {
    if (!h().capabilities.instantDdl) skip();
    const t = tableName('in');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, a int)`);
    const instant = await settle(h(), h().keyspace, await submitOne(h(), `alter table ${t} add column b int`, 'vitess --prefer-instant-ddl'));
    expect(instant).toMatchObject({ migration_status: 'complete', is_immediate_operation: 1, special_plan: '{"operation":"instant-ddl"}', ready_to_complete: 1 });
    if (!h().capabilities.onlineAlter) return;
    const copied = await settle(h(), h().keyspace, await submitOne(h(), `alter table ${t} add index a_idx (a)`, 'vitess --prefer-instant-ddl'));
    expect(copied).toMatchObject({ migration_status: 'complete', is_immediate_operation: 0, special_plan: '' });
    expect(copied.artifacts).toMatch(/^_vt_vrp_/);
  });

  it('treats CREATE INDEX and DROP INDEX as ALTER TABLE', async () => {
    const t = tableName('ix');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, a int)`);
    const create = await settle(h(), h().keyspace, await submitOne(h(), `create index a_idx on ${t} (a)`, h().capabilities.onlineAlter ? 'vitess' : 'mysql'));
    expect(create).toMatchObject({ migration_status: 'complete', ddl_action: 'alter', mysql_table: t });
    const drop = await settle(h(), h().keyspace, await submitOne(h(), `drop index a_idx on ${t}`, h().capabilities.onlineAlter ? 'vitess' : 'mysql'));
    expect(drop).toMatchObject({ migration_status: 'complete', ddl_action: 'alter' });
  });
});
