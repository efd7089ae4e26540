// The scheduler driven tick by tick (tickMs 0): Vitess moves at most one migration per stage per tick.
import { afterEach, expect, it, vi } from 'vitest';
import { MigrationStore } from '../../src/embedded/sidecar/store.js';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';

let h: EmbeddedHarness;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

it('reviews every queued migration but moves one to ready (and runs it) per tick', async () => {
  h = await startEmbedded({ tickMs: 0 });
  const submit = async (sql: string) => (await h.engine.submit({ keyspace: 'app', sql, ddlStrategy: 'vitess', migrationContext: 'ticks' }))[0]!;
  const a = await submit('create table a (id int primary key)');
  const b = await submit('create table b (id int primary key)');
  const status = async (uuid: string) => {
    const [row] = await h.engine.showMigrations({ keyspace: 'app', uuid });
    return [row!.migration_status, row!.reviewed_timestamp !== null, row!.ready_to_complete];
  };
  expect([await status(a), await status(b)]).toEqual([['queued', false, 0], ['queued', false, 0]]);
  await h.engine.tick();
  expect([await status(a), await status(b)]).toEqual([['complete', true, 1], ['queued', true, 1]]);
  await h.engine.tick();
  expect(await status(b)).toEqual(['complete', true, 1]);
  expect(h.engine.stats().ticks).toBe(2);
});

it('reads each shard\'s pending migrations once per tick', async () => {
  h = await startEmbedded({ tickMs: 0, keyspaces: [{ name: 'app', shards: ['-80', '80-'] }] });
  const submit = async (sql: string) => (await h.engine.submit({ keyspace: 'app', sql, ddlStrategy: 'vitess --in-order-completion', migrationContext: 'once' }))[0]!;
  const a = await submit('create table a (id int primary key)');
  const b = await submit('create table b (id int primary key)');
  const pending = vi.spyOn(MigrationStore.prototype, 'pending');
  const statuses = async (uuid: string) => (await h.engine.showMigrations({ keyspace: 'app', uuid })).map((r) => r.migration_status);
  await h.engine.tick();
  expect(pending).toHaveBeenCalledTimes(2);
  expect([await statuses(a), await statuses(b)]).toEqual([['complete', 'complete'], ['queued', 'queued']]);
  await h.engine.tick();
  expect(pending).toHaveBeenCalledTimes(4);
  expect(await statuses(b)).toEqual(['complete', 'complete']);
});
