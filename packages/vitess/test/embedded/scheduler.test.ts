// The scheduler driven tick by tick (tickMs 0): Vitess moves at most one migration per stage per tick.
import { afterEach, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';

let h: EmbeddedHarness;
afterEach(async () => { await h?.close(); });

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
