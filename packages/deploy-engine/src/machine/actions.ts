// The API's half of the state machine: what a user action does to a deploy request in each state,
// or why it is refused. Pure; a refusal changes nothing.
import { withDeployment } from './decide.js';
import { hasDdl, hasVSchema, type DeployRequest } from './model.js';
import type { DeploymentState } from './states.js';
import { migrationContextFor, revertContextFor } from './strategy.js';

export type Action =
  | { type: 'deploy'; instantDdl: boolean }
  | { type: 'apply_deploy' }
  | { type: 'cancel' }
  | { type: 'revert' }
  | { type: 'skip_revert' }
  | { type: 'complete_deploy' }
  | { type: 'force_cutover' }
  | { type: 'close' }
  | { type: 'set_auto_cutover'; enable: boolean }
  | { type: 'set_auto_delete_branch'; enable: boolean }
  | { type: 'throttle'; ratios: Record<string, number> }
  /** The head or target branch's schema changed: a prepared request is prepared again. */
  | { type: 'branch_changed' };

export type ActionName = Action['type'];

export interface ActionContext {
  now: string;
  /** The database requires an approving review before deploys. */
  requireApproval: boolean;
}

export type Refusal = { kind: 'conflict' | 'forbidden' | 'invalid'; message: string };
export type ActionResult = { ok: true; next: DeployRequest } | { ok: false; refusal: Refusal };

const ok = (next: DeployRequest): ActionResult => ({ ok: true, next });
const refuse = (kind: Refusal['kind'], message: string): ActionResult => ({ ok: false, refusal: { kind, message } });
const wrongState = (what: string, state: DeploymentState, allowed: readonly DeploymentState[]) =>
  refuse('conflict', `Cannot ${what}: the deployment is ${state}; this is only possible when it is ${allowed.join(' or ')}`);

/** States in which auto-apply still decides something. */
const beforeCutover: readonly DeploymentState[] = ['pending', 'ready', 'no_changes', 'error', 'queued', 'submitting', 'in_progress', 'pending_cutover', 'cancelled', 'complete_cancel'];
const cancellable: readonly DeploymentState[] = ['queued', 'submitting', 'in_progress', 'pending_cutover'];
const closable: readonly DeploymentState[] = ['pending', 'ready', 'no_changes', 'error', 'cancelled', 'complete_cancel', 'complete', 'complete_revert'];
const deployable: readonly DeploymentState[] = ['ready', 'cancelled', 'complete_cancel'];

export function applyAction(dr: DeployRequest, action: Action, ctx: ActionContext): ActionResult {
  const d = dr.deployment;
  const s = d.state;
  if (dr.state === 'closed' && action.type !== 'close') return refuse('conflict', `Deploy request #${dr.number} is closed`);

  switch (action.type) {
    case 'deploy': {
      if (!deployable.includes(s)) {
        if (s === 'pending') return refuse('conflict', 'The deploy request is still being prepared; try again when it is ready');
        if (s === 'no_changes') return refuse('conflict', 'There are no schema changes to deploy');
        if (s === 'error') return refuse('conflict', `The deploy request cannot be deployed: ${d.deployCheckErrors ?? 'its deploy checks failed'}`);
        return wrongState('deploy', s, deployable);
      }
      if (!d.deployable) return refuse('conflict', `The deploy request cannot be deployed: ${d.deployCheckErrors ?? 'its deploy checks failed'}`);
      if (ctx.requireApproval && !dr.approved) return refuse('forbidden', 'Deploy request must be approved before deploying');
      if (action.instantDdl && !d.instantDdlEligible) {
        return refuse('invalid', 'instant_ddl was requested, but not every change in this deploy request can be applied with ALGORITHM=INSTANT');
      }
      const migrationContext = migrationContextFor(dr.id, ctx.now);
      return ok(withDeployment(dr, {
        state: 'queued', instantDdl: action.instantDdl, queuedAt: ctx.now, migrationContext, revertContext: revertContextFor(migrationContext),
        submittedAt: null, startedAt: null, readyToCutoverAt: null, cutoverAt: null, finishedAt: null, cancelledAt: null,
        forceCutoverRequestedAt: null, revertExpiresAt: null, revertedAt: null, error: null,
        vschemaApplied: false, vschemaReverted: false, finalized: false,
        // Instant deployments are applied at once; a gate would never open.
        autoCutover: action.instantDdl ? true : d.autoCutover,
      }));
    }

    case 'apply_deploy':
      if (s !== 'pending_cutover') {
        if (s === 'in_progress' || s === 'queued' || s === 'submitting') return refuse('conflict', `Cannot apply the deployment yet: it is ${s}; apply it when it reaches pending_cutover`);
        return wrongState('apply the deployment', s, ['pending_cutover']);
      }
      return ok(withDeployment(dr, { state: 'in_progress_cutover', cutoverAt: ctx.now }));

    case 'force_cutover':
      if (s !== 'in_progress_cutover') return wrongState('force the cut-over', s, ['in_progress_cutover']);
      return ok(withDeployment(dr, { forceCutoverRequestedAt: ctx.now }));

    case 'cancel':
      if (!cancellable.includes(s)) return wrongState('cancel', s, cancellable);
      if (s === 'queued') return ok(withDeployment(dr, { state: 'cancelled', cancelledAt: ctx.now, finishedAt: ctx.now, finalized: false }));
      return ok(withDeployment(dr, { state: 'in_progress_cancel', cancelledAt: ctx.now }));

    case 'revert':
      if (s !== 'complete_pending_revert') {
        if (s === 'complete' && d.instantDdl) return refuse('conflict', 'Instant deployments cannot be reverted');
        return wrongState('revert', s, ['complete_pending_revert']);
      }
      return ok(withDeployment(dr, {
        state: hasVSchema(dr.plan) && d.vschemaApplied ? 'in_progress_revert_vschema' : 'in_progress_revert',
        revertedAt: ctx.now, revertExpiresAt: null,
        vschemaReverted: !(hasVSchema(dr.plan) && d.vschemaApplied),
      }));

    case 'skip_revert':
      if (s !== 'complete_pending_revert') return wrongState('skip the revert period', s, ['complete_pending_revert']);
      return ok(withDeployment(dr, { state: 'complete', revertExpiresAt: null, finalized: false }, { state: 'closed', closedAt: ctx.now }));

    case 'complete_deploy':
      if (s === 'complete_error') return ok(withDeployment(dr, { state: 'complete', finalized: false }, { state: 'closed', closedAt: ctx.now }));
      if (s === 'complete_revert_error') return ok(withDeployment(dr, { state: 'complete_revert', finalized: false }, { state: 'closed', closedAt: ctx.now }));
      return wrongState('mark the deployment complete', s, ['complete_error', 'complete_revert_error']);

    case 'close':
      if (dr.state === 'closed') return refuse('conflict', `Deploy request #${dr.number} is already closed`);
      if (!closable.includes(s)) {
        return refuse('conflict', `Cannot close deploy request #${dr.number} while its deployment is ${s}${cancellable.includes(s) ? '; cancel it first' : ''}`);
      }
      return ok({ ...dr, state: 'closed', closedAt: ctx.now });

    case 'set_auto_cutover':
      if (!beforeCutover.includes(s)) return wrongState(`${action.enable ? 'enable' : 'disable'} auto-apply`, s, beforeCutover);
      if (d.instantDdl && !action.enable && cancellable.includes(s)) return refuse('conflict', 'Instant deployments are always applied automatically');
      return ok(withDeployment(dr, { autoCutover: action.enable }));

    case 'set_auto_delete_branch':
      return ok(withDeployment(dr, { autoDeleteBranch: action.enable }));

    case 'throttle':
      return ok(withDeployment(dr, { throttle: { ...action.ratios } }));

    case 'branch_changed':
      // Only a request that has not started deploying follows its branches; later the plan is fixed.
      if (s !== 'ready' && s !== 'no_changes' && s !== 'error') return ok(dr);
      return ok(withDeployment(dr, { state: 'pending', deployable: false, deployCheckErrors: null, instantDdlEligible: false }, { plan: null }));
  }
}

/** Whether the deploy request has anything to deploy at all (no_changes otherwise). */
export const planHasChanges = (dr: Pick<DeployRequest, 'plan'>) => hasDdl(dr.plan) || hasVSchema(dr.plan);
