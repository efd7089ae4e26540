// PlanetScale's deployment_state values, verbatim, and the groups the rules are written in. Every
// group is named here, once; the machine, the processor and the server read them from here.
export const deploymentStates = [
  'pending', 'ready', 'no_changes', 'error', 'queued', 'submitting', 'in_progress', 'in_progress_vschema',
  'pending_cutover', 'in_progress_cutover', 'complete_pending_revert', 'complete', 'in_progress_cancel',
  'complete_cancel', 'cancelled', 'complete_error', 'in_progress_revert', 'in_progress_revert_vschema',
  'complete_revert', 'complete_revert_error',
] as const;

export type DeploymentState = (typeof deploymentStates)[number];

/** Insertion order is kept: refusal messages list a group's states in the order written here. */
const set = (...states: DeploymentState[]): ReadonlySet<DeploymentState> => new Set<DeploymentState>(states);

/** Work the processor still has to drive (it polls these, and only these: O(active) per tick). */
export const activeStates = set(
  'pending', 'queued', 'submitting', 'in_progress', 'in_progress_vschema', 'pending_cutover', 'in_progress_cutover',
  'complete_pending_revert', 'in_progress_cancel', 'in_progress_revert', 'in_progress_revert_vschema',
);

/** A deployment in one of these holds the database's deploy queue: nothing behind it may start. */
export const queueBlockingStates = set(
  'submitting', 'in_progress', 'in_progress_vschema', 'pending_cutover', 'in_progress_cutover',
  'complete_pending_revert', 'in_progress_cancel', 'complete_error', 'in_progress_revert',
  'in_progress_revert_vschema', 'complete_revert_error',
);

/** Shown by GET .../deploy-queue: waiting, running, or holding the queue. */
export const queueVisibleStates = set('queued', ...queueBlockingStates);

/** Migrations exist in Vitess for the deployment (submitted, not yet settled). */
export const runningStates = set('submitting', 'in_progress', 'in_progress_vschema', 'pending_cutover', 'in_progress_cutover');

/** Migrations may still be copying rows, so a throttle change applies to them at once. */
export const throttleableStates = set('submitting', 'in_progress', 'pending_cutover', 'in_progress_cutover');

/** Prepared and not deploying: the request follows its branches (a schema change re-prepares it). */
export const preparedStates = set('ready', 'no_changes', 'error');

/** A deploy may be requested (again, after a cancel). */
export const deployableStates = set('ready', 'cancelled', 'complete_cancel');

/** Waiting or running before the cut-over: a cancel stops it. */
export const cancellableStates = set('queued', 'submitting', 'in_progress', 'pending_cutover');

/** Nothing is running: the request may be closed. */
export const closableStates = set('pending', 'ready', 'no_changes', 'error', 'cancelled', 'complete_cancel', 'complete', 'complete_revert');

/** States in which auto-apply (auto_cutover) still decides something. */
export const beforeCutoverStates = set(
  'pending', 'ready', 'no_changes', 'error', 'queued', 'submitting', 'in_progress', 'pending_cutover', 'cancelled', 'complete_cancel',
);

/** The deployment or its revert failed; an operator marks it complete. */
export const failedStates = set('complete_error', 'complete_revert_error');

/** Settled: nothing runs any more, only after-completion work (cleanup, branch deletion) may be left. */
export const settledStates = set('complete', 'complete_revert', 'complete_cancel', 'cancelled', ...failedStates);

export const isActive = (s: DeploymentState) => activeStates.has(s);
export const blocksQueue = (s: DeploymentState) => queueBlockingStates.has(s);

/** Deploy-queue order: first queued first; requests queued at the same instant by number. */
export interface QueuePosition { queuedAt: string | null; number: number }
export const compareQueuePositions = (a: QueuePosition, b: QueuePosition) =>
  (a.queuedAt ?? '').localeCompare(b.queuedAt ?? '') || a.number - b.number;
