// A new engine over an existing sidecar takes over: copies resume where they stopped, work that
// cannot resume fails with a message (and can be retried), and nothing is left orphaned.
import { afterEach, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';
import { waitForRows, waitForStatus } from '../support/wait.js';

let h: EmbeddedHarness;
afterEach(async () => { await h?.close(); });

/** Queries information_schema for the app shard's database (named with `=`, so only it is read). */
const names = async (h: EmbeddedHarness, sql: string) => (await h.query<{ n: string }>('app', '-', sql, [h.databases.app!['-']])).map((r) => r.n);

it('resumes a running copy from its last chunk after a restart, keeping writes made while it was down', async () => {
  h = await startEmbedded({ copyChunkRows: 20 });
  await h.exec('app', 'CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL)');
  await h.exec('app', `INSERT INTO t VALUES ${Array.from({ length: 2000 }, (_, i) => `(${i + 1}, ${i})`).join(',')}`);
  await h.engine.throttle('app', { all: true }, { ratio: 0.9 });
  const [uuid] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t ADD COLUMN w INT NOT NULL DEFAULT 2', ddlStrategy: 'vitess', migrationContext: 'restart' });
  const [before] = await waitForRows(h.engine, 'app', uuid!, (rows) => rows[0]!.rows_copied >= 200, 'some rows copied');
  await h.engine.close();
  const [stopped] = await h.engine.showMigrations({ keyspace: 'app', uuid: uuid! });
  expect(stopped!.migration_status).toBe('running');
  // Writes while no engine runs: the triggers still carry them into the shadow table.
  await h.exec('app', 'UPDATE t SET v = -1 WHERE id IN (1, 1999)');
  await h.exec('app', 'DELETE FROM t WHERE id = 2');
  await h.exec('app', 'INSERT INTO t VALUES (5000, 5)');

  const engine = await h.reopen();
  const [resumed] = await engine.showMigrations({ keyspace: 'app', uuid: uuid! });
  expect(resumed!.rows_copied).toBeGreaterThanOrEqual(before!.rows_copied);
  await engine.unthrottle('app', { all: true });
  const [done] = await waitForStatus(engine, 'app', uuid!, 'complete', 'failed');
  expect(done!.message).toBe('');
  expect(done!.migration_status).toBe('complete');
  // Resumed, not restarted: every row was copied once (id 2 before its deletion, id 5000 after its insertion).
  expect(done!.rows_copied).toBe(2001);
  const expectedSum = 1999 * 2000 / 2 - 1 /* id 1: 0 → -1 */ - 1999 /* id 1999: 1998 → -1 */ - 1 /* id 2 deleted */ + 5 /* id 5000 */;
  expect(await h.query('app', '-', 'SELECT COUNT(*) AS n, SUM(v) AS v, SUM(w) AS w FROM t')).toEqual([{ n: 2000, v: String(expectedSum), w: '4000' }]);
});

it('fails work that cannot resume with a message, and RETRY runs it again', async () => {
  h = await startEmbedded();
  const [uuid] = await h.engine.submit({ keyspace: 'app', sql: 'CREATE TABLE c (id INT PRIMARY KEY)', ddlStrategy: 'vitess --postpone-launch', migrationContext: '' });
  await waitForRows(h.engine, 'app', uuid!, (rows) => rows[0]!.reviewed_timestamp !== null, 'reviewed');
  await h.engine.close();
  // As if the engine died in the middle of running it.
  await h.pool.query(`UPDATE \`${h.sidecar}\`.schema_migrations SET migration_status = 'running', postpone_launch = 0 WHERE migration_uuid = ?`, [uuid]);
  const engine = await h.reopen();
  const [failed] = await waitForStatus(engine, 'app', uuid!, 'failed');
  expect(failed!.message).toMatch(/interrupted by a LocalScale restart.*RETRY/);
  expect(await engine.retry('app', uuid!)).toBe(1);
  expect((await waitForStatus(engine, 'app', uuid!, 'complete', 'failed'))[0]!.migration_status).toBe('complete');
});

it('removes triggers and shadow tables nothing needs', async () => {
  h = await startEmbedded();
  await h.exec('app', 'CREATE TABLE t (id INT PRIMARY KEY)');
  const hex = 'abcdef0123456789abcdef0123456789';
  await h.exec('app', `CREATE TABLE _vt_vrp_${hex}_20200101000000_ (id INT PRIMARY KEY)`);
  await h.exec('app', `CREATE TRIGGER _vt_${hex}_f_i AFTER INSERT ON t FOR EACH ROW SET @x = 1`);
  // A failed migration's shadow table, too.
  const [failed] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t ADD COLUMN c INT', ddlStrategy: 'vitess --postpone-launch', migrationContext: '' });
  await h.engine.cancel('app', { uuid: failed! });
  await h.engine.close();
  await h.reopen();
  expect(await names(h, "SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE '\\_vt\\_%'")).toEqual([]);
  expect(await names(h, "SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ?")).toEqual([]);
});

it('keeps the revert window across a restart: the old table stays in sync and the revert works', async () => {
  h = await startEmbedded();
  await h.exec('app', 'CREATE TABLE t (id INT PRIMARY KEY, a INT)');
  await h.exec('app', 'INSERT INTO t VALUES (1, 10), (2, 20)');
  const [alter] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t DROP COLUMN a', ddlStrategy: 'vitess', migrationContext: '' });
  await waitForStatus(h.engine, 'app', alter!, 'complete');
  await h.engine.close();
  await h.exec('app', 'INSERT INTO t VALUES (3)');
  const engine = await h.reopen();
  const revert = await engine.revert('app', alter!);
  const [row] = await waitForStatus(engine, 'app', revert, 'complete', 'failed');
  expect(row!.message).toBe('');
  expect(await h.query('app', '-', 'SELECT id, a FROM t ORDER BY id')).toEqual([{ id: 1, a: 10 }, { id: 2, a: 20 }, { id: 3, a: null }]);
});

/** A DROP COLUMN migration, copied and waiting for COMPLETE (postponed); resolves to its UUID and shadow table. */
async function postponedDropColumn(): Promise<{ db: string; uuid: string; shadow: string }> {
  h = await startEmbedded();
  const db = h.databases.app!['-']!;
  await h.exec('app', 'CREATE TABLE t (id INT PRIMARY KEY, a INT)');
  await h.exec('app', 'INSERT INTO t VALUES (1, 10)');
  const [uuid] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t DROP COLUMN a', ddlStrategy: 'vitess --postpone-completion', migrationContext: '' });
  const [ready] = await waitForRows(h.engine, 'app', uuid!, (rows) => rows[0]!.ready_to_complete === 1, 'ready');
  return { db, uuid: uuid!, shadow: ready!.artifacts.split(',')[0]! };
}

/** Replays a cut-over's commit point by hand: the new triggers on the shadow table, then the RENAME. */
async function replayCutOverCommit({ db, uuid, shadow }: { db: string; uuid: string; shadow: string }): Promise<void> {
  const { planCopy } = await import('../../src/embedded/online/analysis.js');
  const { readTableInfo } = await import('../../src/embedded/online/table-info.js');
  const { syncTriggerStatements } = await import('../../src/embedded/online/triggers.js');
  const plan = planCopy((await readTableInfo(h.pool, db, shadow))!, (await readTableInfo(h.pool, db, 't'))!, new Map());
  for (const s of syncTriggerStatements({ database: db, source: shadow, target: shadow, pairs: plan.pairs, key: plan.key, uuid, shard: '-', side: 's', sidecar: h.sidecar })) {
    await h.pool.query(s.create);
  }
  await h.pool.query(`RENAME TABLE \`${db}\`.t TO \`${db}\`.sentry, \`${db}\`.\`${shadow}\` TO \`${db}\`.t, \`${db}\`.sentry TO \`${db}\`.\`${shadow}\``);
}

it('completes a migration whose cut-over RENAME happened just before the engine stopped', async () => {
  const m = await postponedDropColumn();
  const { uuid, shadow } = m;
  await h.engine.close();
  await replayCutOverCommit(m);

  const engine = await h.reopen();
  const [row] = await waitForStatus(engine, 'app', uuid, 'complete', 'failed');
  expect(row!.migration_status).toBe('complete');
  expect(await names(h, `SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = '${shadow}'`)).toEqual([]);
  // The revert window works from there: a row written now survives the revert.
  await h.exec('app', 'INSERT INTO t VALUES (2)');
  const revert = await engine.revert('app', uuid);
  expect((await waitForStatus(engine, 'app', revert, 'complete', 'failed'))[0]!.message).toBe('');
  expect(await h.query('app', '-', 'SELECT id, a FROM t ORDER BY id')).toEqual([{ id: 1, a: 10 }, { id: 2, a: null }]);
});

it('completes, without swapping back, a cut-over whose RENAME happened but whose completion was never recorded', async () => {
  // As when MySQL goes away right after the RENAME: the engine keeps running, the row says `running`.
  const m = await postponedDropColumn();
  const { uuid, shadow } = m;
  await replayCutOverCommit(m);

  await h.engine.complete('app', { uuid });
  const [row] = await waitForStatus(h.engine, 'app', uuid, 'complete', 'failed');
  expect(row!.migration_status).toBe('complete');
  expect(await names(h, "SELECT COLUMN_NAME AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'")).toEqual(['id']);
  expect(await names(h, `SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = '${shadow}'`)).toEqual([]);
});
