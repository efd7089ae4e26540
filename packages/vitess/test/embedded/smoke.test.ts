import { afterEach, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedHarness } from '../support/embedded.js';
import { waitForStatus } from '../support/wait.js';

let h: EmbeddedHarness;
afterEach(async () => { await h?.close(); });

describe('smoke', () => {
  it('creates, alters with a copy, and reverts', async () => {
    h = await startEmbedded();
    const [create] = await h.engine.submit({ keyspace: 'app', sql: 'create table t (id int primary key, a int, b varchar(10))', ddlStrategy: 'vitess', migrationContext: 'c1' });
    const rows = await waitForStatus(h.engine, 'app', create!, 'complete', 'failed');
    expect(rows[0]!.message).toBe('');
    expect(rows[0]!.migration_status).toBe('complete');
    for (let i = 1; i <= 120; i++) await h.exec('app', 'insert into t values (?, ?, ?)', [i, i * 2, `r${i}`]);
    const [alter] = await h.engine.submit({ keyspace: 'app', sql: 'alter table t drop column b, add column c int not null default 7', ddlStrategy: 'vitess', migrationContext: 'c1' });
    const done = await waitForStatus(h.engine, 'app', alter!, 'complete', 'failed');
    expect(done[0]!.message).toBe('');
    expect(done[0]!.rows_copied).toBe(120);
    expect(done[0]!.artifacts).toMatch(/^_vt_vrp_[0-9a-f]{32}_\d{14}_,$/);
    await h.exec('app', 'insert into t (id, a, c) values (500, 1, 9)');
    const revert = await h.engine.revert('app', alter!);
    const reverted = await waitForStatus(h.engine, 'app', revert, 'complete', 'failed');
    expect(reverted[0]!.message).toBe('');
    const back = await h.query('app', '-', 'select id, a, b from t where id in (1, 500) order by id');
    expect(back).toEqual([{ id: 1, a: 2, b: 'r1' }, { id: 500, a: 1, b: null }]);
  });
});
