// Deploy requests on a sharded keyspace end to end: a 2-shard keyspace with a hash vindex, rows seeded
// through vtgate-exec (routed, so each shard holds its own share), schema changes made on a branch and
// deployed as one online migration per shard, watched through the API and SHOW VITESS_MIGRATIONS.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/localscale.js';
import { admin, branchWith, db, mainQuery, openRequest, org, seedMain, waitFor } from './support.js';

let ls: TestServer;
const keyspace = 'orders';
const total = 6000;
const vschema = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { orders: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };
/** Rows on -80 and on 80- after seeding, read from each shard's own database. */
let rowsPerShard: number[];

beforeAll(async () => {
  ls = await startTestServer({ revert_window_duration: '10m', organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'shop' }, { name: keyspace, shards: 2 }] } } } } });
  await seedMain(ls, keyspace, ['CREATE TABLE orders (id bigint NOT NULL PRIMARY KEY, total int NOT NULL)']);
  expect((await admin(ls, 'seed-vschema', { org, database: db, keyspace, vschema })).status).toBe(200);
  for (let from = 1; from <= total; from += 500) {
    const rows = Array.from({ length: 500 }, (_v, i) => `(${from + i}, ${(from + i) % 97})`).join(', ');
    expect((await mainQuery(ls, keyspace, `INSERT INTO orders (id, total) VALUES ${rows}`)).rows_affected).toBe(500);
  }
  rowsPerShard = (await perShard('main', 'SELECT COUNT(*) FROM orders')).map((r) => Number(r[0]));
});
afterAll(async () => { await ls?.stop(); });

/** One row per shard, read from each shard's own physical database of the branch. */
async function perShard(branch: string, query: string): Promise<(string | null)[][]> {
  const res = await admin(ls, 'branch-db-query', { org, database: db, branch, keyspace, query });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rows ?? [];
}

async function connect(branch: string, database: string) {
  const pw = await ls.client.passwords.create(org, db, branch, { role: 'admin', name: `sharded-${branch}-${Math.random().toString(36).slice(2, 8)}` });
  const [host, port] = pw.access_host_url.split(':');
  return mysql.createConnection({ host, port: Number(port), user: pw.username, password: pw.plain_text!, database });
}

interface MigrationRow { shard: string; migration_status: string; mysql_table: string; table_rows: unknown; rows_copied: unknown; progress: unknown }

/** SHOW VITESS_MIGRATIONS for one deploy request, through an edge connection to the keyspace on main. */
async function migrationsOf(deployRequestId: string): Promise<MigrationRow[]> {
  const conn = await connect('main', keyspace);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(`SHOW VITESS_MIGRATIONS LIKE 'localscale:${deployRequestId}:%'`);
    return (rows as MigrationRow[]).sort((a, b) => a.shard.localeCompare(b.shard));
  } finally {
    await conn.end();
  }
}

describe('a 2-shard keyspace with a hash vindex', () => {
  it('holds a different share of the rows on each shard, and reads them as one keyspace', () => {
    expect(rowsPerShard).toHaveLength(2);
    expect(rowsPerShard[0]! + rowsPerShard[1]!).toBe(total);
    expect(rowsPerShard[0]).not.toBe(rowsPerShard[1]);
  });

  it('a branch keeps the shard layout and the VSchema, and routes its own writes by it', async () => {
    await branchWith(ls, 'layout', {});
    const layoutOf = async (branch: string) => (await ls.client.keyspaces.list(org, db, branch)).data.map((k) => ({ name: k.name, shards: k.shards, sharded: k.sharded }));
    expect(await layoutOf('layout')).toEqual(await layoutOf('main'));
    expect(JSON.parse((await ls.client.keyspaces.vschema(org, db, 'layout', keyspace)).raw)).toEqual(vschema);
    const conn = await connect('layout', keyspace);
    const [shards] = await conn.query<mysql.RowDataPacket[]>("SHOW VITESS_SHARDS LIKE 'orders/%'");
    expect(shards.map((r) => r.Shards)).toEqual(['orders/-80', 'orders/80-']);
    // Branches copy the schema, not the rows; by the hash vindex 1 lives on -80, 4 on 80-.
    await conn.query('INSERT INTO orders (id, total) VALUES (1, 1), (4, 4)');
    await conn.end();
    expect(await perShard('layout', 'SELECT id FROM orders')).toEqual([['1'], ['4']]);
  });

  it('ADD INDEX deploys as one migration per shard, with each shard copying its own rows, and lands on every shard', async () => {
    await branchWith(ls, 'add-index', { [keyspace]: ['ALTER TABLE orders ADD INDEX ix_total (total)'] });
    const dr = await openRequest(ls, 'add-index');
    expect(dr.deployment_state).toBe('ready');
    expect(dr.into_branch_sharded).toBe(true);
    expect(dr.into_branch_shard_count).toBe(3);
    // Throttled hard, so the copy is seen under way: each shard reports its own progress.
    await ls.client.deployRequests.throttle(org, db, dr.number, { ratio: 95 });
    await ls.client.deployRequests.deploy(org, db, dr.number);
    const copying = await ls.client.waitForDeployRequest(org, db, dr.number, {
      until: (d) => d.deployment.deploy_operation_summaries.some((s) => s.operations.length === 2 && s.operations.every((o) => o.state === 'in_progress' && o.progress_percentage > 0)),
      timeoutMs: 60_000, intervalMs: 20,
    });
    const summary = copying.deployment.deploy_operation_summaries[0]!;
    expect(summary).toMatchObject({ keyspace_name: keyspace, table_name: 'orders', operation_name: 'ALTER', sharded: true, shard_count: 2, shard_names: ['-80', '80-'] });
    expect(summary.operations.map((o) => o.shard)).toEqual(['-80', '80-']);
    expect(summary.progress_percentage).toBeLessThan(100);
    expect(copying.deployment.deploy_operations).toEqual([expect.objectContaining({ keyspace_name: keyspace, table_name: 'orders', operation_name: 'ALTER' })]);
    const underWay = await migrationsOf(dr.id);
    expect(underWay.map((m) => m.shard)).toEqual(['-80', '80-']);
    // Each shard's migration counts its own shard's rows.
    expect(underWay.map((m) => Number(m.table_rows))).toEqual(rowsPerShard);

    await ls.client.deployRequests.throttle(org, db, dr.number, { ratio: 0 });
    const gated = await waitFor(ls, dr.number, ['pending_cutover', 'complete_error']);
    expect(gated.deployment_state).toBe('pending_cutover');
    const ready = gated.deployment.deploy_operation_summaries[0]!.operations;
    expect(ready.map((o) => [o.shard, o.progress_percentage])).toEqual([['-80', 100], ['80-', 100]]);
    // The index is not on main until the cut-over.
    expect(await perShard('main', "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_total'")).toEqual([['0'], ['0']]);

    await ls.client.deployRequests.applyDeploy(org, db, dr.number);
    const done = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error']);
    expect(done.deployment_state).toBe('complete_pending_revert');
    const migrations = await migrationsOf(dr.id);
    expect(migrations.map((m) => [m.shard, m.migration_status, m.mysql_table])).toEqual([['-80', 'complete', 'orders'], ['80-', 'complete', 'orders']]);
    expect(migrations.map((m) => Number(m.rows_copied))).toEqual(rowsPerShard);
    expect(await perShard('main', "SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_total'")).toEqual([['1'], ['1']]);
    expect((await mainQuery(ls, keyspace, 'SELECT COUNT(*) FROM orders')).rows).toEqual([[String(total)]]);
    await ls.client.deployRequests.skipRevert(org, db, dr.number);
  });

  it('ADD COLUMN deploys on every shard; the rows stay where the vindex put them and take the new column', async () => {
    await branchWith(ls, 'add-column', { [keyspace]: ['ALTER TABLE orders ADD COLUMN note varchar(20) NULL'] });
    const dr = await openRequest(ls, 'add-column', { autoCutover: true });
    expect(dr.deployment_state).toBe('ready');
    await ls.client.deployRequests.deploy(org, db, dr.number);
    const done = await waitFor(ls, dr.number, ['complete_pending_revert', 'complete_error']);
    expect(done.deployment_state).toBe('complete_pending_revert');
    const summary = done.deployment.deploy_operation_summaries[0]!;
    expect(summary.operations.map((o) => [o.shard, o.state, o.progress_percentage])).toEqual([['-80', 'complete', 100], ['80-', 'complete', 100]]);
    const migrations = await migrationsOf(dr.id);
    expect(migrations.map((m) => [m.shard, m.migration_status])).toEqual([['-80', 'complete'], ['80-', 'complete']]);
    expect(migrations.map((m) => Number(m.rows_copied))).toEqual(rowsPerShard);

    expect(await perShard('main', "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'note'")).toEqual([['1'], ['1']]);
    expect((await perShard('main', 'SELECT COUNT(*) FROM orders')).map((r) => Number(r[0]))).toEqual(rowsPerShard);
    expect((await mainQuery(ls, keyspace, "UPDATE orders SET note = 'seen' WHERE id IN (?, ?)", [1, 4])).rows_affected).toBe(2);
    expect((await mainQuery(ls, keyspace, "SELECT id FROM orders WHERE note = 'seen' ORDER BY id")).rows).toEqual([['1'], ['4']]);
    expect(await perShard('main', "SELECT COUNT(*) FROM orders WHERE note = 'seen'")).toEqual([['1'], ['1']]);
    await ls.client.deployRequests.skipRevert(org, db, dr.number);
  });
});
