// The processor's transitions in every deployment_state, from the migration rows Vitess reports.
import { describe, expect, it } from 'vitest';
import { decide, finalizeEffects, type TickView } from '../src/machine/decide.js';
import { deploymentStates } from '../src/machine/states.js';
import { deployStrategy, instantStrategy } from '../src/machine/strategy.js';
import { change, changes, now, plan, request, row } from './fixtures.js';

const view = (v: Partial<TickView> = {}): TickView => ({ now, rows: [], revertRows: [], canStart: true, revertWindowMs: 30 * 60_000, ...v });
const later = (ms: number) => new Date(Date.parse(now) + ms).toISOString();

describe('decide: every state', () => {
  it('pending asks for preparation', () => {
    expect(decide(request('pending'), view()).effects).toEqual([{ type: 'prepare' }]);
  });

  it.each(['ready', 'no_changes', 'error', 'complete_cancel', 'cancelled', 'complete_error', 'complete_revert_error'] as const)('%s is left alone by the processor', (state) => {
    const d = decide(request(state), view());
    expect(d.next.deployment.state).toBe(state);
  });

  it('queued waits for its turn, then starts submitting', () => {
    expect(decide(request('queued'), view({ canStart: false })).next.deployment.state).toBe('queued');
    const d = decide(request('queued'), view());
    expect(d.next.deployment).toMatchObject({ state: 'submitting', submittedAt: now });
  });

  it('submitting submits what is not submitted yet, then moves on when the rows exist', () => {
    const dr = request('submitting', {}, { plan: plan({ keyspaces: [{ keyspace: 'app', changes: changes('A1', 'A2'), vschema: null }, { keyspace: 'two', changes: changes('B1'), vschema: null }] }) });
    expect(decide(dr, view()).effects).toEqual([
      { type: 'submit', keyspace: 'app', statements: ['A1', 'A2'], ddlStrategy: deployStrategy, migrationContext: dr.deployment.migrationContext },
      { type: 'submit', keyspace: 'two', statements: ['B1'], ddlStrategy: deployStrategy, migrationContext: dr.deployment.migrationContext },
    ]);
    // A restart after the first statement of app was submitted resubmits only the rest.
    const partial = decide(dr, view({ rows: [row({ migration_uuid: 'u1', shard: '-80' }), row({ migration_uuid: 'u1', shard: '80-' })] }));
    expect(partial.effects.map((e) => e.type === 'submit' && [e.keyspace, e.statements])).toEqual([['app', ['A2']], ['two', ['B1']]]);
    const done = decide(dr, view({ rows: [row({ migration_uuid: 'u1' }), row({ migration_uuid: 'u2' }), row({ migration_uuid: 'u3', keyspace: 'two' })] }));
    expect(done.next.deployment).toMatchObject({ state: 'in_progress', startedAt: now });
  });

  it('submitting uses the instant strategy for instant deploys', () => {
    const d = decide(request('submitting', { instantDdl: true }), view());
    expect(d.effects[0]).toMatchObject({ type: 'submit', ddlStrategy: instantStrategy });
  });

  it('submitting with only VSchema changes goes straight to applying VSchema', () => {
    const dr = request('submitting', {}, { plan: plan({ keyspaces: [{ keyspace: 'app', changes: changes(), vschema: { before: {}, after: { sharded: false } } }] }) });
    const d = decide(dr, view());
    expect(d.next.deployment.state).toBe('in_progress_vschema');
    expect(d.effects[0]!.type).toBe('apply_vschema');
  });

  it('submitting applies the request throttle to the new migrations', () => {
    const d = decide(request('submitting', { throttle: { app: 40 } }), view({ rows: [row({ migration_uuid: 'u1' })] }));
    expect(d.effects).toEqual([{ type: 'throttle', keyspace: 'app', uuids: ['u1'], ratio: 40 }]);
  });

  it('in_progress: copying stays, all ready waits for the gate, or cuts over on auto-apply', () => {
    const copying = [row({ migration_uuid: 'u1', ready_to_complete: 0 }), row({ migration_uuid: 'u1', shard: '80-', ready_to_complete: 1 })];
    expect(decide(request('in_progress'), view({ rows: copying })).next.deployment.state).toBe('in_progress');
    const ready = [row({ migration_uuid: 'u1', ready_to_complete: 1 }), row({ migration_uuid: 'u2', migration_status: 'queued', ready_to_complete: 1 })];
    expect(decide(request('in_progress'), view({ rows: ready })).next.deployment).toMatchObject({ state: 'pending_cutover', readyToCutoverAt: now });
    const auto = decide(request('in_progress', { autoCutover: true }), view({ rows: ready }));
    expect(auto.next.deployment).toMatchObject({ state: 'in_progress_cutover', cutoverAt: now });
    expect(auto.effects).toEqual([{ type: 'complete_migrations', keyspace: 'app', uuids: ['u1', 'u2'] }]);
  });

  it('in_progress: a failed or cancelled migration fails the deployment with its message', () => {
    const d = decide(request('in_progress'), view({ rows: [row({ migration_status: 'failed', message: 'Duplicate entry' })] }));
    expect(d.next.deployment).toMatchObject({ state: 'complete_error', error: expect.stringContaining('Duplicate entry'), finishedAt: now });
  });

  it('in_progress: all complete (instant) finishes without a revert window and closes the request', () => {
    const d = decide(request('in_progress', { instantDdl: true }), view({ rows: [row({ migration_status: 'complete' })] }));
    expect(d.next).toMatchObject({ state: 'closed', deployedAt: now, deployment: { state: 'complete', finishedAt: now } });
  });

  it('pending_cutover waits for apply, or cuts over when auto-apply is switched on', () => {
    const rows = [row({ migration_uuid: 'u1', ready_to_complete: 1 })];
    expect(decide(request('pending_cutover'), view({ rows })).next.deployment.state).toBe('pending_cutover');
    expect(decide(request('pending_cutover', { autoCutover: true }), view({ rows })).next.deployment.state).toBe('in_progress_cutover');
  });

  it('in_progress_cutover completes postponed migrations until all are complete, then opens the revert window', () => {
    const waiting = [row({ migration_uuid: 'u1', ready_to_complete: 1, postpone_completion: 1 }), row({ migration_uuid: 'u2', migration_status: 'complete', postpone_completion: 0 })];
    expect(decide(request('in_progress_cutover'), view({ rows: waiting })).effects).toEqual([{ type: 'complete_migrations', keyspace: 'app', uuids: ['u1'] }]);
    const done = decide(request('in_progress_cutover'), view({ rows: [row({ migration_status: 'complete' })] }));
    expect(done.next).toMatchObject({ state: 'open', deployedAt: now, deployment: { state: 'complete_pending_revert', revertExpiresAt: later(30 * 60_000) } });
  });

  it('in_progress_cutover forces the cut-over when asked', () => {
    const rows = [row({ migration_uuid: 'u1', ready_to_complete: 1, postpone_completion: 0 })];
    const d = decide(request('in_progress_cutover', { forceCutoverRequestedAt: now }), view({ rows }));
    expect(d.effects).toEqual([{ type: 'force_cutover', keyspace: 'app', uuids: ['u1'] }]);
  });

  it('DDL then VSchema: in_progress_vschema applies it, then finishes', () => {
    const p = plan({ keyspaces: [{ keyspace: 'app', changes: changes('X'), vschema: { before: {}, after: { sharded: false } } }] });
    const d = decide(request('in_progress_cutover', {}, { plan: p }), view({ rows: [row({ migration_status: 'complete' })] }));
    expect(d.next.deployment.state).toBe('in_progress_vschema');
    expect(decide(request('in_progress_vschema', {}, { plan: p }), view()).effects[0]!.type).toBe('apply_vschema');
    expect(decide(request('in_progress_vschema', { vschemaApplied: true }, { plan: p }), view()).next.deployment.state).toBe('complete_pending_revert');
  });

  it('complete_pending_revert ends in complete when the window expires, and closes the request', () => {
    const open = request('complete_pending_revert', { revertExpiresAt: later(1000) });
    expect(decide(open, view()).next.deployment.state).toBe('complete_pending_revert');
    expect(decide(open, view({ now: later(1000) })).next).toMatchObject({ state: 'closed', deployment: { state: 'complete' } });
  });

  it('in_progress_cancel cancels pending migrations, then completes the cancel', () => {
    const rows = [row({ migration_uuid: 'u1', migration_status: 'running' }), row({ migration_uuid: 'u2', migration_status: 'cancelled' })];
    expect(decide(request('in_progress_cancel'), view({ rows })).effects).toEqual([{ type: 'cancel_migrations', keyspace: 'app', uuids: ['u1'] }]);
    const settled = [row({ migration_status: 'cancelled' })];
    expect(decide(request('in_progress_cancel'), view({ rows: settled })).next.deployment).toMatchObject({ state: 'complete_cancel', finishedAt: now });
    expect(decide(request('in_progress_cancel'), view()).next.deployment.state).toBe('complete_cancel');
  });

  it('in_progress_revert_vschema restores the VSchema, then reverts the DDL', () => {
    const p = plan({ keyspaces: [{ keyspace: 'app', changes: changes('X'), vschema: { before: {}, after: { sharded: false } } }] });
    expect(decide(request('in_progress_revert_vschema', {}, { plan: p }), view()).effects[0]!.type).toBe('restore_vschema');
    expect(decide(request('in_progress_revert_vschema', { vschemaReverted: true }, { plan: p }), view()).next.deployment.state).toBe('in_progress_revert');
  });

  it('in_progress_revert reverts completed migrations newest first, once each', () => {
    const rows = [
      row({ migration_uuid: 'old', migration_status: 'complete', completed_timestamp: '2026-01-20 10:00:01' }),
      row({ migration_uuid: 'new', migration_status: 'complete', completed_timestamp: '2026-01-20 10:00:02' }),
    ];
    const d = decide(request('in_progress_revert'), view({ rows }));
    expect(d.effects).toEqual([{ type: 'revert_migrations', keyspace: 'app', uuids: ['new', 'old'], ddlStrategy: expect.any(String), migrationContext: 'localscale:dr0000000001:1:revert' }]);
    const reverting = [row({ migration_uuid: 'r1', reverted_uuid: 'new', migration_status: 'running' }), row({ migration_uuid: 'r2', reverted_uuid: 'old', migration_status: 'queued' })];
    expect(decide(request('in_progress_revert'), view({ rows, revertRows: reverting })).next.deployment.state).toBe('in_progress_revert');
    const reverted = reverting.map((r) => ({ ...r, migration_status: 'complete' as const }));
    expect(decide(request('in_progress_revert'), view({ rows, revertRows: reverted })).next).toMatchObject({ state: 'closed', deployment: { state: 'complete_revert' } });
    const broken = [{ ...reverting[0]!, migration_status: 'failed' as const, message: 'data truncated' }];
    expect(decide(request('in_progress_revert'), view({ rows, revertRows: broken })).next.deployment).toMatchObject({ state: 'complete_revert_error', error: expect.stringContaining('data truncated') });
  });

  it('complete and complete_revert clean up artifacts and delete the branch when asked, once', () => {
    const rows = [row({ migration_uuid: 'u1', migration_status: 'complete' })];
    expect(finalizeEffects(request('complete', { autoDeleteBranch: true }), view({ rows }))).toEqual([
      { type: 'cleanup_migrations', keyspace: 'app', uuids: ['u1'] }, { type: 'delete_branch' },
    ]);
    expect(finalizeEffects(request('complete', { finalized: true }), view({ rows }))).toEqual([]);
    expect(finalizeEffects(request('complete_revert', { autoDeleteBranch: true }), view({ rows })).map((e) => e.type)).toEqual(['cleanup_migrations']);
  });

  it('decides something for every state', () => {
    for (const state of deploymentStates) expect(() => decide(request(state), view())).not.toThrow();
  });
});

import { deployOperations } from '../src/machine/operations.js';

describe('deploy operations', () => {
  it('take kind, table and data loss from the plan, not from the SQL', () => {
    const dr = request('ready', {}, { plan: plan({ keyspaces: [{ keyspace: 'app', changes: [change('ALTER TABLE `t` DROP COLUMN `c`', { dropsData: true }), change('DROP VIEW `v`', { kind: 'DROP VIEW', table: 'v' })], vschema: null }] }) });
    expect(deployOperations(dr, []).map((o) => [o.operation, o.table, o.canDropData])).toEqual([['ALTER', 't', true], ['DROP VIEW', 'v', false]]);
  });

  it('pending before submission, then per table from the shards\' rows', () => {
    const dr = request('in_progress', {}, { plan: plan({ keyspaces: [{ keyspace: 'app', changes: [change('ALTER TABLE `t` ADD COLUMN `c` int'), change('CREATE TABLE `u` (id int)', { kind: 'CREATE', table: 'u' })], vschema: null }] }) });
    expect(deployOperations(dr, []).map((o) => [o.table, o.operation, o.state])).toEqual([['t', 'ALTER', 'pending'], ['u', 'CREATE', 'pending']]);
    const rows = [
      row({ migration_uuid: 'a', shard: '-80', progress: 100, eta_seconds: 0, migration_status: 'complete' }),
      row({ migration_uuid: 'a', shard: '80-', progress: 50, eta_seconds: 12 }),
      row({ migration_uuid: 'b', shard: '-80', mysql_table: 'u', migration_status: 'queued', progress: 0, eta_seconds: -1 }),
    ];
    const ops = deployOperations(dr, rows);
    expect(ops[0]).toMatchObject({ table: 't', state: 'in_progress', progress: 75, etaSeconds: 12, shards: [{ shard: '-80', state: 'complete' }, { shard: '80-', state: 'in_progress' }] });
    expect(ops[1]).toMatchObject({ table: 'u', state: 'queued', etaSeconds: null });
  });
});
