// ALTER VITESS_MIGRATION commands that flip flags (COMPLETE, LAUNCH, FORCE_CUTOVER, CLEANUP, RETRY),
// per shard, resolving to RowsAffected summed over shards as vtgate reports it. Like Vitess, the
// single-migration forms check the UUID's format and otherwise ignore the status (except RETRY).
import { VitessError, type MigrationTarget, type SchemaMigrationRow } from '../port/index.js';
import type { EngineContext } from './context.js';
import { isMigrationUuid } from './identity.js';
import { shardsOf } from './keyspace.js';
import { keyOf } from './lifecycle.js';
import { raw, type MigrationStore, type Patch } from './sidecar/store.js';

export type FlagCommand = 'COMPLETE' | 'LAUNCH' | 'FORCE_CUTOVER' | 'CLEANUP';

/** The rows an ALL form of a command looks at. */
type AllRows = (store: MigrationStore, keyspace: string) => Promise<SchemaMigrationRow[]>;

interface FlagFlip { patch: Patch; when: string; all: AllRows }

const pending: AllRows = (store, keyspace) => store.pendingInKeyspace(keyspace);

const flips: Record<FlagCommand, FlagFlip> = {
  COMPLETE: { patch: { postpone_completion: 0 }, when: 'postpone_completion = 1', all: pending },
  LAUNCH: { patch: { postpone_launch: 0 }, when: 'postpone_launch = 1', all: (store, keyspace) => store.queuedReviewedInKeyspace(keyspace) },
  FORCE_CUTOVER: { patch: { force_cutover: 1 }, when: 'force_cutover = 0', all: pending },
  CLEANUP: { patch: { retain_artifacts_seconds: -1 }, when: 'retain_artifacts_seconds <> -1', all: (store, keyspace) => store.retainingArtifactsInKeyspace(keyspace) },
};

/** The verb Vitess names in its format error (LAUNCH is checked as EXECUTE). */
const formatVerb: Record<FlagCommand | 'RETRY', string> = { COMPLETE: 'COMPLETE', LAUNCH: 'EXECUTE', FORCE_CUTOVER: 'FORCE_CUTOVER', CLEANUP: 'CLEANUP', RETRY: 'RETRY' };

export function checkUuidFormat(command: FlagCommand | 'RETRY', uuid: string): void {
  if (!isMigrationUuid(uuid)) throw new VitessError(`Not a valid migration ID in ${formatVerb[command]}: ${uuid}`, 1105);
}

export async function flipFlag(ctx: EngineContext, command: FlagCommand, keyspace: string, target: MigrationTarget, shards?: readonly string[]): Promise<number> {
  const flip = flips[command];
  const rows = await targetRows(ctx, command, keyspace, target, flip.all);
  let affected = 0;
  for (const row of rows) {
    if (shards && shards.length > 0 && !shards.includes(row.shard)) continue;
    affected += await ctx.store.update(keyOf(row), flip.patch, { where: flip.when });
  }
  return affected;
}

/** RETRY: a failed or cancelled migration goes back to `queued` with its run-time columns reset. */
export async function retryMigration(ctx: EngineContext, keyspace: string, uuid: string): Promise<number> {
  // RETRY has no ALL form: the target is always one uuid.
  const rows = await targetRows(ctx, 'RETRY', keyspace, { uuid }, async () => []);
  let affected = 0;
  for (const row of rows) {
    affected += await ctx.store.update(keyOf(row), {
      migration_status: 'queued', tablet: row.tablet, retries: raw('retries + 1'), tablet_failure: 0, message: '', stage: '',
      cutover_attempts: 0, ready_timestamp: null, started_timestamp: null, liveness_timestamp: null, cancelled_timestamp: null,
      completed_timestamp: null, last_cutover_attempt_timestamp: null, cleanup_timestamp: null,
    }, { where: "migration_status IN ('failed', 'cancelled')" });
  }
  return affected;
}

async function targetRows(ctx: EngineContext, command: FlagCommand | 'RETRY', keyspace: string, target: MigrationTarget, all: AllRows): Promise<SchemaMigrationRow[]> {
  shardsOf(ctx, keyspace);
  if ('uuid' in target) {
    checkUuidFormat(command, target.uuid);
    return ctx.store.byUuid(keyspace, target.uuid);
  }
  return all(ctx.store, keyspace);
}
