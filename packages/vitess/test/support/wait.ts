// Waiting for migration rows to reach a state. The deadline only stops a broken test from hanging;
// nothing asserts on how long it took.
import type { MigrationEngine, SchemaMigrationRow } from '../../src/index.js';

export async function waitForRows(
  engine: MigrationEngine, keyspace: string, uuid: string, done: (rows: SchemaMigrationRow[]) => boolean, what = 'condition',
): Promise<SchemaMigrationRow[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await engine.showMigrations({ keyspace, uuid });
    if (rows.length > 0 && done(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${uuid} to reach ${what}: ${JSON.stringify(rows.map((r) => [r.shard, r.migration_status, r.ready_to_complete, r.message]))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const waitForStatus = (engine: MigrationEngine, keyspace: string, uuid: string, ...statuses: SchemaMigrationRow['migration_status'][]) =>
  waitForRows(engine, keyspace, uuid, (rows) => rows.every((r) => statuses.includes(r.migration_status)), statuses.join('|'));

export const waitForReady = (engine: MigrationEngine, keyspace: string, uuid: string) =>
  waitForRows(engine, keyspace, uuid, (rows) => rows.every((r) => r.ready_to_complete === 1), 'ready_to_complete');
