import { expect, it } from 'vitest';
import { eachAdapter } from './each-adapter.js';
import { settle, submitOne, tableName } from './harness.js';

const uuidFormat = /^[0-9a-f]{8}_[0-9a-f]{4}_1[0-9a-f]{3}_[0-9a-f]{4}_[0-9a-f]{12}$/;

eachAdapter('submitting migrations', (h) => {
  it('returns a time-based, underscore-separated UUID and records the row as Vitess does', async () => {
    const t = tableName('sub');
    const uuid = await submitOne(h(), `create table ${t} (id int primary key)`, 'vitess --allow-concurrent', 'ctx-submit');
    expect(uuid).toMatch(uuidFormat);
    const row = await settle(h(), h().keyspace, uuid);
    expect(row).toMatchObject({
      migration_uuid: uuid, keyspace: h().keyspace, mysql_table: t, strategy: 'vitess', options: '--allow-concurrent',
      migration_context: 'ctx-submit', ddl_action: 'create', migration_status: 'complete', progress: 100, eta_seconds: 0,
      ready_to_complete: 1, is_immediate_operation: 1, allow_concurrent: 1, ready_timestamp: null, message: '',
    });
    expect(row.artifacts).toMatch(/^_vt_hld_[0-9a-f]{32}_\d{14}_,$/);
    expect(row.started_timestamp).not.toBeNull();
    expect(row.completed_timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(row.cutover_threshold_seconds).toBe(10);
    expect(row.tablet).not.toBe('');
  });

  it('stores the online strategy under its own name', async () => {
    const uuid = await submitOne(h(), `create table ${tableName('onl')} (id int primary key)`, 'online');
    expect((await settle(h(), h().keyspace, uuid)).strategy).toBe('online');
  });

  it('splits a multi-table DROP into one migration per table', async () => {
    const [a, b] = [tableName('da'), tableName('db')];
    await h().exec(h().keyspace, `create table ${a} (id int primary key)`);
    await h().exec(h().keyspace, `create table ${b} (id int primary key)`);
    const uuids = await h().engine.submit({ keyspace: h().keyspace, sql: `drop table ${a}, ${b}`, ddlStrategy: 'vitess', migrationContext: '' });
    expect(uuids).toHaveLength(2);
    const rows = [await settle(h(), h().keyspace, uuids[0]!), await settle(h(), h().keyspace, uuids[1]!)];
    expect(rows.map((r) => [r.mysql_table, r.ddl_action, r.migration_status])).toEqual([[a, 'drop', 'complete'], [b, 'drop', 'complete']]);
  });

  it('gives one row per shard, with the same UUID', async ({ skip }) => {
    if (!h().sharded) skip();
    const uuid = await submitOne(h(), `create table ${tableName('sh')} (id bigint primary key)`, 'vitess', '', h().sharded!);
    const rows = await h().engine.showMigrations({ keyspace: h().sharded!, uuid });
    expect(rows.map((r) => r.shard).sort()).toEqual(['-80', '80-']);
    expect(new Set(rows.map((r) => r.migration_uuid))).toEqual(new Set([uuid]));
  });

  it('runs direct-strategy DDL at once, without a migration', async () => {
    const t = tableName('dir');
    expect(await h().engine.submit({ keyspace: h().keyspace, sql: `create table ${t} (id int primary key)`, ddlStrategy: 'direct', migrationContext: '' })).toEqual([]);
    expect(await h().query(h().keyspace, `select count(*) as n from ${t}`)).toEqual([{ n: 0 }]);
  });

  it('rejects unknown flags, unknown strategies and bad contexts with Vitess\'s messages', async () => {
    const submit = (ddlStrategy: string, migrationContext = '') =>
      h().engine.submit({ keyspace: h().keyspace, sql: `create table ${tableName('bad')} (id int primary key)`, ddlStrategy, migrationContext });
    await expect(submit('vitess --foo')).rejects.toThrow(/invalid flags for vitess strategy: --foo|invalid DDL strategy: vitess --foo/);
    await expect(submit('gh-ost')).rejects.toThrow(/Unknown online DDL strategy: 'gh-ost'|invalid DDL strategy: gh-ost/);
    await expect(submit('vitess', 'not ok!')).rejects.toThrow(/invalid migration_context: not ok!/);
    await expect(submit('mysql --force-cut-over-after=1m')).rejects.toThrow(/--force-cut-over-after is only valid in 'vitess' strategy|invalid DDL strategy/);
  });

  it('rejects FOREIGN KEY clauses and ALTER TABLE ... RENAME at submit', async () => {
    const t = tableName('fk');
    await h().exec(h().keyspace, `create table ${t} (id int primary key, p int)`);
    await expect(h().engine.submit({ keyspace: h().keyspace, sql: `alter table ${t} add constraint fk_p foreign key (p) references ${t} (id)`, ddlStrategy: 'vitess', migrationContext: '' }))
      .rejects.toThrow(/foreign key constraints are not supported in online DDL/);
    await expect(h().engine.submit({ keyspace: h().keyspace, sql: `alter table ${t} rename to ${t}_x`, ddlStrategy: 'vitess', migrationContext: '' }))
      .rejects.toThrow(/ALTER TABLE \.\.\. RENAME is not supported in online DDL/);
  });

  it('rejects an out-of-range --cut-over-threshold (v22)', async () => {
    await expect(h().engine.submit({ keyspace: h().keyspace, sql: `create table ${tableName('co')} (id int primary key)`, ddlStrategy: 'vitess --cut-over-threshold=2s', migrationContext: '' }))
      .rejects.toThrow(/cut-over min value is 5s/);
  });

  it('turns the same DDL in the same context into a no-op once the first completed', async () => {
    const t = tableName('dup');
    const sql = `create table ${t} (id int primary key)`;
    const first = await submitOne(h(), sql, 'vitess', 'ctx-dup');
    expect((await settle(h(), h().keyspace, first)).migration_status).toBe('complete');
    const second = await submitOne(h(), sql, 'vitess', 'ctx-dup');
    const row = await settle(h(), h().keyspace, second);
    expect(row.migration_status).toBe('complete');
    expect(row.message).toBe(`duplicate DDL as ${first} for migration context ctx-dup`);
  });

  it('finds migrations by uuid, context, status pattern, and several contexts at once', async () => {
    const a = await submitOne(h(), `create table ${tableName('fa')} (id int primary key)`, 'vitess', 'ctx-find-a');
    const b = await submitOne(h(), `create table ${tableName('fb')} (id int primary key)`, 'vitess', 'ctx-find-b');
    await settle(h(), h().keyspace, a);
    await settle(h(), h().keyspace, b);
    const ks = h().keyspace;
    expect((await h().engine.showMigrations({ keyspace: ks, context: 'ctx-find-a' })).map((r) => r.migration_uuid)).toEqual([a]);
    expect((await h().engine.showMigrations({ keyspace: ks, like: 'ctx-find-%' })).map((r) => r.migration_uuid).sort()).toEqual([a, b].sort());
    expect((await h().engine.showMigrations({ keyspace: ks, like: b })).map((r) => r.migration_uuid)).toEqual([b]);
    expect((await h().engine.showMigrationsByContexts(ks, ['ctx-find-a', 'ctx-find-b'])).map((r) => r.migration_uuid).sort()).toEqual([a, b].sort());
    expect((await h().engine.showMigrations({ keyspace: ks, all: true })).length).toBeGreaterThanOrEqual(2);
  });
});
