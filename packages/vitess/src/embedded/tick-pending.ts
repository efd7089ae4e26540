// The pending migrations of one shard as one scheduler tick sees them. The tick reads them once, when
// it starts, and hands this set to each step; a step that changes a migration re-reads that one row
// (by key) before the next step looks, so every step sees the rows as the steps before it left them,
// just as if it had queried the table itself. No migration becomes pending during a tick: submissions,
// RETRY and REVERT insert or re-queue rows under the engine lock the tick holds.
import { pendingStatuses, type MigrationStatus, type SchemaMigrationRow } from '../port/index.js';
import { keyOf } from './lifecycle.js';
import type { MigrationStore, ShardKey } from './sidecar/store.js';

export class TickPending {
  private constructor(private readonly store: MigrationStore, private rows: SchemaMigrationRow[]) {}

  /** The tick's one read of the shard's pending migrations. */
  static async read(store: MigrationStore, shard: ShardKey): Promise<TickPending> {
    return new TickPending(store, await store.pending(shard));
  }

  /** Every pending migration, oldest (lowest id) first. */
  get all(): readonly SchemaMigrationRow[] {
    return this.rows;
  }

  get uuids(): string[] {
    return this.rows.map((r) => r.migration_uuid);
  }

  withStatus(status: MigrationStatus): SchemaMigrationRow[] {
    return this.rows.filter((r) => r.migration_status === status);
  }

  /** queued migrations the review has not seen yet (Vitess's sqlSelectQueuedUnreviewedMigrations). */
  queuedUnreviewed(): SchemaMigrationRow[] {
    return this.rows.filter((r) => r.migration_status === 'queued' && r.reviewed_timestamp === null);
  }

  /** queued migrations the review passed, which the scheduler may move to ready. */
  queuedReviewed(): SchemaMigrationRow[] {
    return this.rows.filter((r) => r.migration_status === 'queued' && r.reviewed_timestamp !== null);
  }

  /** Re-reads a migration this tick changed: it takes its new values, or leaves the set once it is no longer pending. */
  async reread(row: SchemaMigrationRow): Promise<void> {
    const fresh = await this.store.get(keyOf(row));
    const rest = this.rows.filter((r) => r.migration_uuid !== row.migration_uuid);
    const stillPending = fresh !== null && pendingStatuses.includes(fresh.migration_status);
    this.rows = stillPending ? [...rest, fresh].sort((a, b) => a.id - b.id) : rest;
  }
}
