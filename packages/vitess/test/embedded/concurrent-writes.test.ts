// Writes running throughout an online ALTER (during the copy and across the cut-over), through the
// revert window and across the revert: every write must survive exactly once, in the live table and
// in the old table kept for the revert, and no statement may find the table missing mid-swap.
import { createHash } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';
import { waitForRows, waitForStatus } from '../support/wait.js';
import { diffRows, startWriters, type ModelRow } from '../support/writers.js';

let h: EmbeddedHarness;
afterEach(async () => { await h?.close(); });

const checksum = (rows: readonly ModelRow[]) => createHash('sha256').update(rows.map((r) => `${r.id}:${r.k}:${r.payload}`).join('\n')).digest('hex');

async function tableRows(h: EmbeddedHarness, table: string, extra = ''): Promise<(ModelRow & Record<string, unknown>)[]> {
  return h.query('app', '-', `SELECT id, k, payload${extra} FROM \`${table}\` ORDER BY id`);
}

it('loses and duplicates no write during a copy, a cut-over, the revert window and a revert', async () => {
  h = await startEmbedded({ copyChunkRows: 100 });
  const db = h.databases.app!['-']!;
  await h.exec('app', 'CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, payload VARCHAR(64) NOT NULL, extra INT NOT NULL DEFAULT 0)');
  const seed: ModelRow[] = Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, k: i, payload: `seed-${i + 1}` }));
  for (let i = 0; i < seed.length; i += 500) {
    await h.exec('app', `INSERT INTO t (id, k, payload, extra) VALUES ${seed.slice(i, i + 500).map((r) => `(${r.id}, ${r.k}, '${r.payload}', ${r.id * 3})`).join(',')}`);
  }
  const writers = startWriters(h.pool, db, 't', seed);
  const opsAt: Record<string, number> = {};
  let alterUuid = '';
  const stop = h.engine.subscribe((e) => {
    if (e.type !== 'changed' || e.uuid !== alterUuid) return;
    if (e.status === 'running' && opsAt.running === undefined) opsAt.running = writers.ops();
    if (e.readyToComplete && opsAt.ready === undefined) opsAt.ready = writers.ops();
  });
  // Slow the copy down so it overlaps plenty of writes.
  await h.engine.throttle('app', { all: true }, { ratio: 0.5 });
  [alterUuid] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t DROP COLUMN extra, ADD COLUMN added INT NOT NULL DEFAULT 1, ADD INDEX k_idx (k)', ddlStrategy: 'vitess', migrationContext: 'load' });
  const [alter] = await waitForStatus(h.engine, 'app', alterUuid!, 'complete', 'failed');
  stop();
  expect(alter!.message).toBe('');
  expect(alter!.migration_status).toBe('complete');
  expect(opsAt.ready! - opsAt.running!).toBeGreaterThan(0);
  await h.engine.unthrottle('app', { all: true });

  // Revert window: keep writing on the new schema, then check both copies at a quiet moment.
  await new Promise((r) => setTimeout(r, 200));
  await writers.pause();
  const model1 = writers.model();
  const live1 = await tableRows(h, 't', ', added');
  const old = alter!.artifacts.split(',')[0]!;
  const old1 = await tableRows(h, old, ', extra');
  expect(diffRows(model1, live1)).toEqual([]);
  expect(checksum(live1)).toBe(checksum(model1));
  expect(diffRows(model1, old1)).toEqual([]);
  expect(checksum(old1)).toBe(checksum(model1));
  expect(live1.every((r) => r.added === 1)).toBe(true);
  writers.resume();

  const revertUuid = await h.engine.revert('app', alterUuid!);
  const [revert] = await waitForStatus(h.engine, 'app', revertUuid, 'complete', 'failed');
  expect(revert!.message).toBe('');
  await new Promise((r) => setTimeout(r, 200));
  await writers.stop();

  expect(writers.errors).toEqual([]);
  const model2 = writers.model();
  const live2 = await tableRows(h, 't', ', extra');
  expect(diffRows(model2, live2)).toEqual([]);
  expect(checksum(live2)).toBe(checksum(model2));
  // Values of the column the ALTER dropped came back for every surviving seed row.
  for (const r of live2) expect(r.extra).toBe(r.id <= 3000 ? r.id * 3 : 0);
  // The writes made after the revert reached the ALTER's table too (ready for a revert of the revert).
  const deployed = await tableRows(h, revert!.artifacts.split(',')[0]!);
  expect(checksum(deployed)).toBe(checksum(model2));
  await waitForRows(h.engine, 'app', revertUuid, (rows) => rows[0]!.migration_status === 'complete');
});
