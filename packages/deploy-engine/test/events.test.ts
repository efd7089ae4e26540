// Which transitions announce which of PlanetScale's webhook events: every state's arrival event, the
// arrivals that stay silent, closing, opening; and the whole sequence a processor run announces.
import { describe, expect, it } from 'vitest';
import { announcedOnEntry, deployRequestEventsOf, type DeployRequestEvent } from '../src/machine/events.js';
import { deploymentStates, type DeploymentState } from '../src/machine/states.js';
import { request } from './fixtures.js';

/** Arriving in each state from `ready` (a state that announces nothing itself): the event it announces. */
const arrivingFromReady: Record<DeploymentState, DeployRequestEvent[]> = {
  pending: [], ready: [], no_changes: [], error: ['deploy_request.errored'], queued: ['deploy_request.queued'], submitting: [],
  in_progress: ['deploy_request.in_progress'], in_progress_vschema: ['deploy_request.in_progress'],
  pending_cutover: ['deploy_request.pending_cutover'], in_progress_cutover: [],
  complete_pending_revert: ['deploy_request.schema_applied'], complete: ['deploy_request.schema_applied'],
  in_progress_cancel: [], complete_cancel: [], cancelled: [], complete_error: ['deploy_request.errored'],
  in_progress_revert: [], in_progress_revert_vschema: [], complete_revert: ['deploy_request.reverted'],
  complete_revert_error: ['deploy_request.errored'],
};

describe('deploy request events', () => {
  it.each(deploymentStates.map((s) => [s]))('arriving in %s announces what PlanetScale names for it', (to) => {
    expect(deployRequestEventsOf(request('ready'), request(to))).toEqual(arrivingFromReady[to]);
    expect(announcedOnEntry[to] === null).toBe(arrivingFromReady[to].length === 0);
  });

  it('staying in a state announces nothing, whatever else changes', () => {
    for (const s of deploymentStates) {
      expect(deployRequestEventsOf(request(s), request(s, { throttle: { app: 50 } }, { approved: true })), s).toEqual([]);
    }
  });

  it('arrivals whose event was already announced, or that apply nothing, stay silent', () => {
    expect(deployRequestEventsOf(request('complete_pending_revert'), request('complete'))).toEqual([]);
    expect(deployRequestEventsOf(request('complete_error'), request('complete'))).toEqual([]);
    expect(deployRequestEventsOf(request('complete_revert_error'), request('complete_revert'))).toEqual([]);
    expect(deployRequestEventsOf(request('in_progress'), request('in_progress_vschema'))).toEqual([]);
    // ...while the same states reached from a running deployment do announce.
    expect(deployRequestEventsOf(request('in_progress_cutover'), request('complete'))).toEqual(['deploy_request.schema_applied']);
    expect(deployRequestEventsOf(request('in_progress_revert'), request('complete_revert'))).toEqual(['deploy_request.reverted']);
  });

  it('closing announces closed after the deployment event of the same change; opening announces opened', () => {
    expect(deployRequestEventsOf(request('ready'), request('ready', {}, { state: 'closed' }))).toEqual(['deploy_request.closed']);
    expect(deployRequestEventsOf(request('in_progress_revert'), request('complete_revert', {}, { state: 'closed' })))
      .toEqual(['deploy_request.reverted', 'deploy_request.closed']);
    expect(deployRequestEventsOf(request('complete_pending_revert'), request('complete', {}, { state: 'closed' }))).toEqual(['deploy_request.closed']);
    expect(deployRequestEventsOf(request('ready', {}, { state: 'closed' }), request('ready', {}, { state: 'closed' }))).toEqual([]);
    expect(deployRequestEventsOf(null, request('pending'))).toEqual(['deploy_request.opened']);
  });
});
