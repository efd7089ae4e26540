// The processor's half of the state machine: given a deploy request, the current migration rows of
// its deployment and the state of its database's queue, what is its next state and what must be done.
// Pure: no I/O, no clock (the time comes in the view).
import type { SchemaMigrationRow } from '@localscale/vitess';
import type { Effect } from './effects.js';
import { ddlKeyspaces, hasVSchema, vschemaKeyspaces, type DeployRequest, type Deployment } from './model.js';
import { byKeyspace, isPending, summarize, uuidsOf } from './rows.js';
import { settledStates } from './states.js';
import { deployStrategy, instantStrategy, revertContextFor, revertStrategy } from './strategy.js';

export interface TickView {
  now: string;
  /** Rows of the deployment's migration context, every keyspace and shard. */
  rows: readonly SchemaMigrationRow[];
  /** Rows of the revert context. */
  revertRows: readonly SchemaMigrationRow[];
  /** This request is the first queued one of its database and nothing holds the queue. */
  canStart: boolean;
  revertWindowMs: number;
}

export interface Decision { next: DeployRequest; effects: Effect[] }

const stay = (dr: DeployRequest, effects: Effect[] = []): Decision => ({ next: dr, effects });

export function withDeployment(dr: DeployRequest, patch: Partial<Deployment>, top: Partial<DeployRequest> = {}): DeployRequest {
  return { ...dr, ...top, deployment: { ...dr.deployment, ...patch } };
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** Deployed: a revert window, unless the change cannot be reverted (instant). */
function finished(dr: DeployRequest, view: TickView): Decision {
  const base = { finishedAt: view.now } as const;
  if (dr.deployment.instantDdl) {
    return { next: withDeployment(dr, { ...base, state: 'complete' }, { deployedAt: view.now, state: 'closed', closedAt: view.now }), effects: [] };
  }
  return {
    next: withDeployment(dr, { ...base, state: 'complete_pending_revert', revertExpiresAt: plus(view.now, view.revertWindowMs) }, { deployedAt: view.now }),
    effects: [],
  };
}

function failed(dr: DeployRequest, view: TickView, state: 'complete_error' | 'complete_revert_error', error: string | null): Decision {
  return { next: withDeployment(dr, { state, error, finishedAt: view.now }), effects: [] };
}

function afterDdl(dr: DeployRequest, view: TickView): Decision {
  if (hasVSchema(dr.plan) && !dr.deployment.vschemaApplied) {
    return { next: withDeployment(dr, { state: 'in_progress_vschema' }), effects: [{ type: 'apply_vschema', keyspaces: vschemaKeyspaces(dr.plan) }] };
  }
  return finished(dr, view);
}

function completeEffects(rows: readonly SchemaMigrationRow[]): Effect[] {
  const effects: Effect[] = [];
  for (const [keyspace, ks] of byKeyspace(rows)) {
    const uuids = uuidsOf(ks, (r) => isPending(r) && r.postpone_completion === 1);
    if (uuids.length) effects.push({ type: 'complete_migrations', keyspace, uuids });
  }
  return effects;
}

function startCutover(dr: DeployRequest, view: TickView): Decision {
  return { next: withDeployment(dr, { state: 'in_progress_cutover', cutoverAt: view.now }), effects: completeEffects(view.rows) };
}

/** Statements of each keyspace not submitted yet. Statements are submitted one migration each, in order. */
function unsubmitted(dr: DeployRequest, rows: readonly SchemaMigrationRow[]): { keyspace: string; statements: string[] }[] {
  const rowsOf = byKeyspace(rows);
  return ddlKeyspaces(dr.plan)
    .map((k) => ({ keyspace: k.keyspace, statements: k.changes.slice(uuidsOf(rowsOf.get(k.keyspace) ?? []).length).map((c) => c.sql) }))
    .filter((k) => k.statements.length > 0);
}

const throttleEffects = (dr: DeployRequest, rows: readonly SchemaMigrationRow[]): Effect[] =>
  [...byKeyspace(rows)].flatMap(([keyspace, ks]) => {
    const ratio = dr.deployment.throttle[keyspace];
    return ratio ? [{ type: 'throttle' as const, keyspace, uuids: uuidsOf(ks, isPending), ratio }] : [];
  });

export function decide(dr: DeployRequest, view: TickView): Decision {
  const d = dr.deployment;
  const rows = summarize(view.rows);
  switch (d.state) {
    case 'pending':
      return stay(dr, [{ type: 'prepare' }]);

    case 'queued':
      return view.canStart ? { next: withDeployment(dr, { state: 'submitting', submittedAt: view.now }), effects: [] } : stay(dr);

    case 'submitting': {
      const missing = unsubmitted(dr, view.rows);
      if (missing.length) {
        const ddlStrategy = d.instantDdl ? instantStrategy : deployStrategy;
        return stay(dr, missing.map((m) => ({ type: 'submit', ...m, ddlStrategy, migrationContext: d.migrationContext! })));
      }
      const started = withDeployment(dr, { state: 'in_progress', startedAt: view.now });
      return view.rows.length ? { next: started, effects: throttleEffects(dr, view.rows) } : afterDdl(started, view);
    }

    case 'in_progress':
      if (rows.counts.failed || rows.counts.cancelled) return failed(dr, view, 'complete_error', rows.failure);
      if (rows.allComplete) return afterDdl(dr, view);
      if (rows.allReady) {
        if (d.autoCutover || d.instantDdl) return startCutover(dr, view);
        return { next: withDeployment(dr, { state: 'pending_cutover', readyToCutoverAt: view.now }), effects: [] };
      }
      return stay(dr);

    case 'pending_cutover':
      if (rows.counts.failed || rows.counts.cancelled) return failed(dr, view, 'complete_error', rows.failure);
      return d.autoCutover ? startCutover(dr, view) : stay(dr);

    case 'in_progress_cutover': {
      if (rows.counts.failed || rows.counts.cancelled) return failed(dr, view, 'complete_error', rows.failure);
      if (rows.allComplete || view.rows.length === 0) return afterDdl(dr, view);
      const effects = completeEffects(view.rows);
      if (d.forceCutoverRequestedAt) {
        for (const [keyspace, ks] of byKeyspace(view.rows)) {
          const uuids = uuidsOf(ks, (r) => isPending(r) && r.force_cutover !== 1);
          if (uuids.length) effects.push({ type: 'force_cutover', keyspace, uuids });
        }
      }
      return stay(dr, effects);
    }

    case 'in_progress_vschema':
      return d.vschemaApplied ? finished(dr, view) : stay(dr, [{ type: 'apply_vschema', keyspaces: vschemaKeyspaces(dr.plan) }]);

    case 'complete_pending_revert':
      if (d.revertExpiresAt && Date.parse(view.now) >= Date.parse(d.revertExpiresAt)) {
        return { next: withDeployment(dr, { state: 'complete' }, { state: 'closed', closedAt: view.now }), effects: [] };
      }
      return stay(dr);

    case 'in_progress_cancel': {
      const pending = [...byKeyspace(view.rows)].flatMap(([keyspace, ks]) => {
        const uuids = uuidsOf(ks, isPending);
        return uuids.length ? [{ type: 'cancel_migrations' as const, keyspace, uuids }] : [];
      });
      if (pending.length) return stay(dr, pending);
      return { next: withDeployment(dr, { state: 'complete_cancel', finishedAt: view.now }), effects: [] };
    }

    case 'in_progress_revert_vschema':
      if (!d.vschemaReverted) return stay(dr, [{ type: 'restore_vschema', keyspaces: vschemaKeyspaces(dr.plan) }]);
      return { next: withDeployment(dr, { state: 'in_progress_revert' }), effects: [] };

    case 'in_progress_revert': {
      const revert = summarize(view.revertRows);
      if (revert.counts.failed || revert.counts.cancelled) return failed(dr, view, 'complete_revert_error', revert.failure);
      const revertedAlready = new Set(view.revertRows.map((r) => r.reverted_uuid));
      const effects: Effect[] = [];
      for (const [keyspace, ks] of byKeyspace(view.rows)) {
        // Newest first: Vitess only reverts the last completed migration of a table.
        const toRevert = [...ks].filter((r) => r.migration_status === 'complete' && r.ddl_action !== 'revert')
          .sort((a, b) => (b.completed_timestamp ?? '').localeCompare(a.completed_timestamp ?? '') || b.id - a.id);
        const uuids = uuidsOf(toRevert, (r) => !revertedAlready.has(r.migration_uuid));
        if (uuids.length) effects.push({ type: 'revert_migrations', keyspace, uuids, ddlStrategy: revertStrategy, migrationContext: d.revertContext ?? revertContextFor(d.migrationContext ?? dr.id) });
      }
      if (effects.length) return stay(dr, effects);
      if (view.revertRows.length === 0 || revert.allComplete) {
        return { next: withDeployment(dr, { state: 'complete_revert', revertedAt: view.now, finishedAt: view.now }, { state: 'closed', closedAt: view.now }), effects: [] };
      }
      return stay(dr);
    }

    default:
      return stay(dr, finalizeEffects(dr, view));
  }
}

/** Once a deployment is settled for good, its artifacts go and, when asked, its branch. */
export function finalizeEffects(dr: DeployRequest, view: TickView): Effect[] {
  const d = dr.deployment;
  if (d.finalized) return [];
  const effects: Effect[] = [];
  if (d.state === 'complete' || d.state === 'complete_revert') {
    for (const [keyspace, ks] of byKeyspace([...view.rows, ...view.revertRows])) {
      const uuids = uuidsOf(ks, (r) => r.cleanup_timestamp === null);
      if (uuids.length) effects.push({ type: 'cleanup_migrations', keyspace, uuids });
    }
  }
  if (d.state === 'complete' && d.autoDeleteBranch && !dr.branchDeleted) effects.push({ type: 'delete_branch' });
  return effects;
}

/** Settled, with after-completion work possibly outstanding. */
export const needsFinalizing = (dr: DeployRequest) => !dr.deployment.finalized && settledStates.has(dr.deployment.state);
