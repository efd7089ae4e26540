import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { settle, submitOne, tableName } from './harness.js';

eachAdapter('singleton rules', (h) => {
  it('--singleton rejects a submission while any migration is pending', async () => {
    const pending = await submitOne(h(), `create table ${tableName('s1')} (id int primary key)`, 'vitess --postpone-launch', 'ctx-s1');
    await expect(submitOne(h(), `create table ${tableName('s2')} (id int primary key)`, 'vitess --singleton', 'ctx-s2'))
      .rejects.toThrow(new RegExp(`singleton migration rejected: found pending migrations \\[sample: ${pending}\\]`));
    // A non-singleton submission is not blocked by anyone's --singleton.
    await submitOne(h(), `create table ${tableName('s3')} (id int primary key)`, 'vitess --postpone-launch', 'ctx-s3');
  });

  it('--singleton-context rejects a submission while a migration of another context is pending', async () => {
    const pending = await submitOne(h(), `create table ${tableName('c1')} (id int primary key)`, 'vitess --postpone-launch --singleton-context', 'ctx-one');
    await expect(submitOne(h(), `create table ${tableName('c2')} (id int primary key)`, 'vitess --singleton-context', 'ctx-two'))
      .rejects.toThrow(`singleton-context migration rejected: found pending migration: ${pending} in different context: ctx-one`);
    // Same context: accepted.
    const same = await submitOne(h(), `create table ${tableName('c3')} (id int primary key)`, 'vitess --singleton-context --postpone-launch', 'ctx-one');
    expect(same).not.toBe(pending);
  });

  it('--singleton-context is not blocked by a pending REVERT that lacks the flag', async () => {
    const t = tableName('cr');
    const created = await submitOne(h(), `create table ${t} (id int primary key)`, 'vitess', 'ctx-rev');
    await settle(h(), h().keyspace, created);
    const revert = await h().engine.revert(h().keyspace, created, { ddlStrategy: 'vitess --postpone-completion' });
    const accepted = await submitOne(h(), `create table ${tableName('cs')} (id int primary key)`, 'vitess --singleton-context --postpone-launch', 'ctx-other');
    expect(accepted).toBeTruthy();
    await h().engine.cancel(h().keyspace, { uuid: revert });
  });

  it('--singleton-table rejects a submission while a migration on the same table is pending (v22)', async () => {
    const t = tableName('st');
    await h().exec(h().keyspace, `create table ${t} (id int primary key)`);
    const pending = await submitOne(h(), `alter table ${t} add column a int`, 'vitess --postpone-launch');
    await expect(submitOne(h(), `alter table ${t} add column b int`, 'vitess --singleton-table'))
      .rejects.toThrow(`singleton-table migration rejected: found pending migration: ${pending} for the same table: ${t}`);
    await submitOne(h(), `create table ${tableName('so')} (id int primary key)`, 'vitess --singleton-table --postpone-launch');
  });
});
