// The sidecar store's named queries on a real server: each returns exactly the rows its name
// promises, from the right keyspace and shard only, in its order. The fixture has two keyspaces, the
// first with two shards, and rows of every status, so a condition that is too loose or too strict
// shows up as an extra or a missing uuid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { uniqueTag } from '@localscale/mysql/testing';
import { createPool, quoteIdentifier, type Pool } from '@localscale/mysql';
import type { MigrationStatus, SchemaMigrationRow } from '../../src/index.js';
import { ensureSidecar } from '../../src/embedded/sidecar/schema.js';
import { MigrationStore, type Patch } from '../../src/embedded/sidecar/store.js';
import { TickPending } from '../../src/embedded/tick-pending.js';

let pool: Pool;
let sidecar: string;
let store: MigrationStore;

const a0 = { keyspace: 'app', shard: '-80' };
const a1 = { keyspace: 'app', shard: '80-' };
const other = { keyspace: 'other', shard: '-' };

interface Fixture {
  uuid: string; at?: typeof a0; status: MigrationStatus; table?: string; context?: string; statement?: string;
  reviewed?: string | null; completed?: string | null; cleanup?: string | null; retain?: number;
}

/** One row per fixture entry; every row lists the same columns, as insert() requires. */
function row(f: Fixture): Patch {
  const at = f.at ?? a0;
  return {
    migration_uuid: f.uuid, keyspace: at.keyspace, shard: at.shard, mysql_schema: 'db', mysql_table: f.table ?? 't',
    migration_statement: f.statement ?? `alter table ${f.table ?? 't'} engine=innodb`, strategy: 'vitess', options: '',
    migration_status: f.status, migration_context: f.context ?? 'c1', reviewed_timestamp: f.reviewed ?? null,
    completed_timestamp: f.completed ?? null, cleanup_timestamp: f.cleanup ?? null, retain_artifacts_seconds: f.retain ?? 0,
  };
}

const fixtures: Fixture[] = [
  { uuid: 'q_unreviewed', status: 'queued' },
  { uuid: 'q_reviewed', status: 'queued', reviewed: '2024-01-01 00:00:00' },
  { uuid: 'ready', status: 'ready', table: 'u' },
  { uuid: 'running', status: 'running', table: 'u' },
  { uuid: 'complete_old', status: 'complete', table: 'u', completed: '2024-01-01 00:00:01', retain: 60, statement: 'create table u (id int)' },
  { uuid: 'complete_new', status: 'complete', table: 'u', completed: '2024-01-01 00:00:02', statement: 'create table u (id int)' },
  { uuid: 'failed', status: 'failed', context: 'c2', completed: '2024-01-01 00:00:03', retain: 60 },
  { uuid: 'cancelled', status: 'cancelled', context: 'c2', cleanup: '2024-01-01 00:00:04', retain: 60 },
  { uuid: 'later_in_c2', status: 'queued', context: 'c2' },
  { uuid: 'q_other_shard', at: a1, status: 'queued', context: 'c2' },
  { uuid: 'running_other_keyspace', at: other, status: 'running' },
  // One migration on both shards of `app`.
  { uuid: 'both', status: 'complete', context: 'c3', completed: '2024-01-01 00:00:05', cleanup: '2024-01-01 00:00:06' },
  { uuid: 'both', at: a1, status: 'complete', context: 'c3', completed: '2024-01-01 00:00:05', cleanup: '2024-01-01 00:00:06' },
];

const named = (r: SchemaMigrationRow) => `${r.migration_uuid}@${r.shard}`;
const uuids = (rows: readonly SchemaMigrationRow[]) => rows.map(named);
const uuid = (r: SchemaMigrationRow | null) => (r === null ? null : named(r));

const find = async (id: string, at = a0) => (await store.get({ uuid: id, shard: at.shard }))!;

beforeAll(async () => {
  pool = createPool(inject('mysqlUrl'), { connectionLimit: 5 });
  sidecar = `${uniqueTag()}_vt`;
  await ensureSidecar(pool, sidecar);
  store = new MigrationStore(pool, sidecar, () => undefined);
  await store.insert(fixtures.map(row));
  await store.update({ uuid: 'complete_old', shard: a0.shard }, { artifacts: '_vt_hld_shared_20240101000000,_vt_vrp_own' });
  await store.update({ uuid: 'failed', shard: a0.shard }, { artifacts: '_vt_hld_shared_20240101000000' });
});

afterAll(async () => {
  await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(sidecar)}`);
  await pool.end();
});

describe('one shard', () => {
  it('get: one migration on one shard', async () => {
    expect(uuid(await store.get({ uuid: 'both', shard: '80-' }))).toBe('both@80-');
    expect(await store.get({ uuid: 'nope', shard: '-80' })).toBeNull();
  });

  it('pending: queued, ready and running on that shard, in id order', async () => {
    expect(uuids(await store.pending(a0))).toEqual(['q_unreviewed@-80', 'q_reviewed@-80', 'ready@-80', 'running@-80', 'later_in_c2@-80']);
    expect(uuids(await store.pending(a1))).toEqual(['q_other_shard@80-']);
  });

  it('running', async () => {
    expect(uuids(await store.running(a0))).toEqual(['running@-80']);
    expect(uuids(await store.running(other))).toEqual(['running_other_keyspace@-']);
  });

  it('allOnShard: every status', async () => {
    expect(await store.allOnShard(a0)).toHaveLength(fixtures.filter((f) => (f.at ?? a0) === a0).length);
    expect(uuids(await store.allOnShard(a1))).toEqual(['q_other_shard@80-', 'both@80-']);
  });

  it('uncollectedArtifacts: terminal and not cleaned up', async () => {
    expect(uuids(await store.uncollectedArtifacts(a0))).toEqual(['complete_old@-80', 'complete_new@-80', 'failed@-80']);
    expect(await store.uncollectedArtifacts(a1)).toEqual([]);
  });

  it('artifactInUse: listed by another uncollected migration, matched as a whole name', async () => {
    expect(await store.artifactInUse(a0, '_vt_hld_shared_20240101000000', 'failed')).toBe(true);
    expect(await store.artifactInUse(a0, '_vt_vrp_own', 'complete_old')).toBe(false);
    // `_` is a LIKE wildcard: it must not match any character.
    expect(await store.artifactInUse(a0, '_vt_hld_shared_2024010100000_', 'failed')).toBe(false);
    expect(await store.artifactInUse(a1, '_vt_hld_shared_20240101000000', 'failed')).toBe(false);
  });

  it('failedPredecessorInContext: the earliest failed or cancelled migration before it in its context', async () => {
    expect(uuid(await store.failedPredecessorInContext(await find('later_in_c2')))).toBe('failed@-80');
    expect(await store.failedPredecessorInContext(await find('failed'))).toBeNull();
    expect(await store.failedPredecessorInContext(await find('q_other_shard', a1))).toBeNull();
    expect(await store.failedPredecessorInContext(await find('ready'))).toBeNull();
  });

  it('completeByContextAndSql: another complete migration with the same context and statement', async () => {
    expect(uuid(await store.completeByContextAndSql(await find('complete_new')))).toBe('complete_old@-80');
    expect(uuid(await store.completeByContextAndSql(await find('complete_old')))).toBe('complete_new@-80');
    expect(await store.completeByContextAndSql({ ...await find('complete_old'), migration_statement: 'drop table u' })).toBeNull();
  });

  it('pendingOnTable: pending migrations on the table but the one named', async () => {
    expect(uuids(await store.pendingOnTable(a0, 'u', 'x'))).toEqual(['ready@-80', 'running@-80']);
    expect(uuids(await store.pendingOnTable(a0, 'u', 'ready'))).toEqual(['running@-80']);
    expect(await store.pendingOnTable(a1, 'u', 'x')).toEqual([]);
  });

  it('lastCompleteOnTable: latest completed_timestamp', async () => {
    expect(uuid(await store.lastCompleteOnTable(a0, 'u'))).toBe('complete_new@-80');
    expect(await store.lastCompleteOnTable(a0, 'nothing')).toBeNull();
  });
});

describe('a keyspace', () => {
  it('byUuid: every shard', async () => {
    expect(uuids(await store.byUuid('app', 'both'))).toEqual(['both@-80', 'both@80-']);
    expect(await store.byUuid('other', 'both')).toEqual([]);
  });

  it('byContext and byContexts', async () => {
    expect(uuids(await store.byContext('app', 'c2'))).toEqual(['failed@-80', 'cancelled@-80', 'later_in_c2@-80', 'q_other_shard@80-']);
    expect(uuids(await store.byContexts('app', ['c3', 'nope']))).toEqual(['both@-80', 'both@80-']);
    expect(await store.byContexts('app', [])).toEqual([]);
  });

  it('like: uuid, context or status', async () => {
    expect(uuids(await store.like('app', 'q\\_%'))).toEqual(['q_unreviewed@-80', 'q_reviewed@-80', 'q_other_shard@80-']);
    expect(uuids(await store.like('app', 'c3'))).toEqual(['both@-80', 'both@80-']);
    expect(uuids(await store.like('app', 'cancel%'))).toEqual(['cancelled@-80']);
  });

  it('inKeyspace', async () => {
    expect(await store.inKeyspace('app')).toHaveLength(fixtures.length - 1);
    expect(uuids(await store.inKeyspace('other'))).toEqual(['running_other_keyspace@-']);
  });

  it('pendingInKeyspace', async () => {
    expect(uuids(await store.pendingInKeyspace('app')))
      .toEqual(['q_unreviewed@-80', 'q_reviewed@-80', 'ready@-80', 'running@-80', 'later_in_c2@-80', 'q_other_shard@80-']);
  });

  it('queuedReviewedInKeyspace', async () => {
    expect(uuids(await store.queuedReviewedInKeyspace('app'))).toEqual(['q_reviewed@-80']);
  });

  it('retainingArtifactsInKeyspace: terminal, not cleaned up, with a retention of its own', async () => {
    expect(uuids(await store.retainingArtifactsInKeyspace('app'))).toEqual(['complete_old@-80', 'failed@-80']);
  });
});

describe('TickPending', () => {
  it('holds the pending rows by status, and re-reads a changed row or lets it go', async () => {
    const pending = await TickPending.read(store, a0);
    expect(uuids(pending.queuedUnreviewed())).toEqual(['q_unreviewed@-80', 'later_in_c2@-80']);
    expect(uuids(pending.queuedReviewed())).toEqual(['q_reviewed@-80']);
    expect(uuids(pending.withStatus('ready'))).toEqual(['ready@-80']);

    const unreviewed = await find('q_unreviewed');
    await store.update({ uuid: 'q_unreviewed', shard: a0.shard }, { reviewed_timestamp: '2024-01-02 00:00:00' });
    expect(uuids(pending.queuedReviewed())).toEqual(['q_reviewed@-80']);
    await pending.reread(unreviewed);
    expect(uuids(pending.queuedReviewed())).toEqual(['q_unreviewed@-80', 'q_reviewed@-80']);

    const ready = await find('ready');
    await store.update({ uuid: 'ready', shard: a0.shard }, { migration_status: 'complete' });
    await pending.reread(ready);
    expect(pending.uuids).toEqual(['q_unreviewed', 'q_reviewed', 'running', 'later_in_c2']);
    expect(pending.all.map((r) => r.id)).toEqual([...pending.all.map((r) => r.id)].sort((x, y) => x - y));

    await store.update({ uuid: 'q_unreviewed', shard: a0.shard }, { reviewed_timestamp: null });
    await store.update({ uuid: 'ready', shard: a0.shard }, { migration_status: 'ready' });
  });
});
