// Every user action in every deployment_state: what it leads to, or how it is refused.
import { describe, expect, it } from 'vitest';
import { applyAction, type Action, type ActionName } from '../src/machine/actions.js';
import { deploymentStates, type DeploymentState } from '../src/machine/states.js';
import { changes, now, plan, request } from './fixtures.js';

const actions: Record<ActionName, Action> = {
  deploy: { type: 'deploy', instantDdl: false },
  apply_deploy: { type: 'apply_deploy' },
  cancel: { type: 'cancel' },
  revert: { type: 'revert' },
  skip_revert: { type: 'skip_revert' },
  complete_deploy: { type: 'complete_deploy' },
  force_cutover: { type: 'force_cutover' },
  close: { type: 'close' },
  set_auto_cutover: { type: 'set_auto_cutover', enable: true },
  set_auto_delete_branch: { type: 'set_auto_delete_branch', enable: true },
  throttle: { type: 'throttle', ratios: { app: 50 } },
  branch_changed: { type: 'branch_changed' },
};

type Outcome = DeploymentState | 'same' | 'closed' | 'refused' | 'forbidden';
const R = 'refused' as const, S = 'same' as const;

/** Rows: states; columns: actions in the order of `actions`. */
const table: Record<DeploymentState, [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  //                        deploy      apply                  cancel                 revert                         skip        complete_deploy   force  close     auto   autodel throttle changed
  pending:                 [R,          R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, S],
  ready:                   ['queued',   R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, 'pending'],
  no_changes:              [R,          R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, 'pending'],
  error:                   [R,          R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, 'pending'],
  queued:                  [R,          R,                     'cancelled',           R,                             R,          R,                R,     R,        S,     S,      S, S],
  submitting:              [R,          R,                     'in_progress_cancel',  R,                             R,          R,                R,     R,        S,     S,      S, S],
  in_progress:             [R,          R,                     'in_progress_cancel',  R,                             R,          R,                R,     R,        S,     S,      S, S],
  in_progress_vschema:     [R,          R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S],
  pending_cutover:         [R,          'in_progress_cutover', 'in_progress_cancel',  R,                             R,          R,                R,     R,        S,     S,      S, S],
  in_progress_cutover:     [R,          R,                     R,                     R,                             R,          R,                S,     R,        R,     S,      S, S],
  complete_pending_revert: [R,          R,                     R,                     'in_progress_revert',          'complete', R,                R,     R,        R,     S,      S, S],
  complete:                [R,          R,                     R,                     R,                             R,          R,                R,     'closed', R,     S,      S, S],
  in_progress_cancel:      [R,          R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S],
  complete_cancel:         ['queued',   R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, S],
  cancelled:               ['queued',   R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, S],
  complete_error:          [R,          R,                     R,                     R,                             R,          'complete',       R,     R,        R,     S,      S, S],
  in_progress_revert:      [R,          R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S],
  in_progress_revert_vschema: [R,       R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S],
  complete_revert:         [R,          R,                     R,                     R,                             R,          R,                R,     'closed', R,     S,      S, S],
  complete_revert_error:   [R,          R,                     R,                     R,                             R,          'complete_revert', R,    R,        R,     S,      S, S],
};

describe('every action in every deployment_state', () => {
  it('covers all 20 states', () => {
    expect(Object.keys(table).sort()).toEqual([...deploymentStates].sort());
  });

  for (const state of deploymentStates) {
    Object.values(actions).forEach((action, i) => {
      const expected = table[state][i]!;
      it(`${state} + ${action.type} -> ${expected}`, () => {
        const dr = request(state);
        const result = applyAction(dr, action, { now, requireApproval: false });
        if (expected === 'refused') {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.refusal.kind).toBe(action.type === 'deploy' && state === 'ready' ? 'forbidden' : 'conflict');
            expect(result.refusal.message.length).toBeGreaterThan(10);
          }
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        if (expected === 'closed') {
          expect(result.next.state).toBe('closed');
          expect(result.next.closedAt).toBe(now);
          expect(result.next.deployment.state).toBe(state);
        } else if (expected === 'same') {
          expect(result.next.deployment.state).toBe(state);
        } else {
          expect(result.next.deployment.state).toBe(expected);
        }
      });
    });
  }
});

describe('action details', () => {
  it('deploy sets the queue time and a fresh migration context, and resets the previous attempt', () => {
    const r = applyAction(request('complete_cancel', { finishedAt: 'x', error: 'old' }), { type: 'deploy', instantDdl: false }, { now, requireApproval: false });
    expect(r.ok && r.next.deployment).toMatchObject({ state: 'queued', queuedAt: now, finishedAt: null, error: null, migrationContext: `localscale:dr0000000001:${Date.parse(now)}` });
  });

  it('deploy needs an approval when the database requires one, with "approved" in the message', () => {
    const refused = applyAction(request('ready'), { type: 'deploy', instantDdl: false }, { now, requireApproval: true });
    expect(refused).toEqual({ ok: false, refusal: { kind: 'forbidden', message: expect.stringContaining('approved') } });
    const allowed = applyAction(request('ready', {}, { approved: true }), { type: 'deploy', instantDdl: false }, { now, requireApproval: true });
    expect(allowed.ok).toBe(true);
  });

  it('instant deploys need eligibility, and are always auto-applied', () => {
    const refused = applyAction(request('ready', { instantDdlEligible: false }), { type: 'deploy', instantDdl: true }, { now, requireApproval: false });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.kind).toBe('invalid');
    const ok = applyAction(request('ready'), { type: 'deploy', instantDdl: true }, { now, requireApproval: false });
    expect(ok.ok && ok.next.deployment).toMatchObject({ instantDdl: true, autoCutover: true });
  });

  it('a closed request refuses everything but reports it is closed', () => {
    const r = applyAction(request('ready', {}, { state: 'closed' }), { type: 'deploy', instantDdl: false }, { now, requireApproval: false });
    expect(r).toEqual({ ok: false, refusal: { kind: 'conflict', message: 'Deploy request #1 is closed' } });
  });

  it('revert goes through the VSchema phase first when VSchema was applied', () => {
    const withVSchema = plan({ keyspaces: [{ keyspace: 'app', changes: changes(), vschema: { before: null, after: { tables: {} } } }] });
    const r = applyAction(request('complete_pending_revert', { vschemaApplied: true }, { plan: withVSchema }), { type: 'revert' }, { now, requireApproval: false });
    expect(r.ok && r.next.deployment.state).toBe('in_progress_revert_vschema');
  });

  it('instant deployments cannot be reverted', () => {
    const r = applyAction(request('complete', { instantDdl: true }), { type: 'revert' }, { now, requireApproval: false });
    expect(r).toEqual({ ok: false, refusal: { kind: 'conflict', message: 'Instant deployments cannot be reverted' } });
  });

  it('skip-revert and complete-deploy close the request', () => {
    for (const [state, action] of [['complete_pending_revert', 'skip_revert'], ['complete_error', 'complete_deploy']] as const) {
      const r = applyAction(request(state), { type: action } as Action, { now, requireApproval: false });
      expect(r.ok && r.next).toMatchObject({ state: 'closed', closedAt: now, deployment: { state: 'complete', finalized: false } });
    }
  });
});
