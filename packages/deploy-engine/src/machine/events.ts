// PlanetScale's webhook events for deploy requests, verbatim, and the transitions that announce
// them. Pure: the processor computes the events of every change it saves and hands them to the store
// with the change, so an event is recorded exactly when its transition is; what becomes of them (a
// signed HTTP delivery) is the server's business.
import type { DeployRequest } from './model.js';
import type { DeploymentState } from './states.js';

export const deployRequestEvents = [
  'deploy_request.opened', 'deploy_request.queued', 'deploy_request.in_progress', 'deploy_request.pending_cutover',
  'deploy_request.schema_applied', 'deploy_request.errored', 'deploy_request.reverted', 'deploy_request.closed',
] as const;

export type DeployRequestEvent = (typeof deployRequestEvents)[number];

/** What reaching each `deployment_state` announces (PlanetScale names no event for the others). */
export const announcedOnEntry: Readonly<Record<DeploymentState, DeployRequestEvent | null>> = {
  pending: null,
  ready: null,
  no_changes: null,
  // Deploy checks failed: PlanetScale's own example of `deploy_request.errored` is in this state.
  error: 'deploy_request.errored',
  queued: 'deploy_request.queued',
  submitting: null,
  in_progress: 'deploy_request.in_progress',
  // A VSchema-only deployment runs here without passing through in_progress.
  in_progress_vschema: 'deploy_request.in_progress',
  pending_cutover: 'deploy_request.pending_cutover',
  in_progress_cutover: null,
  complete_pending_revert: 'deploy_request.schema_applied',
  // An instant deployment (no revert window) is applied here.
  complete: 'deploy_request.schema_applied',
  in_progress_cancel: null,
  complete_cancel: null,
  cancelled: null,
  complete_error: 'deploy_request.errored',
  in_progress_revert: null,
  in_progress_revert_vschema: null,
  complete_revert: 'deploy_request.reverted',
  complete_revert_error: 'deploy_request.errored',
};

/**
 * Arrivals that announce nothing although their state has an event: the event was already announced
 * on the way (schema applied before the revert window closed; in_progress before the VSchema phase), or
 * an operator marked a failure complete (nothing was applied or reverted by that).
 */
export const silentArrivals: Readonly<Partial<Record<DeploymentState, ReadonlySet<DeploymentState>>>> = {
  complete: new Set<DeploymentState>(['complete_pending_revert', 'complete_error']),
  complete_revert: new Set<DeploymentState>(['complete_revert_error']),
  in_progress_vschema: new Set<DeploymentState>(['in_progress']),
};

/**
 * The events a change of a deploy request announces, in the order they happened: `before` null is the
 * request being opened. The deployment's event comes before `closed` (a revert completes, then closes).
 */
export function deployRequestEventsOf(before: DeployRequest | null, after: DeployRequest): DeployRequestEvent[] {
  if (before === null) return ['deploy_request.opened'];
  const events: DeployRequestEvent[] = [];
  const from = before.deployment.state, to = after.deployment.state;
  const arrival = announcedOnEntry[to];
  if (to !== from && arrival && !silentArrivals[to]?.has(from)) events.push(arrival);
  if (before.state === 'open' && after.state === 'closed') events.push('deploy_request.closed');
  return events;
}
