// Cut-over under a lock: without FORCE_CUTOVER a transaction holding the table makes the cut-over
// give up after its threshold and back off; with it, the blocker is killed and the cut-over happens.
import { afterEach, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';
import { waitForReady, waitForRows, waitForStatus } from '../support/wait.js';

let h: EmbeddedHarness;
afterEach(async () => { await h?.close(); });

it('backs off when the table is held, and FORCE_CUTOVER kills the holder', async () => {
  h = await startEmbedded();
  await h.exec('app', 'CREATE TABLE t (id INT PRIMARY KEY)');
  await h.exec('app', 'INSERT INTO t VALUES (1)');
  const [uuid] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t ADD COLUMN a INT', ddlStrategy: 'vitess --postpone-completion --cut-over-threshold=5s', migrationContext: '' });
  await waitForReady(h.engine, 'app', uuid!);
  const holder = await h.pool.getConnection();
  await holder.query(`USE \`${h.databases.app!['-']}\``);
  await holder.query('BEGIN');
  await holder.query('SELECT * FROM t');
  await h.engine.complete('app', { uuid: uuid! });
  const [backedOff] = await waitForRows(h.engine, 'app', uuid!, (rows) => rows[0]!.cutover_attempts === 1 && rows[0]!.message !== '', 'a failed cut-over attempt');
  expect(backedOff).toMatchObject({ migration_status: 'running', ready_to_complete: 1 });
  expect(backedOff!.message).toMatch(/cut-over failed: Lock wait timeout exceeded/);
  expect(await h.engine.forceCutover('app', { uuid: uuid! })).toBe(1);
  const [done] = await waitForStatus(h.engine, 'app', uuid!, 'complete');
  expect(done!.cutover_attempts).toBe(2);
  await expect(holder.query('SELECT 1')).rejects.toThrow();
  holder.destroy();
});
