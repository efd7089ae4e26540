import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { settle, submitOne, tableName, waitRows } from './harness.js';

eachAdapter('revert', (h) => {
  it('reverts a CREATE (the table goes to its hold name) and reverts the revert', async () => {
    const t = tableName('rc');
    const create = await submitOne(h(), `create table ${t} (id int primary key)`);
    await settle(h(), h().keyspace, create);
    await h().exec(h().keyspace, `insert into ${t} values (7)`);
    const revert = await h().engine.revert(h().keyspace, create);
    const row = await settle(h(), h().keyspace, revert);
    expect(row).toMatchObject({
      migration_status: 'complete', ddl_action: 'drop', reverted_uuid: create, mysql_table: t, strategy: 'online',
      migration_statement: `revert vitess_migration '${create}'`,
    });
    await expect(h().query(h().keyspace, `select * from ${t}`)).rejects.toThrow();
    const again = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, revert));
    expect(again).toMatchObject({ migration_status: 'complete', ddl_action: 'create' });
    expect(await h().query(h().keyspace, `select * from ${t}`)).toEqual([{ id: 7 }]);
  });

  it('reverts a DROP: the table comes back with its data', async () => {
    const t = tableName('rd');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, v varchar(5))`);
    await h().exec(h().keyspace, `insert into ${t} values (1, 'x')`);
    const drop = await submitOne(h(), `drop table ${t}`);
    await settle(h(), h().keyspace, drop);
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, drop));
    expect(row).toMatchObject({ migration_status: 'complete', ddl_action: 'create' });
    expect(await h().query(h().keyspace, `select * from ${t}`)).toEqual([{ id: 1, v: 'x' }]);
  });

  it('reverts an online ALTER keeping rows written after the cut-over and values of dropped columns', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('ra');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, name varchar(20), legacy varchar(20) not null default 'l')`);
    await h().exec(h().keyspace, `insert into ${t} values (1, 'one', 'keep-1'), (2, 'two', 'keep-2'), (3, 'three', 'keep-3')`);
    const alter = await submitOne(h(), `alter table ${t} drop column legacy, add column score int not null default 0`);
    const done = await settle(h(), h().keyspace, alter);
    expect(done.migration_status).toBe('complete');
    // Writes during the revert window, on the new schema.
    await h().exec(h().keyspace, `insert into ${t} (id, name, score) values (4, 'four', 40)`);
    await h().exec(h().keyspace, `update ${t} set name = 'ONE', score = 10 where id = 1`);
    await h().exec(h().keyspace, `delete from ${t} where id = 2`);
    await h().exec(h().keyspace, `update ${t} set id = 33 where id = 3`);
    const revert = await h().engine.revert(h().keyspace, alter);
    const row = await settle(h(), h().keyspace, revert);
    expect(row).toMatchObject({ migration_status: 'complete', ddl_action: 'alter', reverted_uuid: alter, mysql_table: t });
    expect(await h().query(h().keyspace, `select id, name, legacy from ${t} order by id`)).toEqual([
      { id: 1, name: 'ONE', legacy: 'keep-1' },
      { id: 4, name: 'four', legacy: 'l' },
      { id: 33, name: 'three', legacy: 'keep-3' },
    ]);
    // And the revert itself can be reverted, back to the ALTER's schema with the rows since.
    await h().exec(h().keyspace, `insert into ${t} (id, name, legacy) values (5, 'five', 'x')`);
    const redo = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, revert));
    expect(redo.migration_status).toBe('complete');
    expect(await h().query(h().keyspace, `select id, name, score from ${t} order by id`)).toEqual([
      { id: 1, name: 'ONE', score: 10 }, { id: 4, name: 'four', score: 40 }, { id: 5, name: 'five', score: 0 }, { id: 33, name: 'three', score: 0 },
    ]);
  });

  it('fails a revert of a migration that is not complete', async () => {
    const pending = await submitOne(h(), `create table ${tableName('rp')} (id int primary key)`, 'vitess --postpone-launch');
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, pending));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toContain(`can only revert a migration in a 'complete' state. Migration ${pending} is in 'queued' state`);
  });

  it('fails a revert of a migration that is not the last to complete on its table', async () => {
    const t = tableName('rl');
    const create = await submitOne(h(), `create table ${t} (id int primary key)`);
    await settle(h(), h().keyspace, create);
    const later = await submitOne(h(), `alter table ${t} add column a int`, 'mysql');
    await settle(h(), h().keyspace, later);
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, create));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toBe(`can not revert migration ${create} on table ${t} because it is not the last migration to complete on that table. The last migration to complete was ${later}`);
  });

  it('fails a revert while another migration on the table is pending', async () => {
    const t = tableName('rw');
    const create = await submitOne(h(), `create table ${t} (id int primary key)`);
    await settle(h(), h().keyspace, create);
    const pending = await submitOne(h(), `alter table ${t} add column a int`, 'vitess --postpone-launch');
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, create));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toMatch(new RegExp(`can not revert migration ${create} on table ${t} because migration ${pending} is in queued status`));
  });

  it('fails a revert of a mysql-strategy ALTER and of an INSTANT ALTER', async () => {
    const t = tableName('rm');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const mysqlAlter = await submitOne(h(), `alter table ${t} add column a int`, 'mysql');
    await settle(h(), h().keyspace, mysqlAlter);
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, mysqlAlter));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toBe(`can only revert a online strategy migration. Migration ${mysqlAlter} has mysql strategy`);
    if (!h().capabilities.instantDdl) return;
    const instant = await submitOne(h(), `alter table ${t} add column b int`, 'vitess --prefer-instant-ddl');
    expect((await settle(h(), h().keyspace, instant)).special_plan).not.toBe('');
    const row2 = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, instant));
    expect(row2.migration_status).toBe('failed');
    expect(row2.message).toBe(`can not revert vreplication migration ${instant} because vreplication stream ${instant} was not found`);
  });

  it('fails a revert of an unknown migration', async () => {
    const ghost = '11111111_1111_1111_8111_111111111111';
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, ghost));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toMatch(new RegExp(`cannot read migration ${ghost} reverted by migration .*: migration not found`));
  });

  it('fails a revert after CLEANUP removed the old table', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('rx');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const alter = await submitOne(h(), `alter table ${t} add column a int`);
    await settle(h(), h().keyspace, alter);
    expect(await h().engine.cleanup(h().keyspace, { uuid: alter })).toBe(1);
    await waitRows(h(), h().keyspace, alter, (rows) => rows.every((r) => r.cleanup_timestamp !== null), 'cleaned up');
    const row = await settle(h(), h().keyspace, await h().engine.revert(h().keyspace, alter));
    expect(row.migration_status).toBe('failed');
    expect(row.message).toBe(`can not revert vreplication migration ${alter} because vreplication stream ${alter} was not found`);
  });

  it('postpones a revert with --postpone-completion until COMPLETE', async ({ skip }) => {
    if (!h().capabilities.onlineAlter) skip();
    const t = tableName('rq');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const alter = await submitOne(h(), `alter table ${t} add column a int`);
    await settle(h(), h().keyspace, alter);
    const revert = await h().engine.revert(h().keyspace, alter, { ddlStrategy: 'vitess --postpone-completion' });
    const [waiting] = await waitRows(h(), h().keyspace, revert, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready');
    expect(waiting).toMatchObject({ migration_status: 'running', postpone_completion: 1 });
    await h().engine.complete(h().keyspace, { uuid: revert });
    expect((await settle(h(), h().keyspace, revert)).migration_status).toBe('complete');
    expect(await h().query(h().keyspace, `show columns from ${t}`)).toHaveLength(1);
  });
});
