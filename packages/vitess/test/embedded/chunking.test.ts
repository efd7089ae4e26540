// How the copy cuts a table into chunks (online/chunk-bounds.ts): by key value over a single integer
// key, by row count over any other key. Each way is run under concurrent writers on a table whose
// keys are not evenly spread, and checked row by row twice: the shadow table against the live one at
// the moment the migration is ready to cut over (the copy and the triggers alone), and the live table
// against the writers' model after the cut-over.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';
import { waitForRows, waitForStatus } from '../support/wait.js';
import { diffRows, startWriters, type ModelRow } from '../support/writers.js';

let h: EmbeddedHarness;
afterEach(async () => { await h?.close(); });

const checksum = (rows: readonly ModelRow[]) => createHash('sha256').update(rows.map((r) => `${r.id}:${r.k}:${r.payload}`).join('\n')).digest('hex');
const rowsOf = (table: string) => h.query<ModelRow>('app', '-', `SELECT id, k, payload FROM \`${table}\` ORDER BY id`);

// Negative keys, a sparse run (one row per 100,000 key values) and then a dense run: the chunks that
// cross the sparse run grow wide, so the first one into the dense run holds far more rows than
// wanted and must stop at its row cap.
const seed: ModelRow[] = [
  ...Array.from({ length: 200 }, (_, i) => -200 + i),
  ...Array.from({ length: 40 }, (_, i) => (i + 1) * 100_000),
  ...Array.from({ length: 3000 }, (_, i) => 5_000_000 + i),
].map((id, i) => ({ id, k: i, payload: `seed-${id}` }));

const shapes = [
  { name: 'a single integer key (by key value)', create: 'CREATE TABLE t (id INT NOT NULL PRIMARY KEY, k INT NOT NULL, payload VARCHAR(64) NOT NULL)' },
  { name: 'a composite key (by row count)', create: 'CREATE TABLE t (tenant INT NOT NULL DEFAULT 7, id INT NOT NULL, k INT NOT NULL, payload VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, id))' },
];

describe.each(shapes)('copying a table with $name', ({ create }) => {
  it('under concurrent writers, the shadow matches the table at cut-over and no write is lost', async () => {
    h = await startEmbedded({ copyChunkRows: 50 });
    const db = h.databases.app!['-']!;
    await h.exec('app', create);
    for (let i = 0; i < seed.length; i += 500) {
      await h.exec('app', `INSERT INTO t (id, k, payload) VALUES ${seed.slice(i, i + 500).map((r) => `(${r.id}, ${r.k}, '${r.payload}')`).join(',')}`);
    }
    const writers = startWriters(h.pool, db, 't', seed, 4, 10_000_000);
    // Slowed down, so the copy overlaps plenty of writes.
    await h.engine.throttle('app', { all: true }, { ratio: 0.5 });
    const [uuid] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t ADD COLUMN added INT NOT NULL DEFAULT 1, ADD INDEX k_idx (k)', ddlStrategy: 'vitess --postpone-completion', migrationContext: 'chunks' });
    const [ready] = await waitForRows(h.engine, 'app', uuid!, (rows) => rows[0]!.ready_to_complete === 1 || rows[0]!.migration_status === 'failed', 'ready');
    expect(ready!.message).toBe('');
    await h.engine.unthrottle('app', { all: true });

    await writers.pause();
    const live = await rowsOf('t');
    const shadow = await rowsOf(ready!.artifacts.split(',')[0]!);
    expect(diffRows(live, shadow)).toEqual([]);
    expect(checksum(shadow)).toBe(checksum(live));
    expect(diffRows(writers.model(), live)).toEqual([]);
    writers.resume();

    await h.engine.complete('app', { uuid: uuid! });
    const [done] = await waitForStatus(h.engine, 'app', uuid!, 'complete', 'failed');
    expect(done!.message).toBe('');
    await writers.stop();
    expect(writers.errors).toEqual([]);
    const after = await rowsOf('t');
    expect(diffRows(writers.model(), after)).toEqual([]);
    expect(checksum(after)).toBe(checksum(writers.model()));
  });
});

it('copies BIGINT UNSIGNED keys past 2^53 exactly, and resumes from such a key after a restart', async () => {
  h = await startEmbedded({ copyChunkRows: 20 });
  await h.exec('app', 'CREATE TABLE t (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, v INT NOT NULL)');
  // Neighbouring keys a DOUBLE cannot tell apart, up to the largest BIGINT UNSIGNED.
  const ids = [
    ...Array.from({ length: 300 }, (_, i) => 9_007_199_254_741_000n + BigInt(i)),
    ...Array.from({ length: 300 }, (_, i) => 18_446_744_073_709_551_615n - BigInt(i)),
  ];
  await h.exec('app', `INSERT INTO t VALUES ${ids.map((id, i) => `(${id}, ${i})`).join(',')}`);
  await h.engine.throttle('app', { all: true }, { ratio: 0.9 });
  const [uuid] = await h.engine.submit({ keyspace: 'app', sql: 'ALTER TABLE t ADD COLUMN w INT NOT NULL DEFAULT 2', ddlStrategy: 'vitess', migrationContext: 'bigint' });
  await waitForRows(h.engine, 'app', uuid!, (rows) => rows[0]!.rows_copied >= 100, 'some rows copied');
  await h.engine.close();
  const engine = await h.reopen();
  await engine.unthrottle('app', { all: true });
  const [done] = await waitForStatus(engine, 'app', uuid!, 'complete', 'failed');
  expect(done!.message).toBe('');
  // Resumed, not restarted, and no row copied twice or skipped.
  expect(done!.rows_copied).toBe(ids.length);
  const rows = await h.query<{ id: string; v: number; w: number }>('app', '-', 'SELECT CAST(id AS CHAR) AS id, v, w FROM t ORDER BY t.id');
  expect(rows.map((r) => r.id)).toEqual(ids.map(String).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
  expect(rows.every((r) => r.w === 2 && ids[r.v] === BigInt(r.id))).toBe(true);
});
