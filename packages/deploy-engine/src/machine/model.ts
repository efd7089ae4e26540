// The deploy request as the state machine sees it: data only. Timestamps are ISO strings (UTC).
import type { VSchema } from '@localscale/vitess';
import type { DeploymentState } from './states.js';

/** PlanetScale's `operation_name` values, verbatim. */
export const operationKinds = ['CREATE', 'ALTER', 'DROP', 'CREATE VIEW', 'ALTER VIEW', 'DROP VIEW'] as const;
export type OperationKind = (typeof operationKinds)[number];

/** One DDL statement of a plan, with what the differ knew about it when it produced it. */
export interface PlannedChange {
  kind: OperationKind;
  /** The table or view the statement changes. */
  table: string;
  sql: string;
  /** It drops a table or columns (PlanetScale's `can_drop_data`). */
  dropsData: boolean;
}

/** What deploying changes in one keyspace of the target branch, computed when the request is prepared. */
export interface KeyspacePlan {
  keyspace: string;
  /** Ordered DDL that turns the target branch into the head branch; submitted one migration each. */
  changes: PlannedChange[];
  /** VSchema change, when the keyspace's VSchema differs. */
  vschema: { before: VSchema | null; after: VSchema } | null;
}

export interface Plan {
  keyspaces: KeyspacePlan[];
  /** Every DDL change can be applied with ALGORITHM=INSTANT. */
  instantEligible: boolean;
}

export interface Deployment {
  state: DeploymentState;
  autoCutover: boolean;
  autoDeleteBranch: boolean;
  /** Requested with `instant_ddl: true` at deploy time. */
  instantDdl: boolean;
  instantDdlEligible: boolean;
  deployable: boolean;
  deployCheckErrors: string | null;
  /** Why the deployment or its revert failed (the Vitess message). */
  error: string | null;
  /** `@@migration_context` of this deploy attempt; set when deploy is requested. */
  migrationContext: string | null;
  revertContext: string | null;
  vschemaApplied: boolean;
  vschemaReverted: boolean;
  /** Per-keyspace throttle ratio in PlanetScale's 0..95 scale. */
  throttle: Record<string, number>;
  queuedAt: string | null;
  submittedAt: string | null;
  startedAt: string | null;
  readyToCutoverAt: string | null;
  cutoverAt: string | null;
  finishedAt: string | null;
  forceCutoverRequestedAt: string | null;
  cancelledAt: string | null;
  revertedAt: string | null;
  /** End of the revert window while complete_pending_revert. */
  revertExpiresAt: string | null;
  /** After-completion work (artifact cleanup, branch deletion) is done. */
  finalized: boolean;
}

/** Who did what to a deployment, as PlanetScale shows it (deployer, cut-over, canceller...). */
export const actorRoles = ['deployer', 'cutover', 'canceller', 'reverter', 'skipper'] as const;
export type ActorRole = (typeof actorRoles)[number];
/** Actor ids by role; an actor id is null for LocalScale's own (unauthenticated) requests. */
export type Actors = Partial<Record<ActorRole, string | null>>;

export interface DeployRequest {
  id: string;
  number: number;
  databaseId: string;
  branch: string;
  intoBranch: string;
  state: 'open' | 'closed';
  /** Who opened the request (they may not approve it). */
  authorId: string | null;
  approved: boolean;
  actors: Actors;
  closedBy: string | null;
  closedAt: string | null;
  deployedAt: string | null;
  branchDeleted: boolean;
  deployment: Deployment;
  plan: Plan | null;
  /** Optimistic-concurrency version, bumped by every persisted change. */
  version: number;
}

export const hasDdl = (plan: Plan | null) => !!plan?.keyspaces.some((k) => k.changes.length > 0);
export const hasVSchema = (plan: Plan | null) => !!plan?.keyspaces.some((k) => k.vschema !== null);
export const ddlKeyspaces = (plan: Plan | null) => (plan?.keyspaces ?? []).filter((k) => k.changes.length > 0);
export const vschemaKeyspaces = (plan: Plan | null) => (plan?.keyspaces ?? []).filter((k) => k.vschema !== null);
