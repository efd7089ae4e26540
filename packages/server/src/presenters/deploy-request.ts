// Deploy requests, deployments and their operations in PlanetScale's shapes. Everything here is a
// pure function of stored data plus the migration rows and queue read by the caller.
import { createHash } from 'node:crypto';
import { deployOperations, type DeployRequest, type OperationView } from '@localscale/deploy-engine';
import type { DeployRequestRecord, ReviewRecord } from '@localscale/mysql';
import type { SchemaMigrationRow } from '@localscale/vitess';
import { presentNullableActor, presentRequiredActor } from './actor.js';
import { enc, type Links } from './links.js';
import type { Schema } from './schemas.js';

/**
 * Ids for objects that have no row of their own (operations, summaries): stable across reads, so
 * remembered (a polled list would otherwise hash three or more ids per operation of every request on
 * every read). Bounded: cleared when full, then rebuilt as requests are shown again.
 */
const derivedIds = new Map<string, string>();
const derivedId = (...parts: (string | number)[]) => {
  const key = parts.join('\u0000');
  let id = derivedIds.get(key);
  if (id === undefined) {
    if (derivedIds.size >= 50_000) derivedIds.clear();
    id = createHash('sha256').update(key).digest('hex').slice(0, 12);
    derivedIds.set(key, id);
  }
  return id;
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const htmlOf = (text: string) => (text ? `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>` : '');
export const highlightSql = (sql: string) => `<pre><code class="language-sql">${escapeHtml(sql)}</code></pre>`;

export interface DeployContext {
  record: DeployRequestRecord;
  model: DeployRequest;
  organization: string;
  database: string;
  /** Migration rows of the deployment's context (empty before submission). */
  rows: readonly SchemaMigrationRow[];
  /** Requests ahead of this one in the database's deploy queue. */
  preceding: readonly DeployRequestRecord[];
  intoBranch: { sharded: boolean; shardCount: number; keyspaceCount: number };
  numComments: number;
  links: Links;
}

function presentOperation(ctx: DeployContext, op: OperationView): Schema<'DeployOperation'> {
  return {
    id: derivedId(ctx.record.id, op.keyspace, op.index, 'op'), state: op.state, keyspace_name: op.keyspace, table_name: op.table,
    operation_name: op.operation, eta_seconds: op.etaSeconds, progress_percentage: op.progress, deploy_error_docs_url: null,
    ddl_statement: op.statement, syntax_highlighted_ddl: highlightSql(op.statement),
    created_at: op.createdAt ? isoOf(op.createdAt) : ctx.record.createdAt, updated_at: op.updatedAt ? isoOf(op.updatedAt) : ctx.record.updatedAt,
    throttled_at: op.throttledAt ? isoOf(op.throttledAt) : null, can_drop_data: op.canDropData, table_locked: false,
    table_recently_used: false, table_recently_used_at: null, removed_foreign_key_names: op.removedForeignKeyNames, deploy_errors: op.error,
  };
}

/** Vitess timestamps are 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC. */
function isoOf(vitessTime: string): string {
  const [date, time = '00:00:00'] = vitessTime.split(/[ T]/);
  const [hms, frac = ''] = time.replace(/Z$/, '').split('.');
  return `${date}T${hms}.${(frac + '000').slice(0, 3)}Z`;
}

function presentSummary(ctx: DeployContext, op: OperationView): Schema<'DeployOperationSummary'> {
  return {
    id: derivedId(ctx.record.id, op.keyspace, op.index, 'summary'), created_at: op.createdAt ? isoOf(op.createdAt) : ctx.record.createdAt,
    deploy_errors: op.error ?? '', ddl_statement: op.statement, eta_seconds: op.etaSeconds ?? 0, keyspace_name: op.keyspace,
    operation_name: op.operation, progress_percentage: op.progress,
    state: op.state === 'queued' ? 'pending' : op.state, syntax_highlighted_ddl: highlightSql(op.statement), table_name: op.table,
    table_recently_used_at: null, throttled_at: op.throttledAt ? isoOf(op.throttledAt) : null,
    removed_foreign_key_names: op.removedForeignKeyNames, shard_count: Math.max(1, op.shards.length),
    shard_names: op.shards.map((s) => s.shard), can_drop_data: op.canDropData, table_recently_used: false,
    sharded: op.shards.length > 1,
    operations: op.shards.map((s) => ({
      id: derivedId(ctx.record.id, op.keyspace, op.index, s.shard), shard: s.shard, state: s.state,
      progress_percentage: s.progress, eta_seconds: s.etaSeconds ?? 0,
    })),
  };
}

export function presentQueued(r: DeployRequestRecord): Schema<'QueuedDeployment'> {
  const d = r.deployment as DeployRequest['deployment'];
  return {
    id: r.deploymentId, state: d.state, deploy_request_number: r.number, into_branch: r.intoBranch,
    actor: presentNullableActor(r.actors.deployer ?? r.actorId), created_at: r.createdAt, updated_at: r.updatedAt,
    started_at: d.startedAt, queued_at: d.queuedAt, finished_at: d.finishedAt,
  };
}

export function presentDeployment(ctx: DeployContext): Schema<'Deployment'> {
  const { record: r, model } = ctx;
  const d = model.deployment;
  const ops = deployOperations(model, ctx.rows);
  const throttle = Object.entries(d.throttle);
  return {
    id: r.deploymentId, state: d.state, auto_cutover: d.autoCutover, auto_delete_branch: d.autoDeleteBranch,
    created_at: r.createdAt, updated_at: r.updatedAt, cutover_at: d.cutoverAt, cutover_expiring: false,
    deploy_check_errors: d.deployCheckErrors, finished_at: d.finishedAt, force_cutover_requested_at: d.forceCutoverRequestedAt,
    queued_at: d.queuedAt, ready_to_cutover_at: d.readyToCutoverAt, started_at: d.startedAt, submitted_at: d.submittedAt,
    into_branch: r.intoBranch, deploy_request_number: r.number, deployable: d.deployable,
    preceding_deployments: ctx.preceding.map(presentQueued),
    deploy_operations: ops.map((op) => presentOperation(ctx, op)),
    deploy_operation_summaries: ops.map((op) => presentSummary(ctx, op)),
    lint_errors: [], sequential_diff_dependencies: [], lookup_vindex_operations: [],
    throttler_configurations: throttle.length ? { configurations: throttle.map(([keyspace_name, ratio]) => ({ keyspace_name, ratio })) } : null,
    deployment_revert_request: d.revertedAt ? { created_at: d.revertedAt, actor: presentNullableActor(r.actors.reverter) } : null,
    actor: presentNullableActor(r.actors.deployer), cutover_actor: presentNullableActor(r.actors.cutover),
    cancelled_actor: presentNullableActor(r.actors.canceller), schema_last_updated_at: null, table_locked: false,
    locked_table_name: null, instant_ddl: d.instantDdl, instant_ddl_eligible: d.instantDdlEligible,
    queue_paused: false, queue_pause_reason: null,
  };
}

export function presentDeployRequest(ctx: DeployContext): Schema<'DeployRequest'> {
  const { record: r } = ctx;
  return {
    id: r.id, number: r.number, actor: presentRequiredActor(r.actorId), closed_by: presentNullableActor(r.closedBy),
    branch: r.branch, branch_id: r.branchId, branch_deleted: r.branchDeleted, branch_deleted_by: presentNullableActor(r.branchDeletedBy),
    branch_deleted_at: r.branchDeletedAt, into_branch: r.intoBranch, into_branch_sharded: ctx.intoBranch.sharded,
    into_branch_shard_count: ctx.intoBranch.shardCount, into_branch_keyspace_count: ctx.intoBranch.keyspaceCount,
    approved: r.approved, state: r.state, deployment_state: ctx.model.deployment.state, deployment: presentDeployment(ctx),
    num_comments: ctx.numComments, html_url: `${ctx.links.app}/${enc(ctx.organization)}/${enc(ctx.database)}/deploy-requests/${r.number}`,
    notes: r.notes, html_body: htmlOf(r.notes), created_at: r.createdAt, updated_at: r.updatedAt, closed_at: r.closedAt,
    deployed_at: r.deployedAt,
  };
}

export function presentReview(review: ReviewRecord): Schema<'DeployRequestReview'> {
  return {
    id: review.id, body: review.body, html_body: htmlOf(review.body), state: review.state,
    created_at: review.createdAt, updated_at: review.updatedAt, actor: presentRequiredActor(review.actorId),
  };
}

export { presentOperation };
