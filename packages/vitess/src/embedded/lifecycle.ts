// Status transitions as Vitess's executor writes them (onSchemaMigrationStatus, failMigration): the
// columns each status sets, and the guard that only pending migrations move.
import type { SchemaMigrationRow } from '../port/index.js';
import type { EngineContext } from './context.js';
import { raw, type MigrationKey, type Patch } from './sidecar/store.js';
import { sqlTime } from './sql.js';

const pending = { where: "migration_status IN ('queued', 'ready', 'running')" };

export const keyOf = (row: Pick<SchemaMigrationRow, 'migration_uuid' | 'shard'>): MigrationKey => ({ uuid: row.migration_uuid, shard: row.shard });

export async function markRunning(ctx: EngineContext, key: MigrationKey, extra: Patch = {}): Promise<void> {
  const now = sqlTime(ctx.now());
  await ctx.store.update(key, {
    migration_status: 'running', started_timestamp: now, liveness_timestamp: now, progress: 0, eta_seconds: -1, ...extra,
  }, pending);
}

/** complete: progress 100, eta 0; a migration that never ran also gets its started_timestamp now. */
export async function markComplete(ctx: EngineContext, key: MigrationKey, extra: Patch = {}): Promise<number> {
  const now = ctx.now();
  return ctx.store.update(key, {
    migration_status: 'complete', progress: 100, eta_seconds: 0,
    started_timestamp: raw(`IFNULL(started_timestamp, '${sqlTime(now)}')`), completed_timestamp: sqlTime(now, true), ...extra,
  }, pending);
}

/** failed, or cancelled when a user CANCEL set cancelled_timestamp. */
export async function markFailed(ctx: EngineContext, key: MigrationKey, message: string): Promise<number> {
  const now = ctx.now();
  return ctx.store.update(key, {
    migration_status: raw("IF(cancelled_timestamp IS NULL, 'failed', 'cancelled')"),
    message: truncateMessage(message), message_timestamp: sqlTime(now, true), completed_timestamp: sqlTime(now, true),
  }, pending);
}

export async function setMessage(ctx: EngineContext, key: MigrationKey, message: string, extra: Patch = {}): Promise<void> {
  await ctx.store.update(key, { ...messagePatch(ctx.now(), message), ...extra });
}

/** The columns a message sets, to write together with a status change. */
export const messagePatch = (now: Date, message: string): Patch => ({ message: truncateMessage(message), message_timestamp: sqlTime(now, true) });

/** Vitess keeps at most 16383 characters of a message. */
const truncateMessage = (m: string) => (m.length > 16383 ? m.slice(0, 16383) : m);
