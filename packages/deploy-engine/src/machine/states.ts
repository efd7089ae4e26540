// PlanetScale's deployment_state values, verbatim, and the groups the rules are written in.
export const deploymentStates = [
  'pending', 'ready', 'no_changes', 'error', 'queued', 'submitting', 'in_progress', 'in_progress_vschema',
  'pending_cutover', 'in_progress_cutover', 'complete_pending_revert', 'complete', 'in_progress_cancel',
  'complete_cancel', 'cancelled', 'complete_error', 'in_progress_revert', 'in_progress_revert_vschema',
  'complete_revert', 'complete_revert_error',
] as const;

export type DeploymentState = (typeof deploymentStates)[number];

const set = (...states: DeploymentState[]) => new Set<DeploymentState>(states);

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

export const isActive = (s: DeploymentState) => activeStates.has(s);
export const blocksQueue = (s: DeploymentState) => queueBlockingStates.has(s);

/** Deploy-queue order: first queued first; requests queued at the same instant by number. */
export interface QueuePosition { queuedAt: string | null; number: number }
export const compareQueuePositions = (a: QueuePosition, b: QueuePosition) =>
  (a.queuedAt ?? '').localeCompare(b.queuedAt ?? '') || a.number - b.number;
