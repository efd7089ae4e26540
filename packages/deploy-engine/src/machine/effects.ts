// What the state machine asks the processor to do. Every effect is idempotent, and decisions are
// level-triggered (re-derived from state and migration rows each tick), so running an effect twice
// after a restart is harmless.
import type { KeyspacePlan } from './model.js';

export type Effect =
  /** Compute the diff between head and target branch (pending -> ready | no_changes | error). */
  | { type: 'prepare' }
  /** Submit these statements (the ones not yet submitted) of a keyspace as online DDL. */
  | { type: 'submit'; keyspace: string; statements: string[]; ddlStrategy: string; migrationContext: string }
  /** ALTER VITESS_MIGRATION '<uuid>' COMPLETE for the postponed migrations. */
  | { type: 'complete_migrations'; keyspace: string; uuids: string[] }
  /** ALTER VITESS_MIGRATION '<uuid>' FORCE_CUTOVER. */
  | { type: 'force_cutover'; keyspace: string; uuids: string[] }
  | { type: 'cancel_migrations'; keyspace: string; uuids: string[] }
  /** REVERT VITESS_MIGRATION for each uuid, newest first. */
  | { type: 'revert_migrations'; keyspace: string; uuids: string[]; ddlStrategy: string; migrationContext: string }
  | { type: 'apply_vschema'; keyspaces: KeyspacePlan[] }
  | { type: 'restore_vschema'; keyspaces: KeyspacePlan[] }
  | { type: 'throttle'; keyspace: string; uuids: string[]; ratio: number }
  /** Drop artifacts (CLEANUP) once the deployment can no longer be reverted. */
  | { type: 'cleanup_migrations'; keyspace: string; uuids: string[] }
  | { type: 'delete_branch' };
