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
  approve: { type: 'approve' },
  prepared: { type: 'prepared', result: { ok: true, plan: plan() } },
  submit_refused: { type: 'submit_refused', error: 'Duplicate column name' },
};

/** The table's columns. A missing or repeated action fails to compile, as does a row of another length. */
const columns = [
  'deploy', 'apply_deploy', 'cancel', 'revert', 'skip_revert', 'complete_deploy', 'force_cutover', 'close',
  'set_auto_cutover', 'set_auto_delete_branch', 'throttle', 'branch_changed', 'approve', 'prepared', 'submit_refused',
] as const satisfies readonly ActionName[];
type Missing = Exclude<ActionName, (typeof columns)[number]>;
const everyAction: [Missing] extends [never] ? true : Missing = true;

type Outcome = DeploymentState | 'same' | 'closed' | 'refused' | 'forbidden';
const R = 'refused' as const, S = 'same' as const;
type OutcomeRow<T extends readonly unknown[]> = { -readonly [K in keyof T]: Outcome };
type Row = OutcomeRow<typeof columns>;

/** Who acts in the table: not the request's author, so approving is allowed. */
const ctx = { now, requireApproval: false, actor: 'reviewer' };

/** Rows: states; columns: actions in the order of `columns`. */
const table: Record<DeploymentState, Row> = {
  //                        deploy      apply                  cancel                 revert                         skip        complete_deploy   force  close     auto   autodel throttle changed  approve prepared refused
  pending:                 [R,          R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, S,         S, 'ready', R],
  ready:                   ['queued',   R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, 'pending', S, S, R],
  no_changes:              [R,          R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, 'pending', S, S, R],
  error:                   [R,          R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, 'pending', S, S, R],
  queued:                  [R,          R,                     'cancelled',           R,                             R,          R,                R,     R,        S,     S,      S, S,         S, S, R],
  submitting:              [R,          R,                     'in_progress_cancel',  R,                             R,          R,                R,     R,        S,     S,      S, S,         S, S, 'complete_error'],
  in_progress:             [R,          R,                     'in_progress_cancel',  R,                             R,          R,                R,     R,        S,     S,      S, S,         S, S, R],
  in_progress_vschema:     [R,          R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S,         S, S, R],
  pending_cutover:         [R,          'in_progress_cutover', 'in_progress_cancel',  R,                             R,          R,                R,     R,        S,     S,      S, S,         S, S, R],
  in_progress_cutover:     [R,          R,                     R,                     R,                             R,          R,                S,     R,        R,     S,      S, S,         S, S, R],
  complete_pending_revert: [R,          R,                     R,                     'in_progress_revert',          'complete', R,                R,     R,        R,     S,      S, S,         S, S, R],
  complete:                [R,          R,                     R,                     R,                             R,          R,                R,     'closed', R,     S,      S, S,         S, S, R],
  in_progress_cancel:      [R,          R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S,         S, S, R],
  complete_cancel:         ['queued',   R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, S,         S, S, R],
  cancelled:               ['queued',   R,                     R,                     R,                             R,          R,                R,     'closed', S,     S,      S, S,         S, S, R],
  complete_error:          [R,          R,                     R,                     R,                             R,          'complete',       R,     R,        R,     S,      S, S,         S, S, R],
  in_progress_revert:      [R,          R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S,         S, S, R],
  in_progress_revert_vschema: [R,       R,                     R,                     R,                             R,          R,                R,     R,        R,     S,      S, S,         S, S, R],
  complete_revert:         [R,          R,                     R,                     R,                             R,          R,                R,     'closed', R,     S,      S, S,         S, S, R],
  complete_revert_error:   [R,          R,                     R,                     R,                             R,          'complete_revert', R,    R,        R,     S,      S, S,         S, S, R],
};

describe('every action in every deployment_state', () => {
  it('covers all 20 states and every action', () => {
    expect(Object.keys(table).sort()).toEqual([...deploymentStates].sort());
    expect(everyAction).toBe(true);
  });

  for (const state of deploymentStates) {
    columns.forEach((name, i) => {
      const action = actions[name];
      const expected = table[state][i]!;
      it(`${state} + ${action.type} -> ${expected}`, () => {
        const dr = request(state);
        const result = applyAction(dr, action, ctx);
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
    const r = applyAction(request('complete_cancel', { finishedAt: 'x', error: 'old' }), { type: 'deploy', instantDdl: false }, ctx);
    expect(r.ok && r.next.deployment).toMatchObject({ state: 'queued', queuedAt: now, finishedAt: null, error: null, migrationContext: `localscale:dr0000000001:${Date.parse(now)}` });
  });

  it('deploy needs an approval when the database requires one, with "approved" in the message', () => {
    const refused = applyAction(request('ready'), { type: 'deploy', instantDdl: false }, { ...ctx, requireApproval: true });
    expect(refused).toEqual({ ok: false, refusal: { kind: 'forbidden', message: expect.stringContaining('approved') } });
    const allowed = applyAction(request('ready', {}, { approved: true }), { type: 'deploy', instantDdl: false }, { ...ctx, requireApproval: true });
    expect(allowed.ok).toBe(true);
  });

  it('instant deploys need eligibility, and are always auto-applied', () => {
    const refused = applyAction(request('ready', { instantDdlEligible: false }), { type: 'deploy', instantDdl: true }, ctx);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal.kind).toBe('invalid');
    const ok = applyAction(request('ready'), { type: 'deploy', instantDdl: true }, ctx);
    expect(ok.ok && ok.next.deployment).toMatchObject({ instantDdl: true, autoCutover: true });
  });

  it('a closed request refuses everything but reports it is closed', () => {
    const r = applyAction(request('ready', {}, { state: 'closed' }), { type: 'deploy', instantDdl: false }, ctx);
    expect(r).toEqual({ ok: false, refusal: { kind: 'conflict', message: 'Deploy request #1 is closed' } });
  });

  it('revert goes through the VSchema phase first when VSchema was applied', () => {
    const withVSchema = plan({ keyspaces: [{ keyspace: 'app', changes: changes(), vschema: { before: null, after: { tables: {} } } }] });
    const r = applyAction(request('complete_pending_revert', { vschemaApplied: true }, { plan: withVSchema }), { type: 'revert' }, ctx);
    expect(r.ok && r.next.deployment.state).toBe('in_progress_revert_vschema');
  });

  it('instant deployments cannot be reverted', () => {
    const r = applyAction(request('complete', { instantDdl: true }), { type: 'revert' }, ctx);
    expect(r).toEqual({ ok: false, refusal: { kind: 'conflict', message: 'Instant deployments cannot be reverted' } });
  });

  it('skip-revert and complete-deploy close the request', () => {
    for (const [state, action] of [['complete_pending_revert', 'skip_revert'], ['complete_error', 'complete_deploy']] as const) {
      const r = applyAction(request(state), { type: action } as Action, ctx);
      expect(r.ok && r.next).toMatchObject({ state: 'closed', closedAt: now, deployment: { state: 'complete', finalized: false } });
    }
  });

  it('approve: sets approved; refused for the author (forbidden) and on a closed request (conflict)', () => {
    const r = applyAction(request('ready'), { type: 'approve' }, ctx);
    expect(r.ok && r.next.approved).toBe(true);
    expect(applyAction(request('ready'), { type: 'approve' }, { ...ctx, actor: 'author' }))
      .toEqual({ ok: false, refusal: { kind: 'forbidden', message: 'You cannot approve your own deploy request' } });
    expect(applyAction(request('complete', {}, { state: 'closed' }), { type: 'approve' }, { ...ctx, actor: 'author' }))
      .toEqual({ ok: false, refusal: { kind: 'conflict', message: 'Deploy request #1 is closed' } });
    // LocalScale's own (unauthenticated) requests have no author to compare with.
    expect(applyAction(request('ready', {}, { authorId: null }), { type: 'approve' }, { ...ctx, actor: null }).ok).toBe(true);
  });

  it('approve: refused for whoever created the service token that opened the request', () => {
    expect(applyAction(request('ready'), { type: 'approve' }, { ...ctx, actor: 'reviewer', authorCreator: 'reviewer' }))
      .toEqual({ ok: false, refusal: { kind: 'forbidden', message: 'You cannot approve a deploy request opened by a service token you created' } });
    expect(applyAction(request('ready'), { type: 'approve' }, { ...ctx, actor: 'reviewer', authorCreator: 'someone-else' }).ok).toBe(true);
    expect(applyAction(request('ready'), { type: 'approve' }, { ...ctx, actor: null, authorCreator: null }).ok).toBe(true);
  });

  it('records who acted in the same next state: the deployment actors, and closed_by', () => {
    const deployed = applyAction(request('ready'), { type: 'deploy', instantDdl: false }, ctx);
    expect(deployed.ok && deployed.next.actors).toEqual({ deployer: 'reviewer' });
    const cancelled = applyAction(request('in_progress', {}, { actors: { deployer: 'a' } }), { type: 'cancel' }, { ...ctx, actor: 'b' });
    expect(cancelled.ok && cancelled.next.actors).toEqual({ deployer: 'a', canceller: 'b' });
    const closed = applyAction(request('ready'), { type: 'close' }, ctx);
    expect(closed.ok && closed.next).toMatchObject({ state: 'closed', closedBy: 'reviewer', actors: {} });
    expect(applyAction(request('in_progress'), { type: 'cancel' }, ctx).ok).toBe(true);
    const refused = applyAction(request('ready'), { type: 'cancel' }, ctx);
    expect(refused.ok).toBe(false);
  });

  it('a prepared plan lands also on a request closed while it was pending, so it is not prepared forever', () => {
    const r = applyAction(request('pending', {}, { state: 'closed', plan: null }), { type: 'prepared', result: { ok: true, plan: plan() } }, ctx);
    expect(r.ok && r.next).toMatchObject({ state: 'closed', deployment: { state: 'ready', deployable: true } });
    const failed = applyAction(request('pending', {}, { plan: null }), { type: 'prepared', result: { ok: false, errors: 'Branch feature no longer exists' } }, ctx);
    expect(failed.ok && failed.next.deployment).toMatchObject({ state: 'error', deployCheckErrors: 'Branch feature no longer exists' });
  });

  it('a refused submission fails the deployment with Vitess\'s message', () => {
    const r = applyAction(request('submitting'), { type: 'submit_refused', error: 'Duplicate column name' }, ctx);
    expect(r.ok && r.next.deployment).toMatchObject({ state: 'complete_error', error: 'Duplicate column name', finishedAt: now });
  });
});
