// Builders for deploy requests and migration rows in the states the table tests need.
import { schemaMigrationColumns, type SchemaMigrationRow } from '@localscale/vitess';
import type { DeployRequest, Deployment, Plan, PlannedChange } from '../src/machine/model.js';
import type { DeploymentState } from '../src/machine/states.js';

export const now = '2026-01-20T10:00:00.000Z';

/** A planned statement; an ALTER of `t` unless told otherwise (the machine only submits the SQL). */
export const change = (sql: string, fields: Partial<PlannedChange> = {}): PlannedChange => ({ kind: 'ALTER', table: 't', sql, dropsData: false, ...fields });
export const changes = (...sql: string[]): PlannedChange[] => sql.map((s) => change(s));

export const plan = (overrides: Partial<Plan> = {}): Plan => ({
  keyspaces: [{ keyspace: 'app', changes: changes('ALTER TABLE `t` ADD COLUMN `c` int'), vschema: null }],
  instantEligible: true,
  ...overrides,
});

export function request(state: DeploymentState, overrides: Partial<Deployment> = {}, top: Partial<DeployRequest> = {}): DeployRequest {
  return {
    id: 'dr0000000001', number: 1, databaseId: 'db0000000001', branch: 'feature', intoBranch: 'main',
    state: 'open', authorId: 'author', approved: false, actors: {}, closedBy: null, closedAt: null, deployedAt: null, branchDeleted: false, version: 1,
    plan: plan(),
    deployment: {
      state, autoCutover: false, autoDeleteBranch: false, instantDdl: false, instantDdlEligible: true, deployable: true,
      deployCheckErrors: null, error: null, migrationContext: 'localscale:dr0000000001:1', revertContext: 'localscale:dr0000000001:1:revert',
      vschemaApplied: false, vschemaReverted: false, throttle: {}, queuedAt: null, submittedAt: null, startedAt: null,
      readyToCutoverAt: null, cutoverAt: null, finishedAt: null, forceCutoverRequestedAt: null, cancelledAt: null,
      revertedAt: null, revertExpiresAt: null, finalized: false,
      ...overrides,
    },
    ...top,
  };
}

let nextId = 1;
export function row(fields: Partial<SchemaMigrationRow>): SchemaMigrationRow {
  const base = Object.fromEntries(schemaMigrationColumns.map((c) => [c, null])) as unknown as SchemaMigrationRow;
  return {
    ...base, id: nextId++, migration_uuid: `uuid_${nextId}`, keyspace: 'app', shard: '-', mysql_table: 't',
    migration_statement: 'alter table t add column c int', strategy: 'vitess', options: '--postpone-completion',
    migration_status: 'running', migration_context: 'localscale:dr0000000001:1', ddl_action: 'alter', message: '',
    ready_to_complete: 0, postpone_completion: 1, progress: 50, eta_seconds: 10, force_cutover: 0, cleanup_timestamp: null,
    completed_timestamp: null, reverted_uuid: '',
    ...fields,
  };
}
