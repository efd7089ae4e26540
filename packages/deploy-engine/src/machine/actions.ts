// The API's half of the state machine: what a user action does to a deploy request in each state,
// or why it is refused. Pure; a refusal changes nothing. What the processor learns while carrying out
// an effect (the diff is ready, Vitess refused a submission) comes in as an action too, so every transition of a deploy
// request is decided here or in decide.ts, and recorded, with who did it, in one versioned save.
import { withDeployment } from './decide.js';
import { hasDdl, hasVSchema, type ActorRole, type DeployRequest } from './model.js';
import { prepared, type PrepareResult } from './prepare.js';
import {
  beforeCutoverStates, cancellableStates, closableStates, deployableStates, failedStates, preparedStates, type DeploymentState,
} from './states.js';
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
  /** An approving review (POST .../reviews with state approved). */
  | { type: 'approve' }
  /** The head or target branch's schema changed: a prepared request is prepared again. */
  | { type: 'branch_changed' }
  /** Reported by the processor: the branches were diffed (pending -> ready, no_changes or error). */
  | { type: 'prepared'; result: PrepareResult }
  /** Reported by the processor: Vitess refused a statement of the deployment (syntax, singleton, FK...). */
  | { type: 'submit_refused'; error: string };

export type ActionName = Action['type'];

export interface ActionContext {
  now: string;
  /** The database requires an approving review before deploys. */
  requireApproval: boolean;
  /** Who acts (an actor id), or null for LocalScale itself and unauthenticated requests. */
  actor: string | null;
  /** For approvals: who created the service token that opened the request, when one did. */
  authorCreator?: string | null;
}

export type Refusal = { kind: 'conflict' | 'forbidden' | 'invalid'; message: string };
export type ActionResult = { ok: true; next: DeployRequest } | { ok: false; refusal: Refusal };

/** The actor field each action records when it is carried out (PlanetScale's deployment actors). */
export const actorRoleOf: Record<ActionName, ActorRole | null> = {
  deploy: 'deployer', apply_deploy: 'cutover', cancel: 'canceller', revert: 'reverter', skip_revert: 'skipper', force_cutover: 'cutover',
  complete_deploy: null, close: null, set_auto_cutover: null, set_auto_delete_branch: null, throttle: null, approve: null,
  branch_changed: null, prepared: null, submit_refused: null,
};

/**
 * Closing reports that the request is already closed; a request closed while it was being prepared
 * still takes its plan, so it leaves `pending` (which the processor polls) for good.
 */
const allowedWhenClosed: ReadonlySet<ActionName> = new Set<ActionName>(['close', 'prepared']);

const ok = (next: DeployRequest): ActionResult => ({ ok: true, next });
const refuse = (kind: Refusal['kind'], message: string): ActionResult => ({ ok: false, refusal: { kind, message } });
const wrongState = (what: string, state: DeploymentState, allowed: Iterable<DeploymentState>) =>
  refuse('conflict', `Cannot ${what}: the deployment is ${state}; this is only possible when it is ${[...allowed].join(' or ')}`);

export function applyAction(dr: DeployRequest, action: Action, ctx: ActionContext): ActionResult {
  const result = transition(dr, action, ctx);
  const role = actorRoleOf[action.type];
  if (!result.ok || role === null) return result;
  return ok({ ...result.next, actors: { ...result.next.actors, [role]: ctx.actor } });
}

function transition(dr: DeployRequest, action: Action, ctx: ActionContext): ActionResult {
  const d = dr.deployment;
  const s = d.state;
  if (dr.state === 'closed' && !allowedWhenClosed.has(action.type)) return refuse('conflict', `Deploy request #${dr.number} is closed`);

  switch (action.type) {
    case 'deploy': {
      if (!deployableStates.has(s)) {
        if (s === 'pending') return refuse('conflict', 'The deploy request is still being prepared; try again when it is ready');
        if (s === 'no_changes') return refuse('conflict', 'There are no schema changes to deploy');
        if (s === 'error') return refuse('conflict', `The deploy request cannot be deployed: ${d.deployCheckErrors ?? 'its deploy checks failed'}`);
        return wrongState('deploy', s, deployableStates);
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
      if (!cancellableStates.has(s)) return wrongState('cancel', s, cancellableStates);
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
      return wrongState('mark the deployment complete', s, failedStates);

    case 'close':
      if (dr.state === 'closed') return refuse('conflict', `Deploy request #${dr.number} is already closed`);
      if (!closableStates.has(s)) {
        return refuse('conflict', `Cannot close deploy request #${dr.number} while its deployment is ${s}${cancellableStates.has(s) ? '; cancel it first' : ''}`);
      }
      return ok({ ...dr, state: 'closed', closedAt: ctx.now, closedBy: ctx.actor });

    case 'set_auto_cutover':
      if (!beforeCutoverStates.has(s)) return wrongState(`${action.enable ? 'enable' : 'disable'} auto-apply`, s, beforeCutoverStates);
      if (d.instantDdl && !action.enable && cancellableStates.has(s)) return refuse('conflict', 'Instant deployments are always applied automatically');
      return ok(withDeployment(dr, { autoCutover: action.enable }));

    case 'set_auto_delete_branch':
      return ok(withDeployment(dr, { autoDeleteBranch: action.enable }));

    case 'throttle':
      return ok(withDeployment(dr, { throttle: { ...action.ratios } }));

    case 'approve':
      // Closed requests were refused above, whoever approves.
      if (ctx.actor !== null && ctx.actor === dr.authorId) return refuse('forbidden', 'You cannot approve your own deploy request');
      // PlanetScale: a user cannot approve a deploy request opened by a service token they created.
      if (ctx.actor !== null && ctx.actor === ctx.authorCreator) return refuse('forbidden', 'You cannot approve a deploy request opened by a service token you created');
      return ok({ ...dr, approved: true });

    case 'prepared':
      return ok(prepared(dr, action.result));

    case 'submit_refused':
      // Vitess refused the DDL: the deployment fails with its message.
      if (s !== 'submitting') return wrongState('fail the submission', s, ['submitting']);
      return ok(withDeployment(dr, { state: 'complete_error', error: action.error, finishedAt: ctx.now }));

    case 'branch_changed':
      // Only a request that has not started deploying follows its branches; later the plan is fixed.
      if (!preparedStates.has(s)) return ok(dr);
      return ok(withDeployment(dr, { state: 'pending', deployable: false, deployCheckErrors: null, instantDdlEligible: false }, { plan: null }));
  }
}

/** Whether the deploy request has anything to deploy at all (no_changes otherwise). */
export const planHasChanges = (dr: Pick<DeployRequest, 'plan'>) => hasDdl(dr.plan) || hasVSchema(dr.plan);
